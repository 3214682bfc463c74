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


def test_the_learning_home_follows_a_workshop_cancelled_or_added(
    client, personas, django_capture_on_commit_callbacks
):
    """The workshops near a space are kept a minute per process for every learner there; a
    session cancelled or added shows on the next page all the same."""
    session = make_session(
        personas.strasbourg, title="Le smartphone pas à pas", theme=Theme.SMARTPHONE
    )
    profile = make_learner(personas.strasbourg, personas.volunteer)
    ModuleProgress.objects.create(
        organisation=personas.organisation,
        user=profile.user,
        module_slug="gestes-tactiles",
        completed_at=timezone.now(),
    )
    client.force_login(profile.user)
    assert "Le smartphone pas à pas" in client.get("/learn/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session)
    page = client.get("/learn/").content.decode()
    assert "Le smartphone pas à pas" not in page

    with django_capture_on_commit_callbacks(execute=True):
        make_session(personas.strasbourg, title="Mon téléphone", theme=Theme.SMARTPHONE)
    assert "Mon téléphone" in client.get("/learn/").content.decode()


def test_a_workshop_that_has_begun_is_no_longer_suggested(personas, monkeypatch):
    make_session(personas.strasbourg, title="Bientôt", theme=Theme.EMAIL, starts_in=DAY / 48)
    strasbourg = personas.strasbourg

    def near():
        return suggestions.near(strasbourg, areas=["communication"], module_slugs=[], limit=3)

    assert titles(near()) == ["Bientôt"]
    in_an_hour = timezone.now() + DAY / 24
    monkeypatch.setattr(timezone, "now", lambda: in_an_hour)  # the list is kept meanwhile
    assert near() == []
