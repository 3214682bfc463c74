from django.urls import path

from tremplin.partners import import_views, staff_views, views

app_name = "partners"
urlpatterns = [
    # Advisers of a partner organisation.
    path("", views.home, name="home"),
    path("orienter/", views.referral_create, name="referral_create"),
    path("orientations/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("organisation/", views.partner_detail, name="partner_detail"),
    path("organisation/inviter/", views.adviser_invite, name="adviser_invite"),
    path("prevenir/", views.notification_update, name="notification_update"),
    path("cohorte/", import_views.import_create, name="import_create"),
    path("cohorte/importer/", import_views.import_confirm, name="import_confirm"),
    path("cohorte/modele.<str:extension>", import_views.import_template, name="import_template"),
    path("invitation/<str:uid>/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # Staff of the spaces.
    path("organisations/", views.partner_list, name="partner_list"),
    path("recues/", staff_views.received_list, name="received_list"),
    path("recues/<int:pk>/", staff_views.referral_manage, name="referral_manage"),
    path("recues/<int:pk>/recevoir/", staff_views.referral_receive, name="referral_receive"),
    path("recues/<int:pk>/avancer/", staff_views.referral_advance, name="referral_advance"),
    path("recues/<int:pk>/cloturer/", staff_views.referral_close, name="referral_close"),
    path("recues/<int:pk>/rattacher/", staff_views.referral_attach, name="referral_attach"),
]
