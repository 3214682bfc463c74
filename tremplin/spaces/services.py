import math
from dataclasses import dataclass

from django.db.models import Count

from tremplin.core.privacy import hide_small_count
from tremplin.spaces import places
from tremplin.spaces.models import Membership, Space


@dataclass(frozen=True)
class NearbySpace:
    space: Space
    # None when neither the space nor the place searched could be placed.
    distance_km: int | None
    is_same_town: bool = False


def space_position(space: Space) -> tuple[float, float] | None:
    if space.latitude is not None and space.longitude is not None:
        return float(space.latitude), float(space.longitude)
    department = places.departments().get(space.department)
    return (department.latitude, department.longitude) if department else None


def find_spaces_near(where: str, *, spaces=None, limit: int = 6) -> list[NearbySpace]:
    """Public spaces nearest to a postcode or a town, typos included (``places.find_commune``):
    those of the same town first, then by distance, at most ``limit`` (all of the same town).

    The place searched is its commune; it stands where a space of ours in that commune stands,
    else at its département's prefecture. An unknown place finds nothing.
    """
    spaces = list(spaces if spaces is not None else Space.objects.open_to_public())
    commune = places.find_commune(where)
    if commune is None:
        return []
    same_town = [
        space
        for space in spaces
        if space.postcode in commune.postcodes
        and places.folded(space.town)
        in (
            places.folded(commune.name),
            places.folded(commune.name).split(" ")[0],
        )
    ]
    origin = space_position(same_town[0]) if same_town else places.position_of(commune)
    found = []
    for space in spaces:
        position = space_position(space)
        distance = round(places.distance_km(origin, position)) if origin and position else None
        found.append(NearbySpace(space, distance, space in same_town))
    found.sort(
        key=lambda near: (
            not near.is_same_town,
            near.distance_km if near.distance_km is not None else math.inf,
            near.space.name,
        )
    )
    if origin is None:
        found = [
            near
            for near in found
            if near.is_same_town or near.space.department == commune.department
        ]
    return found[: max(limit, len(same_town))]


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
