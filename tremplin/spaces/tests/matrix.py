"""Permission-matrix rows of the spaces app (see ``tremplin.core.testing.matrix``)."""

from tremplin.core.testing.matrix import (
    ANY_STAFF,
    COORDINATORS_UP,
    REDIRECT,
    Row,
    cells,
    everyone,
    person_row,
)
from tremplin.spaces.models import Membership

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
    "spaces:partner_home": Row("/partner/", cells({"partner", "partner_b"})),
    "spaces:funder_home": Row("/funder/", cells({"funder"})),
}


def targets(person, *, space, helper, found) -> dict:
    return {
        "space": space.pk,
        "membership": space.memberships.filter(role=Membership.Role.VOLUNTEER).first().pk,
    }
