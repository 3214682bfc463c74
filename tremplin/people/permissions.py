"""Write permissions on people. Reads are scoped by ``Person.objects.visible_to``."""

from tremplin.spaces.models import Membership, Space
from tremplin.spaces.permissions import can_coordinate, can_support_people


def intake_spaces(user):
    """The spaces where the user may record an intake: every staff role of theirs welcomes."""
    return Space.objects.visible_to(user).order_by("town", "name")


def can_edit_person(user, person) -> bool:
    return can_support_people(user, person.home_space)


def can_erase_person(user, person) -> bool:
    """Erasure and withdrawal of consent are irreversible: coordinators and the national team."""
    return can_coordinate(user, person.home_space)


def can_read_journal(user) -> bool:
    return user.is_authenticated and (
        user.is_administrator or user.memberships.filter(role=Membership.Role.COORDINATOR).exists()
    )
