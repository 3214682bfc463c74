from django.urls import path

from tremplin.spaces import views

app_name = "spaces"
urlpatterns = [
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/spaces/<int:pk>/", views.space_detail, name="space_detail"),
    path(
        "staff/spaces/<int:pk>/team/<int:membership_pk>/second-factor/reset/",
        views.membership_second_factor_reset,
        name="membership_second_factor_reset",
    ),
    path("partner/", views.partner_home, name="partner_home"),
    path("funder/", views.funder_home, name="funder_home"),
    path("places/", views.directory, name="directory"),
    path("places/<int:pk>/", views.directory_space, name="directory_space"),
]
