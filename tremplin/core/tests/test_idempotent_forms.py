"""Creating forms are idempotent: a double click or a retried request makes one row, and 20
identical posts at once on PostgreSQL make one row too (``tremplin.core.submissions``)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from tremplin.accompaniment import services as accompaniment_services
from tremplin.accompaniment.models import Accompaniment, Mandate, SupportGoal, SupportStep
from tremplin.core.models import SubmissionToken
from tremplin.core.submissions import FIELD_NAME, new_token
from tremplin.core.testing.clients import logged_in_client
from tremplin.people.models import ConsentEntry, JournalEntry, Person
from tremplin.people.tests.factories import make_consent_text, make_person

CONCURRENT_POSTS = 20


def _cases(personas) -> dict:
    """Form name → (url, data, rows made): one person each, in the coordinator's space."""
    make_consent_text(personas.organisation)
    today = timezone.localdate()
    person = make_person(personas.strasbourg, first_name="Idem", last_name="Potent")
    goal = accompaniment_services.add_goal(person, title="Objectif", created_by=None)
    to_erase = make_person(personas.strasbourg, first_name="Efface", last_name="Moi")
    to_withdraw = make_person(personas.strasbourg, first_name="Retire", last_name="Moi")
    return {
        "intake": (
            "/people/new/",
            {
                "home_space": personas.strasbourg.pk,
                "first_name": "Nouvelle",
                "last_name": "Personne",
                "came_through": Person.Channel.WALK_IN,
                "has_consent": "on",
                "consent_channel": ConsentEntry.Channel.SPOKEN,
            },
            lambda: Person.objects.filter(first_name="Nouvelle").count(),
        ),
        "erasure": (
            f"/people/{to_erase.pk}/erase/",
            {"is_confirmed": "on"},
            lambda: JournalEntry.objects.filter(
                person=to_erase, action=JournalEntry.Action.ERASE
            ).count(),
        ),
        "consent_withdrawal": (
            f"/people/{to_withdraw.pk}/consent/withdraw/",
            {"channel": ConsentEntry.Channel.SPOKEN, "is_confirmed": "on"},
            lambda: ConsentEntry.objects.filter(
                person=to_withdraw, action=ConsentEntry.Action.WITHDRAWN
            ).count(),
        ),
        "accompaniment": (
            f"/accompaniment/people/{person.pk}/new/",
            {
                "kind": Accompaniment.Kind.INDIVIDUAL,
                "happened_on": today.isoformat(),
                "duration_minutes": 30,
                "themes": ["email"],
                "outcome": Accompaniment.Outcome.DONE,
                "note": "",
            },
            lambda: Accompaniment.objects.filter(person=person).count(),
        ),
        "mandate": (
            f"/accompaniment/people/{person.pk}/mandates/",
            {
                "scope": ["family_allowance"],
                "starts_on": today.isoformat(),
                "ends_on": (today + datetime.timedelta(days=30)).isoformat(),
                "agreement": Mandate.Agreement.PAPER,
            },
            lambda: Mandate.objects.filter(person=person).count(),
        ),
        "goal": (
            f"/accompaniment/people/{person.pk}/plan/",
            {"title": "Déclarer ses impôts seule"},
            lambda: SupportGoal.objects.filter(person=person).count() - 1,
        ),
        "step": (
            f"/accompaniment/goals/{goal.pk}/steps/",
            {f"goal-{goal.pk}-title": "Créer son espace", f"goal-{goal.pk}-due_on": ""},
            lambda: SupportStep.objects.filter(goal=goal).count(),
        ),
    }


FORMS = ["intake", "erasure", "consent_withdrawal", "accompaniment", "mandate", "goal", "step"]


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS)
def test_a_double_submit_makes_one_row(personas, form):
    url, data, rows = _cases(personas)[form]
    client = logged_in_client(personas.coordinator)
    data = {**data, FIELD_NAME: new_token()}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.status_code in (302, 403)
    assert rows() == 1
    if second.status_code == 302:
        assert second["Location"] == first["Location"]


@pytest.mark.django_db
def test_each_creating_page_renders_a_fresh_token(personas):
    client = logged_in_client(personas.coordinator)
    make_consent_text(personas.organisation)
    first = client.get("/people/new/").content.decode()
    second = client.get("/people/new/").content.decode()
    assert f'name="{FIELD_NAME}"' in first
    assert (
        first.split(f'name="{FIELD_NAME}" value="')[1][:20]
        != second.split(f'name="{FIELD_NAME}" value="')[1][:20]
    )


@pytest.mark.django_db
def test_a_refused_submission_leaves_its_token_free(personas):
    """A form sent back with an error can be sent again with the same token."""
    url, data, rows = _cases(personas)["mandate"]
    client = logged_in_client(personas.coordinator)
    token = new_token()
    refused = client.post(url, {**data, "ends_on": "2000-01-01", FIELD_NAME: token})
    assert refused.status_code == 200
    assert not SubmissionToken.objects.filter(token=token).exists()
    assert client.post(url, {**data, FIELD_NAME: token}).status_code == 302
    assert rows() == 1


@pytest.mark.django_db
def test_erasing_twice_through_the_service_is_refused(personas):
    from django.core.exceptions import ValidationError

    from tremplin.people import services

    person = make_person(personas.strasbourg)
    stale = Person.objects.get(pk=person.pk)
    services.erase_person(person, actor=personas.coordinator)
    with pytest.raises(ValidationError):
        services.erase_person(stale, actor=personas.coordinator)
    with pytest.raises(ValidationError):
        services.withdraw_consent(stale, recorded_by=personas.coordinator, channel="spoken")


ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite runs one writer at a time)",
)


def _post_at_once(personas, url: str, data: dict, *, same_token: bool) -> list[int]:
    """Posts the form from CONCURRENT_POSTS threads released together; returns the statuses."""
    clients = [logged_in_client(personas.coordinator) for _ in range(CONCURRENT_POSTS)]
    barrier = threading.Barrier(CONCURRENT_POSTS)
    token = new_token()
    statuses = []

    def post(client):
        try:
            barrier.wait()
            body = {**data, FIELD_NAME: token if same_token else new_token()}
            statuses.append(client.post(url, body).status_code)
        except Exception as error:  # a server error: shown in the assertion
            statuses.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", FORMS)
def test_twenty_identical_posts_at_once_make_one_row(personas, form):
    url, data, rows = _cases(personas)[form]
    statuses = _post_at_once(personas, url, data, same_token=True)
    assert rows() == 1
    assert len(statuses) == CONCURRENT_POSTS
    # A late intake post may find the first one's person and ask « is it one of them? » (200).
    allowed = {302, 403, 200} if form == "intake" else {302, 403}
    assert set(statuses) <= allowed, statuses


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", ["erasure", "consent_withdrawal"])
def test_twenty_erasures_from_different_pages_at_once_erase_once(personas, form):
    """Two staff members (two tokens) erasing at once: the person's row lock lets one through."""
    url, data, rows = _cases(personas)[form]
    statuses = _post_at_once(personas, url, data, same_token=False)
    assert rows() == 1
    assert set(statuses) <= {302, 403}, statuses
