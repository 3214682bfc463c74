from django.urls import path

from tremplin.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("journal/", views.journal_list, name="journal_list"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_update, name="person_update"),
    path("<int:pk>/export.json", views.person_export, name="person_export"),
    path("<int:pk>/export.pdf", views.person_export_pdf, name="person_export_pdf"),
    path("<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("<int:pk>/consent/withdraw/", views.consent_withdraw, name="consent_withdraw"),
]
