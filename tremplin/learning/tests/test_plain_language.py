"""Plain words on learner pages: real plurals, no « (s) », no middle dot (issue on what learners
meet: a reader who is learning French stumbles on « fini(s) » and « seul·e »)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tremplin.learning import services
from tremplin.learning.tests.factories import make_learner, use_content

APPS = Path(__file__).resolve().parents[2]
# « data·inclusion » is the name of the national standard, not an inflection.
INCLUSIVE = re.compile(r"(?<!data)·\w|\w·(?!inclusion)\w")


def _learner_templates() -> list[Path]:
    return [
        path
        for app in ("learning", "diagnostic", "spaces")
        for path in (APPS / app / "templates").rglob("*.html")
        if 'extends "layouts/learner.html"' in path.read_text(encoding="utf-8")
    ]


def test_learner_templates_have_no_middle_dot_and_no_plural_in_brackets():
    templates = _learner_templates()
    assert len(templates) > 5
    for path in templates:
        source = path.read_text(encoding="utf-8")
        assert not INCLUSIVE.search(source), path.name
        assert "(s)" not in source, path.name


def test_the_diagnostic_texts_a_learner_reads_have_no_middle_dot():
    from tremplin.diagnostic.forms import ScreeningForm
    from tremplin.diagnostic.results import level_label, profile_text

    screening = str(ScreeningForm())
    assert "Oui, sans aide" in screening
    assert not INCLUSIVE.search(screening)
    for level in (1, 2, 3):
        assert not INCLUSIVE.search(level_label(level))
    for profile in ("excluded", "beginner", "advanced"):
        assert not any(INCLUSIVE.search(str(text)) for text in profile_text(profile).values())


@pytest.fixture
def catalogue(settings):
    return use_content(settings)


def test_progress_counts_use_real_plurals(client, personas, catalogue):
    learner = make_learner(personas.strasbourg, personas.volunteer).user
    client.force_login(learner)
    module = catalogue.modules["essai-tactile"]
    home = client.get(reverse("learning:home")).content.decode()
    assert "modules finis sur 1" in home and "(s)" not in home
    services.record_page(learner, module.pages[0], catalogue=catalogue)
    page = client.get(reverse("learning:module_detail", args=[module.slug])).content.decode()
    assert "1 page finie sur 6" in page and "(s)" not in page
    services.record_page(learner, module.pages[1], catalogue=catalogue, is_right=True)
    page = client.get(reverse("learning:module_detail", args=[module.slug])).content.decode()
    assert "2 pages finies sur 6" in page
    pathway = client.get(reverse("learning:pathway_detail", args=["essai"])).content.decode()
    assert "2 pages finies sur 6" in pathway and "(s)" not in pathway
