"""Write permissions on accompaniments. Reads go through ``visible_to`` (people's scope)."""

from tremplin.spaces.permissions import can_support_people


def can_accompany(user, person) -> bool:
    """Volunteers, mediators and coordinators of the person's space, and the national team."""
    return can_support_people(user, person.home_space) and not person.is_anonymised
