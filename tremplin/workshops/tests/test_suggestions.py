"""The next workshops near a person on their topics: on the diagnostic result and the learning
home, through ``tremplin.spaces.activity`` (filled in ``WorkshopsConfig.ready()``)."""

import datetime

import pytest
from django.utils import timezone

from tremplin.learning.models import ModuleProgress
from tremplin.learning.tests.factories import make_learner
from tremplin.workshops import services, suggestions
from tremplin.workshops.models import Theme
from tremplin.workshops.tests.factories import make_appointments, make_session

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def titles(found) -> list[str]:
    return [item.title for item in found]


def test_sessions_near_on_the_topics_own_space_first_soonest_first(personas):
    strasbourg, nancy = personas.strasbourg, personas.nancy
    make_session(strasbourg, title="Mails", theme=Theme.EMAIL, starts_in=5 * DAY)
    make_session(strasbourg, title="Arnaques", theme=Theme.SECURITY, starts_in=2 * DAY)
    make_session(strasbourg, title="Lié", theme=Theme.OFFICE, learning_modules=["wifi"])
    make_session(nancy, title="Loin", theme=Theme.EMAIL, starts_in=DAY)
    cancelled = make_session(strasbourg, title="Annulé", theme=Theme.EMAIL)
    services.cancel_session(cancelled)
    make_session(strasbourg, title="Passé", theme=Theme.EMAIL, starts_in=-DAY)

    found = suggestions.next_sessions_near(
        strasbourg, areas=["communication"], module_slugs=["wifi"]
    )

    assert titles(found) == ["Lié", "Mails"]
    assert suggestions.next_sessions_near(strasbourg, areas=[]) == []
    assert suggestions.next_sessions_near(None, areas=["communication"]) == []


def test_a_drop_in_on_appointments_is_suggested_once(personas):
    make_appointments(personas.strasbourg, count=4)
    found = suggestions.next_sessions_near(personas.strasbourg, areas=["problem_solving"])
    assert titles(found) == ["Permanence démarches"]


def test_the_learning_home_shows_the_next_workshops_on_the_learners_topics(client, personas):
    make_session(personas.strasbourg, title="Le smartphone pas à pas", theme=Theme.SMARTPHONE)
    make_session(personas.strasbourg, title="Traitement de texte", theme=Theme.OFFICE)
    profile = make_learner(personas.strasbourg, personas.volunteer)
    client.force_login(profile.user)
    assert "Des ateliers près de chez vous" not in client.get("/learn/").content.decode()
    # Once a module of « Premiers pas » is done, its topics (devices…) bring the workshops.
    ModuleProgress.objects.create(
        organisation=personas.organisation,
        user=profile.user,
        module_slug="gestes-tactiles",
        completed_at=timezone.now(),
    )
    page = client.get("/learn/").content.decode()
    assert "Des ateliers près de chez vous" in page
    assert "Le smartphone pas à pas" in page and "Traitement de texte" not in page
