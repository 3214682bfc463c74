"""Learning and the person's data: one account per person however often the button is pressed,
and learning keeps the person active (the clock of automatic anonymisation)."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from tremplin.learning import services
from tremplin.learning.models import LearnerProfile
from tremplin.learning.tests.factories import make_learner, use_content
from tremplin.people.models import Person
from tremplin.people.services import inactive_people
from tremplin.people.tests.factories import make_person

LONG_AGO = datetime.timedelta(days=3 * 365)


@pytest.fixture
def catalogue(settings):
    return use_content(settings)


def _inactive_for_years(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(
        last_activity_at=datetime.datetime.now(datetime.UTC) - LONG_AGO
    )


@pytest.mark.django_db
def test_a_learner_who_worked_today_is_not_on_tonights_anonymisation_list(personas, catalogue):
    profile = make_learner(personas.strasbourg, personas.volunteer)
    _inactive_for_years(profile.person)
    assert profile.person in inactive_people()
    page = catalogue.modules["essai-tactile"].pages[0]
    services.record_page(profile.user, page, catalogue=catalogue, is_right=True)
    assert profile.person not in inactive_people()


@pytest.mark.django_db
def test_enrolling_and_earning_a_certificate_keep_the_learner_active(personas, catalogue):
    profile = make_learner(personas.strasbourg, personas.volunteer)
    pathway = next(iter(catalogue.pathways.values()))
    _inactive_for_years(profile.person)
    services.enrol(profile.user, pathway)
    assert profile.person not in inactive_people()
    _inactive_for_years(profile.person)
    services.issue_certificate(profile.user, pathway)
    assert profile.person not in inactive_people()


@pytest.mark.django_db
def test_a_volunteer_in_training_is_no_one_to_keep_active(personas, catalogue):
    page = catalogue.modules["essai-tactile"].pages[0]
    services.record_page(personas.volunteer, page, catalogue=catalogue, is_right=True)
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_creating_the_account_again_returns_the_same_one_without_a_new_code(personas):
    person = make_person(personas.strasbourg, recorded_by=personas.volunteer)
    stale = Person.objects.get(pk=person.pk)
    profile, code = services.create_learner_account(person, by=personas.volunteer)
    again, no_code = services.create_learner_account(stale, by=personas.volunteer)
    assert (again, no_code) == (profile, None)
    assert code is not None
    assert LearnerProfile.objects.get().person == person


@pytest.mark.django_db
def test_a_double_click_on_create_account_makes_one_account(client_for, personas):
    person = make_person(personas.strasbourg, recorded_by=personas.volunteer)
    client = client_for("volunteer")
    url = reverse("learning:person_account_create", args=[person.pk])
    first, second = client.post(url), client.post(url)
    assert first.status_code == 200 and "Code à donner à la personne" in first.text
    assert second.status_code == 302
    assert LearnerProfile.objects.filter(person=person).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite runs one writer at a time, so it cannot race",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_creations_make_exactly_one_account(personas):
    person = make_person(personas.strasbourg, recorded_by=personas.volunteer)
    start = threading.Barrier(20)
    codes, errors = [], []

    def create() -> None:
        try:
            stale = Person.objects.select_related("home_space").get(pk=person.pk)
            start.wait()
            _profile, code = services.create_learner_account(stale, by=personas.volunteer)
            codes.append(code)
        except Exception as error:  # noqa: BLE001 - reported below, with the thread's error
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _index in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert LearnerProfile.objects.filter(person=person).count() == 1
    assert len([code for code in codes if code is not None]) == 1
    person.refresh_from_db()
    assert person.account == LearnerProfile.objects.get(person=person).user
