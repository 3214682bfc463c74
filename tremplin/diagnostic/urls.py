from django.urls import path

from tremplin.diagnostic import views

app_name = "diagnostic"
urlpatterns = [
    path("", views.start, name="start"),
    path("reprendre/", views.session_resume, name="session_resume"),
    path("t/<str:code>/depart/", views.session_screening, name="session_screening"),
    path("t/<str:code>/", views.session_question, name="session_question"),
    path("r/<str:token>/", views.session_result, name="session_result"),
    path("r/<str:token>/envoyer/", views.session_result_email, name="session_result_email"),
    path("personne/<int:person_id>/", views.person_diagnostics, name="person_diagnostics"),
    path("suivi/<int:pk>/", views.session_detail, name="session_detail"),
]
