from django.urls import path

from tremplin.spaces import team_views, views

app_name = "spaces"
urlpatterns = [
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/spaces/<int:pk>/", views.space_detail, name="space_detail"),
    path(
        "staff/spaces/<int:pk>/team/<int:membership_pk>/second-factor/reset/",
        views.membership_second_factor_reset,
        name="membership_second_factor_reset",
    ),
    path("staff/spaces/<int:pk>/edit/", views.space_update, name="space_update"),
    path("staff/spaces/<int:pk>/closures/", views.closure_create, name="closure_create"),
    path(
        "staff/spaces/<int:pk>/closures/<int:closure_pk>/delete/",
        views.closure_delete,
        name="closure_delete",
    ),
    path("staff/spaces/<int:pk>/team/", team_views.team_list, name="team_list"),
    path(
        "staff/spaces/<int:pk>/team/invite/",
        team_views.invitation_create,
        name="invitation_create",
    ),
    path(
        "staff/spaces/<int:pk>/team/invitations/<int:invitation_pk>/revoke/",
        team_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "staff/spaces/<int:pk>/team/<int:membership_pk>/role/",
        team_views.membership_role_update,
        name="membership_role_update",
    ),
    path(
        "staff/spaces/<int:pk>/team/<int:membership_pk>/deactivate/",
        team_views.membership_deactivate,
        name="membership_deactivate",
    ),
    path(
        "staff/spaces/<int:pk>/team/<int:membership_pk>/onboarding/",
        team_views.onboarding_step_create,
        name="onboarding_step_create",
    ),
    path("staff/me/", team_views.helper_home, name="helper_home"),
    path("staff/me/charter/", team_views.charter_sign, name="charter_sign"),
    path("staff/me/availability/", team_views.availability_create, name="availability_create"),
    path(
        "staff/me/availability/<int:availability_pk>/delete/",
        team_views.availability_delete,
        name="availability_delete",
    ),
    path("staff/me/profile/", team_views.helper_profile_update, name="helper_profile_update"),
    path("staff/me/hours/", team_views.hours_entry_create, name="hours_entry_create"),
    path("join/<str:token>/", team_views.invitation_accept, name="invitation_accept"),
    path("partner/", views.partner_home, name="partner_home"),
    path("funder/", views.funder_home, name="funder_home"),
    path("places/", views.directory, name="directory"),
    path("places/<int:pk>/", views.directory_space, name="directory_space"),
]
