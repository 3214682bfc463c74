from django.urls import path

from tremplin.learning import cv_views, guide_views, views

app_name = "learning"
urlpatterns = [
    path("", views.home, name="home"),
    path("pathways/<slug:slug>/", views.pathway_detail, name="pathway_detail"),
    path("modules/<slug:slug>/", views.module_detail, name="module_detail"),
    path("modules/<slug:slug>/<str:stem>/", views.page_detail, name="page_detail"),
    path("pictures/<slug:slug>/<str:name>", views.picture, name="picture"),
    path("certificates/<str:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("verify/", views.certificate_verify, name="certificate_verify"),
    path("cv/", cv_views.cv_builder, name="cv_builder"),
    path("guides/", guide_views.guide_list, name="guide_list"),
    path("guides/<slug:slug>/", guide_views.guide_detail, name="guide_detail"),
    path("guides/<slug:slug>.pdf", guide_views.guide_pdf, name="guide_pdf"),
    path("login/", views.code_login, name="code_login"),
    path("card/<str:token>/", views.card_login, name="card_login"),
    path("people/<int:pk>/", views.person_learning, name="person_learning"),
    path("people/<int:pk>/account/", views.person_account_create, name="person_account_create"),
    path("people/<int:pk>/code/", views.person_code_reset, name="person_code_reset"),
    path("people/<int:pk>/code/unlock/", views.person_code_unlock, name="person_code_unlock"),
    path("people/<int:pk>/card/", views.person_card_print, name="person_card_print"),
    path("people/<int:pk>/card/revoke/", views.person_card_revoke, name="person_card_revoke"),
]
