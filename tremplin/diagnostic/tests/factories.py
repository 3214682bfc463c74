"""Test data for the diagnostic: synthetic item parameters, small content banks on disk, people
and diagnostic sessions."""

from itertools import count
from pathlib import Path

import numpy as np
import yaml
from faker import Faker

from tremplin.diagnostic.engine import AREAS, ItemParameters
from tremplin.people.models import Person
from tremplin.spaces.models import Space

fake = Faker("fr_FR")
_sequence = count(1)


def synthetic_parameters(per_area: int = 12, seed: int = 0) -> list[ItemParameters]:
    """A plausible bank: easy device items, the other areas spread over the scale."""
    rng = np.random.default_rng(seed)
    items = []
    for area in AREAS:
        for number in range(per_area):
            low, high = (-3.0, -0.3) if area == "device" else (-2.0, 2.5)
            items.append(
                ItemParameters(
                    f"{area}-{number:02d}",
                    area,
                    float(rng.uniform(0.8, 2.0)),
                    float(rng.uniform(low, high)),
                )
            )
    return items


def _choice_item(item_id, competence, difficulty, item_type):
    def block(lang):
        prefix = "Question" if lang == "fr" else "Question (en)"
        data = {"question": f"{prefix} {item_id} ?"}
        if item_type == "text":
            data.update(answer=["www.exemple.fr"], label="Adresse" if lang == "fr" else "Address")
            return data
        data["options"] = [
            {"key": "a", "text": "Bonne réponse" if lang == "fr" else "Right answer"},
            {"key": "b", "text": "Mauvaise réponse" if lang == "fr" else "Wrong answer"},
            {"key": "c", "text": "Autre réponse" if lang == "fr" else "Other answer"},
        ]
        data["answer"] = ["a", "c"] if item_type == "multiple" else ["a"]
        if item_type == "tap":
            data["screen"] = {"kind": "message", "title": "SMS", "lines": ["Bonjour"]}
        return data

    return {
        "id": item_id,
        "competence": competence,
        "type": item_type,
        "discrimination": 1.4,
        "difficulty": difficulty,
        "calibration": "test fixture",
        "fr": block("fr"),
        "en": block("en"),
    }


def write_content(
    directory: Path,
    *,
    per_area: int = 4,
    types: tuple[str, ...] = ("choice", "tap", "text", "multiple"),
) -> Path:
    """A small valid bank: one competence per area, items of the given types in turn."""
    framework = {"areas": []}
    (directory / "items").mkdir(parents=True, exist_ok=True)
    for area_number, area in enumerate(AREAS):
        competence = f"{area}.basics"
        level = {"fr": "Niveau", "en": "Level"}
        framework["areas"].append(
            {
                "code": area,
                "name": {"fr": f"Domaine {area}", "en": f"Area {area}"},
                "competences": [
                    {
                        "code": competence,
                        "name": {"fr": "Les bases", "en": "The basics"},
                        "levels": {1: level, 2: level, 3: level},
                    }
                ],
            }
        )
        base = -2.5 if area == "device" else -1.5 + 0.4 * area_number
        items = [
            _choice_item(
                f"{area}-{number:02d}",
                competence,
                round(base + 0.8 * number, 2),
                types[(area_number + number) % len(types)],
            )
            for number in range(per_area)
        ]
        (directory / "items" / f"{area}.yaml").write_text(
            yaml.safe_dump(items, allow_unicode=True), encoding="utf-8"
        )
    (directory / "framework.yaml").write_text(
        yaml.safe_dump(framework, allow_unicode=True), encoding="utf-8"
    )
    return directory


def make_person(space: Space, **fields) -> Person:
    fields.setdefault("first_name", fake.first_name())
    fields.setdefault("last_name", fake.last_name())
    fields.setdefault("came_through", Person.Channel.WALK_IN)
    return Person.objects.create(home_space=space, **fields)
