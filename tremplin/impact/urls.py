from django.urls import path

from tremplin.impact import views

app_name = "impact"
urlpatterns = [
    path("", views.dashboard, name="home"),
    path("export/<slug:key>.<str:fmt>", views.table_export, name="table_export"),
    path("rapport.pdf", views.report_pdf, name="report_pdf"),
    path("suivis/", views.follow_up_list, name="follow_up_list"),
    path("suivis/<int:pk>/", views.follow_up_record, name="follow_up_record"),
    path("suivis/<int:pk>/lien/", views.follow_up_send, name="follow_up_send"),
    path("reponse/<str:token>/", views.follow_up_answer, name="follow_up_answer"),
    path("cohortes/<int:pk>/simulateurs/", views.cohort_simulators, name="cohort_simulators"),
]
