"""Attendance: present or absent, minutes to the person's hours and timeline, walk-ins, and
every service keeping the person active."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.people import timeline
from tremplin.people.models import Person
from tremplin.people.tests.factories import make_person
from tremplin.workshops import services
from tremplin.workshops.models import Booking, Session
from tremplin.workshops.tests.factories import (
    ensure_consent_text,
    make_booking,
    make_ongoing_session,
    make_session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(personas):
    return make_person(personas.strasbourg)


def test_present_counts_the_whole_session_unless_told_less(personas, person):
    session, [booking] = make_ongoing_session(personas.strasbourg, person)
    assert services.record_attendance(booking, is_present=True).attended_minutes == 90
    assert services.record_attendance(booking, is_present=True, minutes=45).attended_minutes == 45
    assert services.hours_attended(person) == 0.8
    absent = services.record_attendance(booking, is_present=False)
    assert (absent.status, absent.attended_minutes) == (Booking.Status.ABSENT, None)
    assert services.hours_attended(person) == 0


@pytest.mark.parametrize("minutes", [0, 91])
def test_minutes_outside_the_session_are_refused(personas, person, minutes):
    session, [booking] = make_ongoing_session(personas.strasbourg, person)
    with pytest.raises(ValidationError, match="de 1 à 90"):
        services.record_attendance(booking, is_present=True, minutes=minutes)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_a_waitlisted_or_cancelled_booking_cannot_be_marked(personas, person):
    session = make_session(personas.strasbourg, capacity=1)
    make_booking(session)
    waiting = make_booking(session, person)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        ends_at=timezone.now() + datetime.timedelta(minutes=85),
    )
    with pytest.raises(ValidationError, match="Seule une personne inscrite"):
        services.record_attendance(waiting, is_present=True)


def test_attendance_opens_an_hour_before_the_start(personas, person):
    session = make_session(personas.strasbourg, starts_in=datetime.timedelta(hours=3))
    booking = make_booking(session, person)
    with pytest.raises(ValidationError, match="au plus tôt une heure avant"):
        services.record_attendance(booking, is_present=True)
    almost = session.starts_at - datetime.timedelta(minutes=50)
    assert services.record_attendance(booking, is_present=True, now=almost).status == "attended"


def test_attendance_touches_the_person_and_reaches_the_timeline(personas, person):
    session, [booking] = make_ongoing_session(personas.strasbourg, person)
    later = timezone.now() + datetime.timedelta(hours=1)
    services.record_attendance(booking, is_present=True, minutes=60, now=later)
    person.refresh_from_db()
    assert person.last_activity_at == later
    [entry] = [e for e in timeline.entries_for(person, personas.volunteer) if e.kind == "booking"]
    assert session.title in entry.title and "60 min" in entry.detail


def test_cancelling_touches_the_person_too(personas, person):
    booking = make_booking(make_session(personas.strasbourg), person)
    later = timezone.now() + datetime.timedelta(minutes=1)
    services.cancel_booking(booking, now=later)
    person.refresh_from_db()
    assert person.last_activity_at == later


def test_a_walk_in_finds_a_known_person_and_may_exceed_the_booked_seats(personas, person):
    ensure_consent_text(personas.organisation)
    person.phone = "+33698765432"
    person.save()
    full, _bookings = make_ongoing_session(
        personas.strasbourg, make_person(personas.strasbourg), capacity=1
    )
    booking = services.add_walk_in(
        full,
        first_name="Autre prénom",
        phone="06 98 76 54 32",
        email="",
        has_consent=True,
        consent_channel="spoken",
        added_by=personas.volunteer,
    )
    assert booking.person == person and Person.objects.count() == 2
    assert full.seats_taken() == 2  # the person is in the room: attendance says so


def test_a_walk_in_without_consent_stores_nothing(personas):
    ensure_consent_text(personas.organisation)
    session, _bookings = make_ongoing_session(personas.strasbourg)
    with pytest.raises(ValidationError, match="Sans votre accord"):
        services.add_walk_in(
            session,
            first_name="Moussa",
            phone="0698765432",
            email="",
            has_consent=False,
            consent_channel="spoken",
            added_by=personas.volunteer,
        )
    assert not Person.objects.exists() and not Booking.objects.exists()


def test_the_booking_page_of_a_person_shows_their_workshop_hours(client_for, personas, person):
    _session, [booking] = make_ongoing_session(personas.strasbourg, person)
    services.record_attendance(booking, is_present=True)
    page = client_for("volunteer").get(f"/workshops/equipe/personnes/{person.pk}/inscrire/")
    assert "Heures d'atelier déjà suivies : 1,5 h." in page.content.decode()
