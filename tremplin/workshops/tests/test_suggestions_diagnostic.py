"""The next workshops near where a diagnostic was taken, on its result page (through
``tremplin.spaces.activity``, filled in ``WorkshopsConfig.ready()``)."""

from types import SimpleNamespace

import pytest

from tremplin.diagnostic import next_steps
from tremplin.spaces import activity
from tremplin.workshops import suggestions
from tremplin.workshops.models import Theme
from tremplin.workshops.tests.factories import make_session

pytestmark = pytest.mark.django_db


def test_workshops_fill_the_registry_of_the_result_page_and_the_learning_home():
    assert suggestions.near in activity._workshops_near


def test_the_result_page_gets_workshops_near_where_the_test_was_taken(personas):
    make_session(personas.strasbourg, title="Sécurité", theme=Theme.SECURITY)
    sitting = SimpleNamespace(space=personas.strasbourg, person_id=None, person=None)
    [workshop] = next_steps.workshops_for(sitting, areas=["safety"])
    assert workshop.title == "Sécurité"
    assert workshop.place == f"{personas.strasbourg.name}, Strasbourg"
    assert workshop.url.startswith("/workshops/seances/")
    alone = SimpleNamespace(space=None, person_id=None, person=None)
    assert next_steps.workshops_for(alone, areas=["safety"]) == []
