"""The person's page reads its whole timeline in one query, whatever the apps and the rows."""

import pytest
from django.db.models import Count

from tremplin.accounts.models import User
from tremplin.core.testing.clients import logged_in_client
from tremplin.people import timeline
from tremplin.people.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_network")]


def _busiest_person(user) -> Person:
    people = Person.objects.visible_to(user).annotate(rows=Count("accompaniments"))
    return people.order_by("-rows", "pk").first()


@pytest.mark.parametrize("username", ["coord-strasbourg", "benevole-strasbourg", "admin"])
def test_person_page_runs_at_most_six_queries(username, django_assert_max_num_queries):
    user = User.objects.get(username=username)
    person = _busiest_person(user)
    client = logged_in_client(user)
    client.get("/staff/")  # the first page after login also notes the session's last activity
    # The session, the account, the person (with the read journal), whether the user advises a
    # partner, then the timeline: one query for every app's rows.
    with django_assert_max_num_queries(6):
        response = client.get(f"/people/{person.pk}/")
    assert response.status_code == 200
    kinds = {entry.kind for entry in response.context["entries"]}
    assert {"intake", "consent", "accompaniment", "booking"} <= kinds


def test_a_learner_s_page_shows_their_learning_in_the_same_query(django_assert_max_num_queries):
    user = User.objects.get(username="coord-strasbourg")
    learner = Person.objects.get(account__username="apprenant")
    client = logged_in_client(user)
    client.get("/staff/")
    with django_assert_max_num_queries(6):
        response = client.get(f"/people/{learner.pk}/")
    titles = [str(entry.title) for entry in response.context["entries"]]
    assert any(title.startswith("Module fini") for title in titles)
    assert "Compte pour apprendre créé (identifiant et code)" in titles


def test_every_source_reads_its_values_back_as_python():
    """Dates, times, numbers, lists and related rows come back typed on either database."""
    user = User.objects.get(username="admin")
    entries = [
        entry
        for person in Person.objects.visible_to(user)
        for entry in timeline.entries_for(person, user)
    ]
    kinds = {entry.kind for entry in entries}
    assert {"consent", "accompaniment", "booking", "sale", "diagnostic", "referral"} <= kinds
    assert all(entry.at.tzinfo is not None for entry in entries)
    sale = next(entry for entry in entries if entry.kind == "sale")
    assert sale.url.startswith("/") and "reçu" in sale.detail
    help_given = next(entry for entry in entries if entry.kind == "accompaniment")
    assert " min, " in help_given.detail
