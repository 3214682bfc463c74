from django.urls import path

from tremplin.accompaniment import views

app_name = "accompaniment"
urlpatterns = [
    path("", views.accompaniment_list, name="accompaniment_list"),
    path("people/<int:pk>/new/", views.accompaniment_create, name="accompaniment_create"),
    path("people/<int:pk>/mandates/", views.mandate_list, name="mandate_list"),
    path("people/<int:pk>/plan/", views.plan_detail, name="plan_detail"),
    path("mandates/<int:pk>/revoke/", views.mandate_revoke, name="mandate_revoke"),
    path("mandates/<int:pk>/mandat.pdf", views.mandate_pdf, name="mandate_pdf"),
    path("goals/<int:pk>/steps/", views.step_create, name="step_create"),
    path("steps/<int:pk>/", views.step_update, name="step_update"),
]
