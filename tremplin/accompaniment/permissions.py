"""Write permissions on accompaniments, read from the capability table. Reads go through
``people.access.fetch_person`` and the record-scoped ``visible_to`` querysets."""

from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can


def can_accompany(user, person) -> bool:
    """Every staff role of the person's space logs the help given."""
    return can(user, Capability.ACCOMPANY, person.home_space) and not person.is_anonymised


def can_plan_support(user, person) -> bool:
    """Support plans are kept by mediators, coordinators and the national team."""
    return can(user, Capability.SUPPORT_PLAN, person.home_space) and not person.is_anonymised


def can_record_mandate(user, person) -> bool:
    """A mandate commits the network: mediators, coordinators and the national team."""
    return can(user, Capability.MANDATE, person.home_space) and not person.is_anonymised
