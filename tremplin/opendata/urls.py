from django.urls import path

from tremplin.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.datapackage, name="datapackage"),
    path("data-inclusion/structures.json", views.di_structures, name="di_structures"),
    path("data-inclusion/services.json", views.di_services, name="di_services"),
    path("lieux-mediation-numerique.csv", views.lmn_csv, name="lmn_csv"),
    path("lieux-mediation-numerique.json", views.lmn_json, name="lmn_json"),
]
