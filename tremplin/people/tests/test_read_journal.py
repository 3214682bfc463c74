"""Reads of a person's file are journaled once per staff member, person and half hour."""

from datetime import timedelta

from django.utils import timezone

from tremplin.people import services
from tremplin.people.models import JournalEntry
from tremplin.people.tests.factories import make_person


def reads(person):
    return person.journal.filter(action=JournalEntry.Action.READ)


def test_one_visit_of_several_pages_writes_one_read(client_for, personas):
    person = make_person(personas.strasbourg)
    client = client_for("mediator")
    for url in (
        f"/people/{person.pk}/",
        f"/accompaniment/people/{person.pk}/plan/",
        f"/diagnostic/personne/{person.pk}/",
        f"/learn/people/{person.pk}/",
        f"/people/{person.pk}/",
    ):
        assert client.get(url).status_code == 200
    assert reads(person).count() == 1


def test_each_staff_member_and_each_half_hour_gets_its_own_line(personas):
    person = make_person(personas.strasbourg)
    now = timezone.now()
    assert services.record_read(person, actor=personas.mediator, now=now)
    assert (
        services.record_read(person, actor=personas.mediator, now=now + timedelta(minutes=29))
        is None
    )
    assert services.record_read(person, actor=personas.volunteer, now=now + timedelta(minutes=5))
    later = now + timedelta(minutes=31)
    assert services.record_read(person, actor=personas.mediator, now=later)
    assert reads(person).count() == 3


def test_a_diagnostic_seen_by_staff_is_journaled(client_for, personas):
    from tremplin.diagnostic.tests.test_views import finished_session_of

    person = make_person(personas.strasbourg)
    session = finished_session_of(person, personas.volunteer)
    response = client_for("coordinator").get(f"/diagnostic/suivi/{session.pk}/")
    assert response.status_code == 200
    assert reads(person).filter(actor=personas.coordinator).exists()
