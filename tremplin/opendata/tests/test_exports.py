"""The open-data files of the demo network, validated against the national schemas as
published (copied in ``tests/schemas/``: data·inclusion v1 with jsonschema, lieux de médiation
numérique v1.0.2 with frictionless)."""

import csv
import io
import json
import logging
import random
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
from faker import Faker
from frictionless import Resource, Schema, validate

from tremplin.opendata import exports
from tremplin.spaces import demo
from tremplin.spaces.models import Space
from tremplin.spaces.tests.factories import make_space

# The two standards' schema files, copied unchanged (sources and commits in each SOURCE.txt).
SCHEMAS = Path(__file__).resolve().parent / "schemas"
DATA_INCLUSION = SCHEMAS / "data-inclusion-v1"
LIEUX = SCHEMAS / "lieux-mediation-numerique"


@pytest.fixture
def demo_spaces(db):
    faker = Faker("fr_FR")
    faker.seed_instance(1)
    demo.seed(SimpleNamespace(rng=random.Random(1), faker=faker, stdout=io.StringIO()))
    return Space.objects.open_to_public()


def _validator(name: str):
    path = DATA_INCLUSION / f"{name}.json"
    assert path.exists(), f"the data·inclusion schema is expected at {path}"
    schema = json.loads(path.read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _lmn_schema() -> Schema:
    path = LIEUX / "schema.json"
    assert path.exists(), f"the lieux de médiation numérique schema is expected at {path}"
    return Schema.from_descriptor(json.loads(path.read_text()))


def _errors(validator, rows) -> list[str]:
    return [f"{row['id']}: {error.message}" for row in rows for error in validator.iter_errors(row)]


def test_structures_follow_data_inclusion_v1(client, demo_spaces):
    response = client.get("/opendata/data-inclusion/structures.json")
    assert response.status_code == 200
    assert "etalab.gouv.fr/licence-ouverte" in response["Link"]
    rows = response.json()
    assert len(rows) == demo_spaces.count() == 14
    assert _errors(_validator("structure"), rows) == []
    strasbourg = next(row for row in rows if row["id"] == "reseau-tremplin--strasbourg")
    assert strasbourg["code_insee"] == "67482"
    assert strasbourg["horaires_accueil"].endswith("; PH off")


def test_services_follow_data_inclusion_v1(client, demo_spaces):
    rows = client.get("/opendata/data-inclusion/services.json").json()
    assert _errors(_validator("service"), rows) == []
    assert len(rows) == sum(len(space.services) for space in demo_spaces)
    ids = {row["id"] for row in rows}
    assert len(ids) == len(rows)
    equipment = next(row for row in rows if row["id"].endswith("--materiel-prix-solidaire"))
    assert equipment["thematiques"] == ["numerique--acquerir-un-equipement"]
    assert equipment["frais"] == "payant"
    structures = {
        row["id"] for row in client.get("/opendata/data-inclusion/structures.json").json()
    }
    assert {row["structure_id"] for row in rows} <= structures


def test_places_follow_the_lieux_de_mediation_numerique_csv_schema(client, demo_spaces, tmp_path):
    response = client.get("/opendata/lieux-mediation-numerique.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "etalab.gouv.fr/licence-ouverte" in response["Link"]
    (tmp_path / "lieux.csv").write_bytes(response.content)
    report = validate(Resource(path="lieux.csv", basepath=str(tmp_path), schema=_lmn_schema()))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 14
    assert rows[0]["id"] == "reseau-tremplin--strasbourg"


def test_places_follow_the_lieux_de_mediation_numerique_schema_in_json(client, demo_spaces):
    rows = client.get("/opendata/lieux-mediation-numerique.json").json()
    table = [exports.LMN_FIELDS] + [[row[name] for name in exports.LMN_FIELDS] for row in rows]
    report = validate(Resource(data=table, schema=_lmn_schema()))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    services = {value for row in rows for value in row["services"].split("|")}
    assert "Acquisition de matériel informatique à prix solidaire" in services


def test_identifiers_are_stable_across_edits(client, demo_spaces):
    before = {row["id"] for row in client.get("/opendata/lieux-mediation-numerique.json").json()}
    Space.objects.filter(slug="lyon").update(name="Tremplin Lyon 7e", summary="Nouveau texte")
    after = {row["id"] for row in client.get("/opendata/lieux-mediation-numerique.json").json()}
    assert before == after


def test_an_invalid_space_is_left_out_with_a_warning(client, demo_spaces, caplog, tmp_path):
    organisation = demo_spaces.first().organisation
    make_space(organisation, name="Sans adresse", address="", town="", postcode="67100")
    make_space(organisation, name="Code inconnu", postcode="00000", town="Nulle part")
    with caplog.at_level(logging.WARNING, logger="tremplin.opendata.exports"):
        structures = client.get("/opendata/data-inclusion/structures.json").json()
        response = client.get("/opendata/lieux-mediation-numerique.csv")
    names = {row["nom"] for row in structures}
    assert "Sans adresse" not in names and "Code inconnu" not in names
    assert len(structures) == 14
    assert _errors(_validator("structure"), structures) == []
    (tmp_path / "lieux.csv").write_bytes(response.content)
    assert validate(Resource(path="lieux.csv", basepath=str(tmp_path), schema=_lmn_schema())).valid
    assert "left out" in caplog.text
    page = client.get("/opendata/").text
    assert "Sans adresse" in page and "pas d&#x27;adresse" in page
    assert "le code postal 00000 n&#x27;existe pas" in page


def test_unreadable_contacts_are_left_empty_rather_than_breaking_the_file(client, demo_spaces):
    Space.objects.filter(slug="lyon").update(phone="04 78", email="pas-un-courriel")
    rows = client.get("/opendata/data-inclusion/structures.json").json()
    lyon = next(row for row in rows if row["id"].endswith("--lyon"))
    assert lyon["telephone"] is None and lyon["courriel"] is None
    assert _errors(_validator("structure"), rows) == []


def test_the_data_package_names_each_file_and_the_licence(client, demo_spaces):
    package = client.get("/opendata/datapackage.json").json()
    assert package["licenses"][0]["name"] == "etalab-2.0"
    paths = [resource["path"] for resource in package["resources"]]
    assert any(path.endswith("/opendata/lieux-mediation-numerique.csv") for path in paths)
    for path in paths:
        assert client.get(path).status_code == 200


def test_no_person_or_staff_member_is_published(client, demo_spaces):
    text = client.get("/opendata/lieux-mediation-numerique.json").text
    assert "Claire" not in text and "Muller" not in text  # the demo coordinator
