from django.db.models import Count

from tremplin.core.privacy import hide_small_count
from tremplin.core.text import fold_name
from tremplin.spaces.models import Membership, Space, department_of


def find_spaces_near(where: str, *, spaces=None) -> list[Space]:
    """Public spaces for a postcode or a town: same town first, then the same department.

    Without a geocoding service the department is our notion of "near"; a postcode of five digits
    gives its department, a town name matches by its normalised spelling.
    """
    spaces = list(spaces if spaces is not None else Space.objects.open_to_public())
    query = fold_name(where)
    # ASCII digits only: other scripts' digits pass isdigit() but are no French postcode.
    if query.isascii() and query.isdigit() and len(query) in (2, 3, 5):
        department = department_of(query) if len(query) == 5 else query
        same_place = [space for space in spaces if space.postcode == query]
        same_department = [
            space for space in spaces if space.department == department and space not in same_place
        ]
        return same_place + same_department
    same_town = [space for space in spaces if fold_name(space.town) == query]
    departments = {space.department for space in same_town}
    partial = [
        space
        for space in spaces
        if space not in same_town
        and (query in fold_name(space.town) or space.department in departments)
    ]
    return same_town + partial


def network_figures(organisation) -> dict:
    """Aggregates a funder may read: no person, and staff counts under 5 hidden."""
    spaces = Space.objects.filter(organisation=organisation, is_active=True)
    by_department = spaces.values("department").annotate(spaces=Count("id")).order_by("department")
    roles = (
        Membership.objects.filter(organisation=organisation)
        .values("role")
        .annotate(people=Count("user", distinct=True))
    )
    return {
        "spaces": spaces.count(),
        "towns": spaces.values("town").distinct().count(),
        "by_department": list(by_department),
        "staff": {
            Membership.Role(row["role"]).label: hide_small_count(row["people"]) for row in roles
        },
    }
