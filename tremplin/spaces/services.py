import math
from dataclasses import dataclass

from tremplin.spaces import places
from tremplin.spaces.models import Space


@dataclass(frozen=True)
class NearbySpace:
    space: Space
    # None when neither the space nor the place searched could be placed.
    distance_km: int | None
    is_same_town: bool = False


def space_position(space: Space) -> tuple[float, float] | None:
    if space.latitude is not None and space.longitude is not None:
        return float(space.latitude), float(space.longitude)
    commune = places.commune_of(space.postcode, space.town) or next(
        iter(places.communes_for_postcode(space.postcode)), None
    )
    return places.position_of(commune) if commune else None


def _in_commune(space: Space, commune: places.Commune) -> bool:
    name = places.folded(commune.name)
    return space.postcode in commune.postcodes and places.folded(space.town) in (
        name,
        name.split(" ")[0],  # « Lyon » for « Lyon 7e Arrondissement »
    )


def directory_search(
    where: str, *, spaces=None, limit: int = 6
) -> tuple[places.Commune | None, list[NearbySpace]]:
    """The commune meant by ``where`` and the public spaces nearest to it: those of the same
    town first, then by distance, at most ``limit`` (all of the same town).

    Among homonyms, the commune where a space of ours stands wins (« Saint-Denis » is the one of
    our space before the larger one in La Réunion), else the most populated. The place searched
    stands where our space in that commune stands, else at the commune's position (see
    ``places``). An unknown place finds nothing.
    """
    spaces = list(spaces if spaces is not None else Space.objects.open_to_public())
    candidates = places.find_communes(where)
    if not candidates:
        return None, []
    commune = next(
        (c for c in candidates if any(_in_commune(space, c) for space in spaces)), candidates[0]
    )
    same_town = [space for space in spaces if _in_commune(space, commune)]
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
    return commune, found[: max(limit, len(same_town))]


def find_spaces_near(where: str, *, spaces=None, limit: int = 6) -> list[NearbySpace]:
    """The places of ``directory_search``, without the commune."""
    return directory_search(where, spaces=spaces, limit=limit)[1]
