"""Scheduling: single sessions, weekly series (RFC 5545), cancelling one date or all."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.workshops import services
from tremplin.workshops.models import Booking, Kind, Series, Session, Theme
from tremplin.workshops.tests.factories import make_booking, make_session

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=PARIS)


def schedule(space, **overrides):
    fields = {
        "kind": Kind.WORKSHOP,
        "theme": Theme.EMAIL,
        "title": "Premiers e-mails",
        "starts_at": NOW + datetime.timedelta(days=2),
        "ends_at": NOW + datetime.timedelta(days=2, hours=2),
        "capacity": 8,
        "now": NOW,
    }
    fields.update(overrides)
    return services.schedule_session(space, **fields)


def series(space, rule, **overrides):
    fields = {
        "rule": rule,
        "first_starts_at": datetime.datetime(2027, 3, 2, 14, 0, tzinfo=PARIS),
        "duration_minutes": 90,
        "kind": Kind.WORKSHOP,
        "theme": Theme.SMARTPHONE,
        "title": "Le smartphone pas à pas",
        "capacity": 6,
        "now": NOW,
    }
    fields.update(overrides)
    return services.schedule_series(space, **fields)


def test_a_coordinator_schedules_a_session_with_its_room_level_and_modules(personas):
    session = schedule(personas.strasbourg, room="Salle 1", learning_modules=["e-mail", " "])
    assert session.organisation == personas.organisation
    assert session.room == "Salle 1"
    assert session.learning_modules == ["e-mail"]
    assert session.duration_minutes == 120


@pytest.mark.parametrize(
    "overrides, message",
    [
        (
            {"starts_at": NOW - datetime.timedelta(hours=2), "ends_at": NOW},
            "Cette date est passée",
        ),
        ({"capacity": 0}, "Le nombre de places va de 1 à 200"),
        ({"capacity": 201}, "Le nombre de places va de 1 à 200"),
        ({"ends_at": NOW + datetime.timedelta(days=1)}, "La fin doit venir après le début"),
        ({"title": "  "}, "Écrivez le titre"),
        ({"theme": "cooking"}, "Choisissez le thème"),
    ],
)
def test_a_bad_session_is_refused_with_a_clear_message_and_nothing_stored(
    personas, overrides, message
):
    with pytest.raises(ValidationError) as error:
        schedule(personas.strasbourg, **overrides)
    assert message in error.value.messages[0]
    assert not Session.objects.exists()


def test_a_weekly_series_makes_one_session_per_date_at_the_same_local_time(personas):
    # Ten Tuesdays across the change to summer time (28 March 2027): still 14:00 in Paris.
    made = series(personas.strasbourg, "FREQ=WEEKLY;BYDAY=TU;COUNT=10")
    sessions = list(made.sessions.order_by("starts_at"))
    assert len(sessions) == 10
    assert {timezone.localtime(s.starts_at, PARIS).strftime("%a %H:%M") for s in sessions} == {
        "Tue 14:00"
    }
    assert {s.duration_minutes for s in sessions} == {90}
    assert sessions[-1].starts_at.date() == datetime.date(2027, 5, 4)


def test_a_series_until_a_date_on_two_days_a_week(personas):
    made = series(personas.strasbourg, "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270318T230000Z")
    days = [timezone.localtime(s.starts_at, PARIS).date() for s in made.sessions.all()]
    assert days == [datetime.date(2027, 3, day) for day in (2, 4, 9, 11, 16, 18)]


@pytest.mark.parametrize(
    "rule, message",
    [
        ("FREQ=WEEKLY;BYDAY=TU", "Dites quand la série s'arrête"),
        ("FREQ=DAILY;COUNT=5", "Une série se répète chaque semaine"),
        ("FREQ=WEEKLY;COUNT=61", "Une série a au plus 60 séances"),
        ("chaque mardi", "Cette règle de répétition est illisible"),
        ("FREQ=WEEKLY;UNTIL=20270101T000000Z", "Cette série ne donne aucune date"),
    ],
)
def test_a_bad_series_is_refused_with_a_clear_message_and_nothing_stored(personas, rule, message):
    with pytest.raises(ValidationError) as error:
        series(personas.strasbourg, rule)
    assert message in error.value.messages[0]
    assert not Series.objects.exists() and not Session.objects.exists()


def test_a_series_with_a_past_date_stores_nothing(personas):
    with pytest.raises(ValidationError):
        series(
            personas.strasbourg,
            "FREQ=WEEKLY;COUNT=3",
            first_starts_at=NOW - datetime.timedelta(days=1),
        )
    assert not Series.objects.exists() and not Session.objects.exists()


def test_cancelling_one_date_cancels_its_bookings_and_tells_the_people(
    personas, sms, django_capture_on_commit_callbacks
):
    session = make_session(personas.strasbourg)
    booking = make_booking(session, phone="+33612345678")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert [phone for phone, _text in sms] == ["+33612345678"]
    assert "est annulée" in sms[0][1]
    with pytest.raises(ValidationError, match="déjà annulée"):
        services.cancel_session(session)


def test_cancelling_a_series_cancels_every_date_to_come_only(personas):
    made = series(personas.strasbourg, "FREQ=WEEKLY;BYDAY=TU;COUNT=4")
    first, *others = made.sessions.order_by("starts_at")
    after_the_first = first.starts_at + datetime.timedelta(hours=3)
    services.cancel_series(made, now=after_the_first)
    first.refresh_from_db()
    assert first.cancelled_at is None
    assert all(Session.objects.get(pk=s.pk).is_cancelled for s in others)
    with pytest.raises(ValidationError, match="déjà annulée"):
        services.cancel_series(made, now=after_the_first)
