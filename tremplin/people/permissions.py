"""Write permissions on people, read from the capability table. Reads are scoped by
``Person.objects.visible_to`` through ``people.access.fetch_person``."""

from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import can, holds_anywhere, spaces_where


def intake_spaces(user):
    """The spaces where the user may record an intake."""
    return spaces_where(user, Capability.INTAKE).order_by("town", "name")


def can_edit_person(user, person) -> bool:
    return can(user, Capability.INTAKE, person.home_space) and not person.is_anonymised


def can_export_person(user, person) -> bool:
    return can(user, Capability.EXPORT_PERSON, person.home_space)


def can_erase_person(user, person) -> bool:
    """Erasure and withdrawal of consent are irreversible: coordinators and the national team."""
    return can(user, Capability.ERASE_PERSON, person.home_space) and not person.is_anonymised


def can_read_journal(user) -> bool:
    return holds_anywhere(user, Capability.READ_JOURNAL)
