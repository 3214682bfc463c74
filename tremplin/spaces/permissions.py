"""Who may do what in a space. Reads are scoped by ``visible_to`` querysets; these predicates
answer the write questions from the one table of ``capabilities``, and views raise
PermissionDenied when one is false."""

from tremplin.spaces.capabilities import NATIONAL_TEAM, Capability, capabilities_of
from tremplin.spaces.models import Space, organisation_id_of, space_roles_of


def role_in(user, space: Space) -> str | None:
    """The user's role in this space: ``"admin"`` for the national team of the space's own
    organisation, the membership's role for staff, None otherwise."""
    if not user.is_authenticated:
        return None
    if user.is_administrator:
        return NATIONAL_TEAM if space.organisation_id == organisation_id_of(user) else None
    return space_roles_of(user).get(space.pk)


def can(user, capability: Capability, space: Space) -> bool:
    return capability in capabilities_of(role_in(user, space))


def space_ids_where(user, capability: Capability) -> list[int]:
    """Ids of the spaces where a staff member holds ``capability`` (no query once the roles are
    read). The national team holds everything in its organisation: scope it with that instead."""
    roles = space_roles_of(user)
    return [pk for pk, role in roles.items() if capability in capabilities_of(role)]


def spaces_where(user, capability: Capability):
    """The spaces of the user's scope where they hold ``capability``."""
    spaces = Space.objects.visible_to(user)
    if user.is_administrator:
        return spaces
    return spaces.filter(pk__in=space_ids_where(user, capability))


def holds_anywhere(user, capability: Capability) -> bool:
    if user.is_administrator:
        return organisation_id_of(user) is not None
    return any(capability in capabilities_of(role) for role in space_roles_of(user).values())


def is_space_staff(user) -> bool:
    """Works in at least one space of their organisation, or is its national team."""
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return organisation_id_of(user) is not None
    return bool(space_roles_of(user))


def can_coordinate(user, space: Space) -> bool:
    return can(user, Capability.MANAGE_TEAM, space)
