"""Permission-matrix rows of the spaces app (see ``tremplin.core.testing.matrix``)."""

import datetime

from django.utils import timezone

from tremplin.core.testing.matrix import (
    ANY_STAFF,
    COORDINATORS_UP,
    LOGGED_IN,
    REDIRECT,
    Row,
    cells,
    everyone,
    person_row,
)
from tremplin.spaces import team
from tremplin.spaces.models import Availability, Closure, Membership

NOT_MEMBERS = {"admin", "outsider", "other_admin", "other_coordinator", "other_volunteer"}
MEMBERS = {"coordinator", "mediator", "volunteer"}
TEAM_MANAGERS = {"forbidden": {"mediator", "volunteer"}}

ROWS = {
    "spaces:directory": Row("/places/?where=67100", everyone()),
    "spaces:directory_space": Row("/places/{space}/", everyone()),
    "spaces:staff_home": Row("/staff/", cells(ANY_STAFF)),
    "spaces:space_detail": person_row("/staff/spaces/{space}/"),
    "spaces:membership_second_factor_reset": person_row(
        "/staff/spaces/{space}/team/{membership}/second-factor/reset/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        forbidden={"mediator", "volunteer"},
    ),
    "spaces:space_update": person_row(
        "/staff/spaces/{space}/edit/", COORDINATORS_UP, **TEAM_MANAGERS
    ),
    "spaces:closure_create": person_row(
        "/staff/spaces/{space}/closures/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        data={"starts_on": "2026-12-24", "ends_on": "2026-12-31"},
        **TEAM_MANAGERS,
    ),
    "spaces:closure_delete": person_row(
        "/staff/spaces/{space}/closures/{closure}/delete/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        **TEAM_MANAGERS,
    ),
    "spaces:team_list": person_row("/staff/spaces/{space}/team/", COORDINATORS_UP, **TEAM_MANAGERS),
    "spaces:invitation_create": person_row(
        "/staff/spaces/{space}/team/invite/", COORDINATORS_UP, **TEAM_MANAGERS
    ),
    "spaces:invitation_revoke": person_row(
        "/staff/spaces/{space}/team/invitations/{team_invitation}/revoke/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        **TEAM_MANAGERS,
    ),
    "spaces:membership_role_update": person_row(
        "/staff/spaces/{space}/team/{membership}/role/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        data={"role": "mediator"},
        **TEAM_MANAGERS,
    ),
    "spaces:membership_deactivate": person_row(
        "/staff/spaces/{space}/team/{membership}/deactivate/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        **TEAM_MANAGERS,
    ),
    "spaces:onboarding_step_create": person_row(
        "/staff/spaces/{space}/team/{membership}/onboarding/",
        COORDINATORS_UP,
        REDIRECT,
        method="post",
        data={"step": "shadowed"},
        **TEAM_MANAGERS,
    ),
    # A helper's own page: every staff member has one; the national team belongs to no space.
    "spaces:helper_home": Row("/staff/me/", cells(ANY_STAFF)),
    "spaces:charter_sign": Row(
        "/staff/me/charter/",
        cells(ANY_STAFF, REDIRECT, admin=403, other_admin=403),
        method="post",
    ),
    # Outside their spaces, the form answers « choisissez un de vos lieux » (200).
    "spaces:availability_create": Row(
        "/staff/me/availability/",
        cells(MEMBERS, REDIRECT, **dict.fromkeys(NOT_MEMBERS, 200)),
        method="post",
        data={"space": "{space}", "weekday": "6", "start_time": "09:00", "end_time": "10:00"},
    ),
    "spaces:availability_delete": Row(
        "/staff/me/availability/{availability}/delete/",
        cells({"mediator"}, REDIRECT),
        method="post",
    ),
    "spaces:helper_profile_update": Row(
        "/staff/me/profile/",
        cells(ANY_STAFF, REDIRECT),
        method="post",
        data={"topics": "smartphone"},
    ),
    "spaces:hours_entry_create": Row(
        "/staff/me/hours/",
        cells(MEMBERS, REDIRECT, **dict.fromkeys(NOT_MEMBERS, 200)),
        method="post",
        data={
            "space": "{space}",
            "worked_on": "{today}",
            "minutes": "30",
            "activity_text": "Forum",
        },
    ),
    # The sign-up page of an invitation; logged in, one is told to log out first (409).
    "spaces:invitation_accept": Row(
        "/join/{invitation_token}/", cells(LOGGED_IN, 409, anonymous=200)
    ),
    "spaces:partner_home": Row("/partner/", cells({"partner", "partner_b"}, REDIRECT)),
    "spaces:funder_home": Row("/funder/", cells({"funder"}, REDIRECT)),
}


def targets(person, *, space, helper, found) -> dict:
    coordinator = space.memberships.filter(role=Membership.Role.COORDINATOR).first().user
    _invitation, token = team.invite(space, role=Membership.Role.VOLUNTEER, by=coordinator)
    to_revoke, _token = team.invite(space, role=Membership.Role.VOLUNTEER, by=coordinator)
    today = timezone.localdate()
    closure = Closure.objects.create(
        space=space, starts_on=today, ends_on=today + datetime.timedelta(days=2)
    )
    availability = Availability.objects.create(
        space=space,
        user=helper,
        weekday=0,
        start_time=datetime.time(9),
        end_time=datetime.time(12),
    )
    return {
        "space": space.pk,
        "membership": space.memberships.filter(role=Membership.Role.VOLUNTEER).first().pk,
        "closure": closure.pk,
        "availability": availability.pk,
        "invitation_token": token,
        "team_invitation": to_revoke.pk,
        "today": today.isoformat(),
    }
