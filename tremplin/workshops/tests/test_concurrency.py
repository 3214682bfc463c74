"""Seats under concurrent requests, on PostgreSQL (row locks): never more bookings than seats.

SQLite serialises every write with one database lock, so these races cannot happen there and the
tests would prove nothing: they are skipped. CI runs them with DATABASE_URL on PostgreSQL.
"""

import datetime

from django.test import Client

from tremplin.core.senders import MemorySmsSender
from tremplin.core.testing.concurrency import ON_POSTGRESQL, run_together
from tremplin.people.tests.factories import make_person
from tremplin.workshops import dropin, services
from tremplin.workshops.models import Booking, QueueEntry
from tremplin.workshops.tests.factories import (
    ensure_consent_text,
    make_booking,
    make_drop_in_queue,
    make_session,
)

pytestmark = ON_POSTGRESQL


def test_twenty_requests_for_the_last_three_seats_give_three_bookings_and_seventeen_waiting(
    personas,
):
    ensure_consent_text(personas.organisation)
    session = make_session(personas.strasbourg, capacity=5)
    for _seat in range(2):
        make_booking(session)
    url = f"/workshops/seances/{session.pk}/reserver/"

    def request(number):
        data = {
            "first_name": f"Personne {number}",
            "phone": f"06 12 34 56 {number:02d}",
            "has_consent": "on",
        }
        return lambda: Client(REMOTE_ADDR=f"10.0.0.{number}").post(url, data).status_code

    statuses = run_together([request(number) for number in range(20)])

    assert statuses == [302] * 20
    online = Booking.objects.filter(session=session, channel=Booking.Channel.ONLINE)
    assert online.filter(status=Booking.Status.BOOKED).count() == 3
    assert online.filter(status=Booking.Status.WAITLISTED).count() == 17
    assert session.seats_taken() == session.capacity == 5


def test_the_same_phone_sent_five_times_at_once_books_once(personas):
    ensure_consent_text(personas.organisation)
    session = make_session(personas.strasbourg, capacity=5)

    def book():
        return services.book_online(
            session, first_name="Awa", phone="0612345678", email="", has_consent=True
        )

    results = run_together([book] * 5)

    assert sum(isinstance(result, Booking) for result in results) == 1
    assert Booking.objects.filter(session=session).count() == 1
    assert session.bookings.get().person.phone == "+33612345678"


def test_seats_freed_at_once_go_to_the_first_people_waiting_and_never_overbook(personas):
    session = make_session(personas.strasbourg, capacity=3)
    seated = [make_booking(session) for _seat in range(3)]
    waiting = [make_booking(session) for _place in range(5)]
    assert {booking.status for booking in waiting} == {Booking.Status.WAITLISTED}

    cancels = [lambda booking=booking: services.cancel_booking(booking) for booking in seated]
    newcomers = [
        lambda: make_booking(session, make_person(personas.strasbourg)) for _one in range(3)
    ]
    run_together(cancels + newcomers)

    assert session.seats_taken() == 3
    promoted = Booking.objects.filter(pk__in=[b.pk for b in waiting], status="booked")
    # The three seats freed went to the three who waited longest, not to the newcomers.
    assert sorted(promoted.values_list("pk", flat=True)) == [b.pk for b in waiting[:3]]
    assert Booking.objects.filter(session=session, status="waitlisted").count() == 5


def test_two_workers_sending_reminders_at_once_send_each_one_once(personas, settings):
    settings.SMS_SENDER = "tremplin.core.senders.MemorySmsSender"
    MemorySmsSender.outbox.clear()
    session = make_session(personas.strasbourg, starts_in=datetime.timedelta(hours=47))
    for number in range(5):
        make_booking(session, phone=f"+336123456{number:02d}")

    results = run_together([services.send_due_reminders] * 4)

    assert sum(results) == 5
    assert len(MemorySmsSender.outbox) == 5
    assert len({phone for phone, _text in MemorySmsSender.outbox}) == 5
    MemorySmsSender.outbox.clear()


def test_two_helpers_calling_the_next_person_at_once_call_two_different_people(personas):
    session, helping, waiting = make_drop_in_queue(
        personas.strasbourg, make_person(personas.strasbourg), make_person(personas.strasbourg)
    )
    dropin.finish_help(helping)
    later = make_person(personas.strasbourg)
    QueueEntry.objects.create(session=session, person=later)

    def call(helper):
        return lambda: dropin.call_next(session, helper=helper).person_id

    results = run_together([call(personas.volunteer), call(personas.mediator)])

    assert sorted(results) == sorted([waiting.person_id, later.pk])


def test_twenty_requests_for_one_appointment_give_exactly_one_booking(personas):
    from tremplin.people.models import Person
    from tremplin.workshops.tests.factories import make_appointments

    ensure_consent_text(personas.organisation)
    appointment = make_appointments(personas.strasbourg, count=2).appointments.first()
    url = f"/workshops/seances/{appointment.pk}/reserver/"
    people = Person.objects.count()

    def request(number):
        data = {
            "first_name": f"Personne {number}",
            "phone": f"06 12 34 57 {number:02d}",
            "has_consent": "on",
        }
        return lambda: Client(REMOTE_ADDR=f"10.0.1.{number}").post(url, data).status_code

    statuses = run_together([request(number) for number in range(20)])

    assert sorted(statuses) == [200] * 19 + [302]
    assert Booking.objects.filter(session=appointment).count() == 1
    assert appointment.seats_taken() == 1
    assert Person.objects.count() == people + 1  # the 19 refused left no record
