"""The drop-in queue: arrival, call next, time waited and time helped, attendance minutes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.people.models import Person
from tremplin.people.tests.factories import make_person
from tremplin.workshops import dropin
from tremplin.workshops.models import Booking, Kind, QueueEntry, Theme
from tremplin.workshops.tests.factories import ensure_consent_text, make_ongoing_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def drop_in(personas):
    ensure_consent_text(personas.organisation)
    session, _bookings = make_ongoing_session(
        personas.strasbourg, kind=Kind.DROP_IN, theme=Theme.PROCEDURES, title="Permanence"
    )
    return session


def arrive(session, first_name, phone, *, at, by):
    return dropin.join_queue(
        session,
        first_name=first_name,
        phone=phone,
        email="",
        has_consent=True,
        consent_channel="spoken",
        added_by=by,
        now=at,
    )


def test_people_are_called_in_order_and_their_times_are_kept(personas, drop_in):
    start = drop_in.starts_at
    awa = arrive(drop_in, "Awa", "0612345601", at=start, by=personas.volunteer)
    ben = arrive(drop_in, "Ben", "0612345602", at=start + datetime.timedelta(minutes=2), by=None)
    first = dropin.call_next(
        drop_in, helper=personas.volunteer, now=start + datetime.timedelta(minutes=10)
    )
    assert first == awa
    second = dropin.call_next(
        drop_in, helper=personas.mediator, now=start + datetime.timedelta(minutes=12)
    )
    assert second == ben
    with pytest.raises(ValidationError, match="Personne n'attend"):
        dropin.call_next(drop_in, helper=personas.mediator)
    done = dropin.finish_help(awa, now=start + datetime.timedelta(minutes=35))
    assert (done.waited_minutes(), done.helped_minutes()) == (10, 25)
    dropin.finish_help(ben, now=start + datetime.timedelta(minutes=27))
    assert dropin.queue_times(drop_in) == {"waited": 10, "helped": 20, "left": 0}
    booking = Booking.objects.get(person=awa.person)
    assert (booking.status, booking.channel, booking.attended_minutes) == (
        "attended",
        "walk_in",
        25,
    )


def test_a_booked_person_helped_at_the_drop_in_is_marked_present(personas, drop_in):
    person = make_person(personas.strasbourg, phone="+33612345601")
    booking = Booking.objects.create(session=drop_in, person=person, channel="online")
    entry = arrive(drop_in, "Awa", "06 12 34 56 01", at=drop_in.starts_at, by=None)
    assert entry.person == person
    dropin.call_next(drop_in, helper=personas.volunteer, now=drop_in.starts_at)
    dropin.finish_help(entry, now=drop_in.starts_at + datetime.timedelta(minutes=30))
    booking.refresh_from_db()
    assert (booking.status, booking.attended_minutes) == ("attended", 30)


def test_someone_who_leaves_is_counted_and_not_called(personas, drop_in):
    gone = arrive(drop_in, "Awa", "0612345601", at=drop_in.starts_at, by=None)
    dropin.leave_queue(gone)
    with pytest.raises(ValidationError, match="Personne n'attend"):
        dropin.call_next(drop_in, helper=personas.volunteer)
    with pytest.raises(ValidationError, match="n'attend plus"):
        dropin.leave_queue(gone)
    assert dropin.queue_times(drop_in)["left"] == 1


def test_the_queue_refuses_twice_the_same_person_a_workshop_and_no_consent(personas, drop_in):
    arrive(drop_in, "Awa", "0612345601", at=drop_in.starts_at, by=None)
    with pytest.raises(ValidationError, match="déjà dans la file"):
        arrive(drop_in, "Awa", "0612345601", at=drop_in.starts_at, by=None)
    workshop, _bookings = make_ongoing_session(personas.strasbourg)
    with pytest.raises(ValidationError, match="sert aux permanences"):
        arrive(workshop, "Ben", "0612345602", at=timezone.now(), by=None)
    with pytest.raises(ValidationError, match="Sans votre accord"):
        dropin.join_queue(
            drop_in,
            first_name="Chloé",
            phone="0612345603",
            email="",
            has_consent=False,
            consent_channel="spoken",
            added_by=None,
        )
    assert Person.objects.count() == 1 and QueueEntry.objects.count() == 1


def test_the_tablet_page_runs_the_queue(client_for, personas, drop_in):
    client = client_for("volunteer")
    url = f"/workshops/equipe/seances/{drop_in.pk}/file/"
    client.post(
        f"{url}arrivee/",
        {
            "first_name": "Awa",
            "phone": "06 12 34 56 01",
            "has_consent": "on",
            "consent_channel": "spoken",
        },
    )
    page = client.get(url).content.decode()
    assert "1 personne attend" in page and "Awa" in page
    client.post(f"{url}suivant/")
    entry = QueueEntry.objects.get()
    assert entry.status == "helping" and entry.helper == personas.volunteer
    client.post(f"/workshops/equipe/file/{entry.pk}/fin/")
    entry.refresh_from_db()
    assert entry.status == "done"
    assert "1 personne aidée" in client.get(url).content.decode()
    assert client_for("outsider").get(url).status_code == 404
