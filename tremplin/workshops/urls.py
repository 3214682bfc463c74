from django.urls import path

from tremplin.workshops import calendar_views, cohort_views, dropin_views, views

app_name = "workshops"
urlpatterns = [
    # Public: the agenda and booking without an account.
    path("", views.agenda, name="agenda"),
    path("seances/<int:pk>/", views.session_detail, name="session_detail"),
    path("seances/<int:pk>/reserver/", views.booking_create, name="booking_create"),
    path("reservation/", views.booking_find, name="booking_find"),
    path("reservation/<str:code>/", views.booking_detail, name="booking_detail"),
    path("reservation/<str:code>/annuler/", views.booking_cancel, name="booking_cancel"),
    path("reservation/<str:code>/changer/", views.booking_move, name="booking_move"),
    path("reservation/<str:code>/avis/", views.satisfaction_create, name="satisfaction_create"),
    path("agenda/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    # Staff.
    path("equipe/", views.session_list, name="session_list"),
    path("equipe/nouvelle/", views.session_create, name="session_create"),
    path("equipe/seances/<int:pk>/", views.session_manage, name="session_manage"),
    path("equipe/seances/<int:pk>/appel/", views.attendance_update, name="attendance_update"),
    path("equipe/seances/<int:pk>/sur-place/", views.walk_in_create, name="walk_in_create"),
    path("equipe/seances/<int:pk>/changer/", views.session_change, name="session_change"),
    path("equipe/seances/<int:pk>/annuler/", views.session_cancel, name="session_cancel"),
    path(
        "equipe/inscriptions/<int:pk>/avis/",
        views.satisfaction_tablet,
        name="satisfaction_tablet",
    ),
    path("equipe/series/<int:pk>/annuler/", views.series_cancel, name="series_cancel"),
    path("equipe/seances/<int:pk>/file/", dropin_views.queue_detail, name="queue_detail"),
    path("equipe/seances/<int:pk>/file/arrivee/", dropin_views.queue_join, name="queue_join"),
    path("equipe/seances/<int:pk>/file/suivant/", dropin_views.queue_call, name="queue_call"),
    path("equipe/file/<int:pk>/fin/", dropin_views.queue_finish, name="queue_finish"),
    path("equipe/file/<int:pk>/partie/", dropin_views.queue_leave, name="queue_leave"),
    path("equipe/seances/<int:pk>/aides/", calendar_views.session_helpers, name="session_helpers"),
    path("equipe/mon-agenda/", calendar_views.my_agenda, name="my_agenda"),
    path("equipe/mon-agenda/adresse/", calendar_views.feed_renew, name="feed_renew"),
    path(
        "equipe/mon-agenda/adresse/<int:pk>/arreter/",
        calendar_views.feed_revoke,
        name="feed_revoke",
    ),
    path("equipe/cohortes/", cohort_views.cohort_list, name="cohort_list"),
    path("equipe/cohortes/nouvelle/", cohort_views.cohort_create, name="cohort_create"),
    path("equipe/cohortes/<int:pk>/", cohort_views.cohort_detail, name="cohort_detail"),
    path(
        "equipe/personnes/<int:pk>/cohorte/",
        cohort_views.person_cohort_add,
        name="person_cohort_add",
    ),
    path(
        "equipe/personnes/<int:pk>/inscrire/",
        views.person_booking_create,
        name="person_booking_create",
    ),
]
