"""The vocabulary of the project-wide permission matrix (decision 0006).

Each app states its own rows in ``tremplin/<app>/tests/matrix.py``: a ``ROWS`` dict keyed by URL
name, and optionally ``targets(person, *, space, helper, found)`` returning the values that fill
its rows' paths (``found`` holds what the apps before it returned). The matrix test in
``core/tests/test_permission_matrix.py`` gathers them all.
"""

from dataclasses import dataclass, field

from conftest import ROLES

LOGIN = "login"
REDIRECT = "redirect"
COLUMNS = [*ROLES, "anonymous"]

IN_SCOPE = {"admin", "coordinator", "mediator", "volunteer"}
MEDIATORS_UP = {"admin", "coordinator", "mediator"}
COORDINATORS_UP = {"admin", "coordinator"}
OTHER_STAFF = {"other_admin", "other_coordinator", "other_volunteer"}
ANY_STAFF = IN_SCOPE | {"outsider"} | OTHER_STAFF
LOGGED_IN = set(ROLES)
# The second organisation's personas stand where the first's stand when the targets are in Nancy.
MIRROR = {
    "other_admin": "admin",
    "other_coordinator": "coordinator",
    "other_volunteer": "volunteer",
}


def cells(granted=(), status=200, *, forbidden=(), others=404, anonymous=LOGIN, **exact) -> dict:
    """A row's expectations: ``granted`` get ``status``, ``forbidden`` get 403, everyone else
    ``others``; ``exact`` overrides single columns."""
    expected = {column: others for column in ROLES}
    expected.update(dict.fromkeys(forbidden, 403))
    expected.update(dict.fromkeys(granted, status))
    expected["anonymous"] = anonymous
    expected.update(exact)
    return expected


def everyone(status=200) -> dict:
    return cells(LOGGED_IN, status, anonymous=status)


@dataclass
class Row:
    path: str
    expected: dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    # Reaches a record of an organisation: played again on the second organisation's targets.
    scoped: bool = False
    # Public files that may be cached (pictures), where no-store is not required.
    cacheable: bool = False


def person_row(path, granted=IN_SCOPE, status=200, *, method="get", data=None, forbidden=()):
    return Row(
        path,
        cells(granted, status, forbidden=forbidden),
        method=method,
        data=data or {},
        scoped=True,
    )
