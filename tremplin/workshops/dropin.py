"""Drop-in services: the queue of people who come to a drop-in without booking (arrival, the
helper calls the next one, the help ends), and the times waited and helped. Split from
``services.py`` by sub-domain."""

import datetime
import statistics

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.people.services import touch
from tremplin.workshops.models import Booking, Kind, QueueEntry, Session, new_booking_code
from tremplin.workshops.services import check_attendance_open, lock_session, person_arriving


@transaction.atomic
def join_queue(
    session: Session,
    *,
    first_name: str,
    phone: str,
    email: str,
    has_consent: bool,
    consent_channel: str,
    added_by,
    now: datetime.datetime | None = None,
) -> QueueEntry:
    """Someone arrives at a drop-in: finds or records the person (consent given on the spot)
    and puts them at the end of the queue. Raises ValidationError, and saves nothing, when the
    session is not a drop-in or not open now, on bad input or no consent, or when the person
    is already waiting or being helped."""
    moment = now or timezone.now()
    session = lock_session(session)
    if session.kind != Kind.DROP_IN:
        raise ValidationError(_("La file d'attente sert aux permanences."), code="not_drop_in")
    check_attendance_open(session, now=moment)
    person = person_arriving(
        session,
        first_name=first_name,
        phone=phone,
        email=email,
        has_consent=has_consent,
        consent_channel=consent_channel,
        added_by=added_by,
        now=moment,
    )
    live = (QueueEntry.Status.WAITING, QueueEntry.Status.HELPING)
    if session.queue.filter(person=person, status__in=live).exists():
        raise ValidationError(_("Cette personne est déjà dans la file."), code="duplicate")
    entry = QueueEntry.objects.create(session=session, person=person, arrived_at=moment)
    touch(person, now=moment)
    return entry


@transaction.atomic
def call_next(session: Session, *, helper, now: datetime.datetime | None = None) -> QueueEntry:
    """The helper calls the person who has waited longest. The session's row is locked, so two
    helpers calling at once call two different people. Raises ValidationError when nobody
    waits."""
    moment = now or timezone.now()
    session = lock_session(session)
    entry = session.queue.waiting().select_related("person").first()
    if entry is None:
        raise ValidationError(_("Personne n'attend pour l'instant."), code="empty")
    entry.status, entry.called_at, entry.helper = QueueEntry.Status.HELPING, moment, helper
    entry.save(update_fields=["status", "called_at", "helper"])
    touch(entry.person, now=moment)
    return entry


@transaction.atomic
def finish_help(entry: QueueEntry, *, now: datetime.datetime | None = None) -> QueueEntry:
    """The help ends: its minutes count as attendance at the drop-in (the person's timeline
    and hours). Raises ValidationError when the person was not being helped."""
    moment = now or timezone.now()
    entry = (
        QueueEntry.objects.select_for_update().select_related("session", "person").get(pk=entry.pk)
    )
    if entry.status != QueueEntry.Status.HELPING:
        raise ValidationError(_("Cette personne n'est pas en cours d'aide."), code="not_helping")
    entry.status, entry.finished_at = QueueEntry.Status.DONE, moment
    entry.save(update_fields=["status", "finished_at"])
    minutes = min(max(1, entry.helped_minutes()), 600)
    booking = Booking.objects.active().filter(session=entry.session, person=entry.person).first()
    if booking is None:
        Booking.objects.create(
            session=entry.session,
            person=entry.person,
            status=Booking.Status.ATTENDED,
            channel=Booking.Channel.WALK_IN,
            code=new_booking_code(),
            booked_by=entry.helper,
            booked_at=entry.arrived_at,
            attended_minutes=minutes,
        )
    else:
        previous = booking.attended_minutes if booking.status == Booking.Status.ATTENDED else 0
        booking.status = Booking.Status.ATTENDED
        booking.attended_minutes = min((previous or 0) + minutes, 600)
        booking.save(update_fields=["status", "attended_minutes"])
    touch(entry.person, now=moment)
    return entry


@transaction.atomic
def leave_queue(entry: QueueEntry, *, now: datetime.datetime | None = None) -> QueueEntry:
    """The person left before being called. Raises ValidationError when they were not
    waiting."""
    entry = QueueEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != QueueEntry.Status.WAITING:
        raise ValidationError(_("Cette personne n'attend plus."), code="not_waiting")
    entry.status, entry.finished_at = QueueEntry.Status.LEFT, now or timezone.now()
    entry.save(update_fields=["status", "finished_at"])
    return entry


def queue_times(session: Session) -> dict[str, int | None]:
    """Median minutes waited (everyone called) and helped (everyone whose help ended)."""
    entries = list(session.queue.exclude(called_at=None))
    waited = [entry.waited_minutes() for entry in entries]
    helped = [m for m in (entry.helped_minutes() for entry in entries) if m is not None]
    return {
        "waited": round(statistics.median(waited)) if waited else None,
        "helped": round(statistics.median(helped)) if helped else None,
        "left": session.queue.filter(status=QueueEntry.Status.LEFT).count(),
    }
