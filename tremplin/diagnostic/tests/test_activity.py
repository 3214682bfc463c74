"""A diagnostic taken with a person keeps them active (the clock of automatic anonymisation)."""

import datetime

import pytest

from tremplin.diagnostic import services
from tremplin.diagnostic.models import DiagnosticSession
from tremplin.diagnostic.tests.factories import make_person
from tremplin.people.models import Person
from tremplin.people.services import inactive_people

pytestmark = pytest.mark.usefixtures("small_bank")

LONG_AGO = datetime.timedelta(days=3 * 365)


def _inactive_for_years(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(
        last_activity_at=datetime.datetime.now(datetime.UTC) - LONG_AGO
    )


def test_starting_a_diagnostic_for_a_person_keeps_them_active(personas):
    person = make_person(personas.strasbourg)
    _inactive_for_years(person)
    services.start_session(personas.organisation, language="fr", person=person)
    assert person not in inactive_people()


def test_each_answer_keeps_the_person_active_and_the_clock_never_goes_back(personas):
    person = make_person(personas.strasbourg)
    session = services.start_session(personas.organisation, language="fr", person=person)
    session = services.record_screening(session, has_smartphone=True, email_use="alone")
    _inactive_for_years(person)
    item_id = services.diagnosis_of(session).next_item()
    services.record_answer(session, item_id=item_id, answer=[])
    assert person not in inactive_people()
    person.refresh_from_db()
    latest = person.last_activity_at
    long_ago = latest - LONG_AGO
    item_id = services.diagnosis_of(session).next_item()
    if item_id is not None:
        services.record_answer(session, item_id=item_id, answer=[], now=long_ago)
    person.refresh_from_db()
    assert person.last_activity_at == latest
    assert DiagnosticSession.objects.get(pk=session.pk).person == person
