from django.urls import path

from tremplin.simulators import staff_views, views

app_name = "simulators"
urlpatterns = [
    path("", views.index, name="index"),
    path("fichiers/<slug:name>.pdf", views.sample_file, name="sample_file"),
    path("equipe/personnes/<int:pk>/", staff_views.person_simulators, name="person_simulators"),
    path("<slug:slug>/", views.simulator_detail, name="simulator_detail"),
    path("<slug:slug>/terminer/", views.attempt_finish, name="attempt_finish"),
    path("<slug:slug>/bilan/", views.attempt_result, name="attempt_result"),
    path("<slug:slug>/mes-fichiers/<slug:purpose>/", views.upload_file, name="upload_file"),
    path("<slug:slug>/<slug:name>/", views.screen, name="screen"),
]
