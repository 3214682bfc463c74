"""Who may do what in a space. Reads are scoped by ``Space.objects.visible_to``; these predicates
answer the write questions, and views raise PermissionDenied when one is false."""

from tremplin.spaces.models import Membership, Space

STAFF_ROLES_WITH_PEOPLE = {
    Membership.Role.VOLUNTEER,
    Membership.Role.MEDIATOR,
    Membership.Role.COORDINATOR,
}


def role_in(user, space: Space) -> str | None:
    """The user's role in this space, ``"admin"`` for the national team, None otherwise."""
    if not user.is_authenticated:
        return None
    if user.is_administrator:
        return "admin"
    membership = Membership.objects.filter(user=user, space=space).only("role").first()
    return membership.role if membership else None


def works_in(user, space: Space) -> bool:
    return role_in(user, space) is not None


def can_coordinate(user, space: Space) -> bool:
    return role_in(user, space) in {"admin", Membership.Role.COORDINATOR}


def can_support_people(user, space: Space) -> bool:
    """Volunteers, mediators and coordinators welcome and help people in their spaces."""
    return role_in(user, space) in {"admin", *STAFF_ROLES_WITH_PEOPLE}


def is_space_staff(user) -> bool:
    return user.is_authenticated and (user.is_administrator or user.memberships.exists())
