"""Factory functions for workshops: sensible defaults, keyword overrides."""

import datetime

from django.utils import timezone

from tremplin.people.models import ConsentText, Person
from tremplin.people.tests.factories import make_consent_text, make_person
from tremplin.spaces.models import Space
from tremplin.workshops import services
from tremplin.workshops.models import Booking, Kind, Session, Theme


def make_session(space: Space, *, starts_in=datetime.timedelta(days=3), **fields) -> Session:
    """A workshop ``starts_in`` from now (negative: already started), scheduled directly so that
    past and ongoing sessions can be made too."""
    starts_at = fields.pop("starts_at", None) or timezone.now() + starts_in
    fields.setdefault("kind", Kind.WORKSHOP)
    fields.setdefault("theme", Theme.EMAIL)
    fields.setdefault("title", "Envoyer un e-mail avec une pièce jointe")
    fields.setdefault("capacity", 8)
    fields.setdefault("room", "Salle 2")
    fields.setdefault("ends_at", starts_at + datetime.timedelta(minutes=90))
    return Session.objects.create(space=space, starts_at=starts_at, **fields)


def ensure_consent_text(organisation) -> ConsentText:
    return ConsentText.current_for(organisation) or make_consent_text(organisation)


def make_booking(session: Session, person=None, *, phone: str = "", **fields) -> Booking:
    """A booking by staff for ``person`` (by default a new person of the session's space, with
    ``phone``)."""
    person = person or make_person(session.space, phone=phone)
    fields.setdefault("channel", Booking.Channel.STAFF)
    return services.book_seat(session, person=person, **fields)


def make_series(space: Space, *, count: int = 3, **fields):
    """A weekly series of ``count`` sessions starting next week, through the service."""
    first = timezone.localtime(timezone.now() + datetime.timedelta(days=7)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    fields.setdefault("kind", Kind.WORKSHOP)
    fields.setdefault("theme", Theme.SMARTPHONE)
    fields.setdefault("title", "Le smartphone pas à pas")
    fields.setdefault("capacity", 6)
    return services.schedule_series(
        space,
        rule=f"FREQ=WEEKLY;COUNT={count}",
        first_starts_at=first,
        duration_minutes=90,
        **fields,
    )


def make_ongoing_session(space: Space, *bookers, **fields) -> tuple[Session, list[Booking]]:
    """A session that started ten minutes ago, with a booking (made beforehand) per person of
    ``bookers``: what the attendance sheet meets."""
    session = make_session(space, **fields)
    bookings = [make_booking(session, person) for person in bookers]
    started = timezone.now() - datetime.timedelta(minutes=10)
    Session.objects.filter(pk=session.pk).update(
        starts_at=started, ends_at=started + datetime.timedelta(minutes=90)
    )
    session.refresh_from_db()
    return session, bookings


def make_cohort(space: Space, *, members=(), **fields):
    """A cohort running from a week ago to in three weeks, with ``members`` (people)."""
    from tremplin.workshops import cohorts

    today = timezone.localdate()
    fields.setdefault("name", "Parcours emploi")
    fields.setdefault("starts_on", today - datetime.timedelta(days=7))
    fields.setdefault("ends_on", today + datetime.timedelta(days=21))
    fields.setdefault("planned_hours", 32)
    cohort = cohorts.create_cohort(space, **fields)
    for person in members:
        cohorts.add_cohort_member(cohort, person=person, added_by=None)
    return cohort


def make_drop_in_queue(space: Space, helped: Person, waiting: Person):
    """A drop-in that started ten minutes ago: ``helped`` is being helped, ``waiting`` waits.
    Returns the session and the two queue entries."""
    from tremplin.workshops.models import QueueEntry

    session, _bookings = make_ongoing_session(
        space, kind=Kind.DROP_IN, theme=Theme.PROCEDURES, title="Permanence démarches"
    )
    now = timezone.now()
    helping = QueueEntry.objects.create(
        session=session,
        person=helped,
        status=QueueEntry.Status.HELPING,
        arrived_at=now - datetime.timedelta(minutes=9),
        called_at=now - datetime.timedelta(minutes=5),
    )
    queued = QueueEntry.objects.create(
        session=session, person=waiting, arrived_at=now - datetime.timedelta(minutes=3)
    )
    return session, helping, queued


def make_appointments(space: Space, *, count: int = 4, minutes: int = 30, **fields) -> Session:
    """A drop-in, in three days at 9:00, cut into ``count`` appointments of ``minutes``, through
    the service. Returns the drop-in (its ``appointments`` in order of time)."""
    day = timezone.localtime(timezone.now() + datetime.timedelta(days=3))
    starts_at = fields.pop("starts_at", day.replace(hour=9, minute=0, second=0, microsecond=0))
    fields.setdefault("theme", Theme.PROCEDURES)
    fields.setdefault("title", "Permanence démarches")
    return services.schedule_session(
        space,
        kind=Kind.DROP_IN,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=count * minutes),
        capacity=count,
        appointment_minutes=minutes,
        **fields,
    )
