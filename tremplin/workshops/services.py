"""Workshop services: schedule sessions and weekly series, book a seat (online, by staff, or a
walk-in), the waitlist, cancellation, attendance.

Seats are scarce: ``book_seat`` and ``cancel_booking`` lock the session's row
(``select_for_update``) and count the seats inside the lock, so two people booking the last seat
never both get it (PostgreSQL proves it in ``tests/test_concurrency.py``). Messages to people
(a seat freed, a session cancelled) leave once the transaction has committed.
"""

import datetime
from collections.abc import Iterable

from dateutil.rrule import WEEKLY, rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tremplin.core.senders import send_sms
from tremplin.people.models import ConsentText, Person
from tremplin.people.services import find_or_create_person_for_booking, touch
from tremplin.spaces.models import Space
from tremplin.workshops.models import (
    MAX_CAPACITY,
    Booking,
    Cohort,
    Kind,
    Level,
    Reminder,
    Satisfaction,
    Series,
    Session,
    SessionQuerySet,
    Theme,
    new_booking_code,
)

MAX_SERIES_SESSIONS = 60  # more than a year of weekly sessions: a typing mistake, surely
MAX_SESSION_MINUTES = 8 * 60
# Individual appointments cut from a drop-in last from 10 minutes to 4 hours each.
MIN_APPOINTMENT_MINUTES, MAX_APPOINTMENT_MINUTES = 10, 4 * 60
# Attendance can be taken from a little before the start (people arrive early) until a week on.
ATTENDANCE_OPENS_BEFORE = datetime.timedelta(hours=1)


def _moment(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _check_session_fields(
    *, kind: str, theme: str, title: str, capacity: int, level: str, minutes: int
) -> None:
    if kind not in Kind.values:
        raise ValidationError(_("Choisissez le type de séance."))
    if theme not in Theme.values:
        raise ValidationError(_("Choisissez le thème."))
    if level not in Level.values:
        raise ValidationError(_("Choisissez le niveau."))
    if not title.strip():
        raise ValidationError(_("Écrivez le titre de la séance."))
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError(
            _("Le nombre de places va de 1 à %(max)s.") % {"max": MAX_CAPACITY}, code="capacity"
        )
    if not 1 <= minutes <= MAX_SESSION_MINUTES:
        raise ValidationError(_("Une séance dure de 1 minute à 8 heures."), code="duration")


@transaction.atomic
def schedule_session(
    space: Space,
    *,
    kind: str,
    theme: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    room: str = "",
    level: str = Level.EVERYONE,
    learning_modules: Iterable[str] = (),
    series: Series | None = None,
    cohort: Cohort | None = None,
    appointment_minutes: int | None = None,
    guide: str = "",
    now: datetime.datetime | None = None,
) -> Session:
    """Schedules one session at ``space``; a cohort's session books every member a seat. With
    ``appointment_minutes``, a drop-in is cut into individual appointments of that length (one
    seat each, see ``cut_into_appointments``).
    Raises ValidationError, and saves nothing, for a session in the past, one that ends before
    it starts or lasts over 8 hours, a number of seats outside 1–200, a cohort of another
    space, or appointments that are not those of a drop-in or do not fit in it."""
    if ends_at <= starts_at:
        raise ValidationError(_("La fin doit venir après le début."), code="ends_before_start")
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    _check_session_fields(
        kind=kind, theme=theme, title=title, capacity=capacity, level=level, minutes=minutes
    )
    if starts_at <= _moment(now):
        raise ValidationError(
            _("Cette date est passée : choisissez une date à venir."), code="past"
        )
    if cohort is not None and cohort.space_id != space.pk:
        raise ValidationError(_("La cohorte choisie suit un autre espace."), code="cohort")
    modules = [str(slug).strip() for slug in learning_modules if str(slug).strip()]
    if appointment_minutes:
        _check_appointments(kind=kind, minutes=minutes, appointment_minutes=appointment_minutes)
        capacity = minutes // appointment_minutes
    session = Session.objects.create(
        space=space,
        series=series,
        cohort=cohort,
        kind=kind,
        theme=theme,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        room=room.strip(),
        level=level,
        learning_modules=modules,
        guide=guide,
    )
    if appointment_minutes:
        cut_into_appointments(session, minutes=appointment_minutes)
    elif cohort is not None:
        for member in cohort.members.select_related("person"):
            book_seat(session, person=member.person, channel=Booking.Channel.STAFF, now=now)
    return session


def _check_appointments(*, kind: str, minutes: int, appointment_minutes: int) -> None:
    if kind != Kind.DROP_IN:
        raise ValidationError(
            _("Seule une permanence se découpe en rendez-vous individuels."), code="not_drop_in"
        )
    if not MIN_APPOINTMENT_MINUTES <= appointment_minutes <= MAX_APPOINTMENT_MINUTES:
        raise ValidationError(
            _("Un rendez-vous dure de %(min)s à %(max)s minutes.")
            % {"min": MIN_APPOINTMENT_MINUTES, "max": MAX_APPOINTMENT_MINUTES},
            code="appointment_minutes",
        )
    if appointment_minutes > minutes:
        raise ValidationError(
            _("Un rendez-vous ne peut pas durer plus longtemps que la permanence."),
            code="appointment_too_long",
        )


def cut_into_appointments(drop_in: Session, *, minutes: int) -> list[Session]:
    """Cuts the drop-in into back-to-back appointments of ``minutes`` (what is left at the end,
    shorter, stays walk-in time): one session of one seat each, with the drop-in as ``parent``,
    booked like any seat (``book_seat``). Inside the caller's transaction."""
    length = datetime.timedelta(minutes=minutes)
    start, appointments = drop_in.starts_at, []
    while start + length <= drop_in.ends_at:
        appointments.append(
            Session.objects.create(
                space=drop_in.space,
                parent=drop_in,
                kind=drop_in.kind,
                theme=drop_in.theme,
                title=drop_in.title,
                starts_at=start,
                ends_at=start + length,
                capacity=1,
                room=drop_in.room,
                level=drop_in.level,
                learning_modules=drop_in.learning_modules,
            )
        )
        start += length
    return appointments


def occurrences(rule: str, *, first_starts_at: datetime.datetime) -> list[datetime.datetime]:
    """The start times of an RFC 5545 weekly rule (``FREQ=WEEKLY;BYDAY=TU;COUNT=10``), from
    ``first_starts_at`` in the local time zone: 14:00 stays 14:00 across a change of time.

    Raises ValidationError for an unreadable rule, a rule that is not weekly, a rule without an
    end (COUNT or UNTIL), or one that gives more than 60 sessions or none."""
    text = (rule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    local_start = timezone.localtime(first_starts_at)
    try:
        recurrence = rrulestr(text, dtstart=local_start)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("Cette règle de répétition est illisible."), code="bad_rule"
        ) from error
    if getattr(recurrence, "_freq", None) != WEEKLY:
        raise ValidationError(_("Une série se répète chaque semaine."), code="not_weekly")
    if recurrence._count is None and recurrence._until is None:
        raise ValidationError(
            _("Dites quand la série s'arrête : une date de fin ou un nombre de séances."),
            code="no_end",
        )
    starts = []
    for start in recurrence:
        starts.append(start)
        if len(starts) > MAX_SERIES_SESSIONS:
            raise ValidationError(
                _("Une série a au plus %(max)s séances.") % {"max": MAX_SERIES_SESSIONS},
                code="too_long",
            )
    if not starts:
        raise ValidationError(_("Cette série ne donne aucune date."), code="empty")
    return starts


@transaction.atomic
def schedule_series(
    space: Space,
    *,
    rule: str,
    first_starts_at: datetime.datetime,
    duration_minutes: int,
    kind: str,
    theme: str,
    title: str,
    capacity: int,
    room: str = "",
    level: str = Level.EVERYONE,
    learning_modules: Iterable[str] = (),
    cohort: Cohort | None = None,
    appointment_minutes: int | None = None,
    guide: str = "",
    now: datetime.datetime | None = None,
) -> Series:
    """Schedules a weekly series and one session per date of its rule. Raises ValidationError,
    and saves nothing, when the rule has no end, is not weekly, gives no or too many dates, a
    date is past, or a session would be invalid (see ``schedule_session``)."""
    _check_session_fields(
        kind=kind,
        theme=theme,
        title=title,
        capacity=capacity,
        level=level,
        minutes=duration_minutes or 0,
    )
    starts = occurrences(rule, first_starts_at=first_starts_at)
    series = Series.objects.create(
        space=space,
        title=title.strip(),
        rule=rule.strip(),
        first_starts_at=first_starts_at,
        duration_minutes=duration_minutes,
        created_at=_moment(now),
    )
    duration = datetime.timedelta(minutes=duration_minutes)
    for start in starts:
        schedule_session(
            space,
            kind=kind,
            theme=theme,
            title=title,
            starts_at=start,
            ends_at=start + duration,
            capacity=capacity,
            room=room,
            level=level,
            learning_modules=learning_modules,
            series=series,
            cohort=cohort,
            appointment_minutes=appointment_minutes,
            guide=guide,
            now=now,
        )
    return series


def lock_session(session: Session) -> Session:
    """The session row, locked until the transaction ends: seats, the waiting list and the
    drop-in queue change one request at a time. An appointment's drop-in is locked first (rows
    are always locked parent first, i.e. by increasing id: two requests never wait on each
    other), so that one person's two requests for two appointments of one drop-in queue up."""
    if session.parent_id is not None:
        Session.objects.select_for_update().filter(pk=session.parent_id).first()
    return Session.objects.select_for_update().select_related("space").get(pk=session.pk)


def person_arriving(
    session: Session,
    *,
    first_name: str,
    phone: str,
    email: str,
    has_consent: bool,
    consent_channel: str,
    added_by,
    now: datetime.datetime,
):
    """Someone who comes without a booking (a walk-in, a drop-in arrival), found or recorded
    through the people services with the consent they gave on the spot, on the organisation's
    current text. Raises ValidationError on bad input or without consent."""
    return find_or_create_person_for_booking(
        session.space,
        first_name=first_name,
        phone=phone,
        email=email,
        consent_text=ConsentText.current_for(session.organisation_id),
        has_consent=has_consent,
        channel=consent_channel,
        recorded_by=added_by,
        now=now,
    )


def _bookable(session: Session, *, now: datetime.datetime) -> None:
    if session.is_cancelled:
        raise ValidationError(_("Cette séance est annulée."), code="cancelled")
    if session.has_started(now=now):
        raise ValidationError(
            _("Cette séance a déjà commencé ou est passée : choisissez une autre date."),
            code="past",
        )


@transaction.atomic
def book_seat(
    session: Session,
    *,
    person: Person,
    channel: str,
    booked_by=None,
    moving_from: Booking | None = None,
    now: datetime.datetime | None = None,
) -> Booking:
    """Gives the person a seat, or a place on the waitlist when every seat is taken. The seats
    are counted inside a lock on the session's row: never more bookings than seats. An
    appointment has no waitlist: it is taken once, and one person holds at most one
    appointment of a drop-in (``moving_from``: the one they are leaving).

    Raises ValidationError, and saves nothing, for a cancelled or past session, a drop-in cut
    into appointments (one books an appointment), an appointment already taken or a second one
    at the same drop-in, an erased record, or a person who already has a booking for this
    session.
    """
    moment = _moment(now)
    session = lock_session(session)
    _bookable(session, now=moment)
    if person.is_anonymised:
        raise ValidationError(_("Cette fiche a été effacée."))
    if session.parent_id is None and session.appointments.exists():
        raise ValidationError(
            _("Cette permanence est sur rendez-vous : choisissez une heure."), code="choose_time"
        )
    if session.parent_id is not None:
        _check_appointment_free(session, person=person, moving_from=moving_from)
    if Booking.objects.active().filter(session=session, person=person).exists():
        raise ValidationError(
            _(
                "Vous êtes déjà inscrit·e à cette séance avec ce numéro ou cette adresse. "
                "Gardez votre code de réservation, ou annulez d'abord."
            ),
            code="duplicate",
        )
    taken = session.seats_taken()
    status = Booking.Status.BOOKED if taken < session.capacity else Booking.Status.WAITLISTED
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                session=session,
                person=person,
                status=status,
                channel=channel,
                code=new_booking_code(),
                booked_by=booked_by
                if booked_by is not None and booked_by.is_authenticated
                else None,
                booked_at=moment,
            )
    except IntegrityError as error:  # the same person from another request, a moment earlier
        raise ValidationError(
            _("Vous êtes déjà inscrit·e à cette séance avec ce numéro ou cette adresse."),
            code="duplicate",
        ) from error
    touch(person, now=moment)
    return booking


@transaction.atomic
def book_online(
    session: Session,
    *,
    first_name: str,
    phone: str,
    email: str,
    has_consent: bool,
    now: datetime.datetime | None = None,
) -> Booking:
    """A public booking without an account: finds or records the person (consent online, the
    organisation's current text) and books them a seat or a waitlist place. Everything in one
    transaction: any ValidationError leaves nothing stored, not even the person."""
    moment = _moment(now)
    _bookable(lock_session(session), now=moment)
    person = find_or_create_person_for_booking(
        session.space,
        first_name=first_name,
        phone=phone,
        email=email,
        consent_text=ConsentText.current_for(session.organisation_id),
        has_consent=has_consent,
        now=moment,
    )
    return book_seat(session, person=person, channel=Booking.Channel.ONLINE, now=moment)


def _check_appointment_free(
    appointment: Session, *, person: Person, moving_from: Booking | None
) -> None:
    """Inside the locks of the drop-in and the appointment."""
    if appointment.seats_taken() >= appointment.capacity:
        raise ValidationError(
            _("Ce rendez-vous vient d'être pris : choisissez une autre heure."), code="taken"
        )
    others = Booking.objects.active().filter(
        session__parent_id=appointment.parent_id, person=person
    )
    if moving_from is not None:
        others = others.exclude(pk=moving_from.pk)
    if others.exists():
        raise ValidationError(
            _(
                "Vous avez déjà un rendez-vous à cette permanence. Gardez votre code : "
                "il sert à changer l'heure ou à annuler."
            ),
            code="duplicate_appointment",
        )


def _promote_next(session: Session, *, now: datetime.datetime) -> Booking | None:
    """Inside the session's lock: gives a freed seat to the first person waiting, if any."""
    if session.is_cancelled or session.has_started(now=now):
        return None
    if session.seats_taken() >= session.capacity:
        return None
    waiting = (
        Booking.objects.filter(session=session, status=Booking.Status.WAITLISTED)
        .select_related("person")
        .order_by("booked_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = Booking.Status.BOOKED
    waiting.promoted_at = now
    waiting.save(update_fields=["status", "promoted_at"])
    touch(waiting.person, now=now)
    text = _("Bonne nouvelle : une place s'est libérée pour « %(title)s » le %(when)s. %(where)s.")
    _tell_after_commit(waiting.person, text % _details(session))
    return waiting


@transaction.atomic
def cancel_booking(booking: Booking, *, by=None, now: datetime.datetime | None = None) -> Booking:
    """Cancels a booking (a seat or a waitlist place). A freed seat goes to the first person on
    the waitlist, who is told by SMS or e-mail. Raises ValidationError when the booking is no
    longer live (already cancelled, or attendance taken) or the session has started."""
    moment = _moment(now)
    session = lock_session(booking.session)
    booking = Booking.objects.select_related("person").get(pk=booking.pk)
    if not booking.is_live:
        raise ValidationError(_("Cette réservation est déjà annulée ou terminée."), code="not_live")
    if session.has_started(now=moment):
        raise ValidationError(_("La séance a commencé : on ne peut plus annuler."), code="past")
    was_seated = booking.status == Booking.Status.BOOKED
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = moment
    booking.save(update_fields=["status", "cancelled_at"])
    touch(booking.person, now=moment)
    if was_seated:
        _promote_next(session, now=moment)
    return booking


def other_dates(booking: Booking, *, now: datetime.datetime | None = None) -> SessionQuerySet:
    """The dates a booking may move to: the other sessions to come of the same series, or of
    the same title at the same space; for an appointment, the free appointments of drop-ins of
    the same title at the same space."""
    session = booking.session
    if session.parent_id is not None:
        return (
            Session.objects.free_appointments(now=now)
            .filter(space_id=session.space_id, title=session.title, space__is_active=True)
            .exclude(pk=session.pk)
            .with_seats()
            .order_by("starts_at", "pk")
        )
    same = {"series": session.series} if session.series_id else {"title": session.title}
    return (
        Session.objects.public(now=now)
        .listed()
        .filter(space_id=session.space_id, **same)
        .exclude(pk=session.pk)
        .with_seats()
        .order_by("starts_at")
    )


@transaction.atomic
def move_booking(booking: Booking, *, to: Session, now: datetime.datetime | None = None) -> Booking:
    """Moves a live booking to another date of the same workshop: a seat (or a waitlist place)
    there, then the old one cancelled, its seat going to the first person waiting. Both
    sessions are locked, in a fixed order so that two moves never wait on each other. Raises
    ValidationError, and changes nothing, when the booking is no longer live, the old session
    has started, or the new date is not one of ``other_dates``."""
    moment = _moment(now)
    ids = {booking.session_id, to.pk, booking.session.parent_id, to.parent_id} - {None}
    list(Session.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    booking = Booking.objects.select_related("session__space", "person").get(pk=booking.pk)
    if not booking.is_live:
        raise ValidationError(_("Cette réservation est déjà annulée ou terminée."), code="not_live")
    if booking.session.has_started(now=moment):
        raise ValidationError(_("La séance a commencé : on ne peut plus changer."), code="past")
    if not other_dates(booking, now=moment).filter(pk=to.pk).exists():
        raise ValidationError(_("Choisissez une autre date de cet atelier."), code="other_date")
    moved = book_seat(
        to,
        person=booking.person,
        channel=booking.channel,
        booked_by=booking.booked_by,
        moving_from=booking,
        now=now,
    )
    cancel_booking(booking, now=now)
    return moved


@transaction.atomic
def change_session(
    session: Session, *, room: str, capacity: int, now: datetime.datetime | None = None
) -> Session:
    """Changes the room or the number of seats of a session to come. More seats go at once to
    the people waiting, in order, who are told. Raises ValidationError for a number of seats
    outside 1–200 or below the seats already taken, or a session cancelled or started."""
    moment = _moment(now)
    session = lock_session(session)
    _bookable(session, now=moment)
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError(
            _("Le nombre de places va de 1 à %(max)s.") % {"max": MAX_CAPACITY}, code="capacity"
        )
    if session.appointments.exists():
        if capacity != session.capacity:
            raise ValidationError(
                _(
                    "Une permanence sur rendez-vous a une place par rendez-vous : le nombre "
                    "de places ne change pas."
                ),
                code="appointments",
            )
        session.appointments.update(room=room.strip())
    taken = session.seats_taken()
    if capacity < taken:
        raise ValidationError(
            _(
                "%(taken)s personnes ont déjà une place : gardez au moins %(taken)s places, "
                "ou annulez d'abord des réservations."
            )
            % {"taken": taken},
            code="below_taken",
        )
    session.room, session.capacity = room.strip(), capacity
    session.save(update_fields=["room", "capacity"])
    while _promote_next(session, now=moment) is not None:
        pass
    return session


@transaction.atomic
def cancel_session(session: Session, *, now: datetime.datetime | None = None) -> Session:
    """Cancels one date: every live booking is cancelled and its person told. Raises
    ValidationError when the session is already cancelled or has started."""
    moment = _moment(now)
    session = lock_session(session)
    if session.is_cancelled:
        raise ValidationError(_("Cette séance est déjà annulée."), code="cancelled")
    if session.has_started(now=moment):
        raise ValidationError(_("Cette séance a commencé : on ne peut plus l'annuler."))
    session.cancelled_at = moment
    session.save(update_fields=["cancelled_at"])
    text = _("La séance « %(title)s » du %(when)s est annulée. Nous sommes désolés.")
    for booking in session.bookings.active().select_related("person"):
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = moment
        booking.save(update_fields=["status", "cancelled_at"])
        _tell_after_commit(booking.person, text % _details(session))
    for appointment in session.appointments.upcoming(now=moment):
        cancel_session(appointment, now=moment)
    return session


@transaction.atomic
def cancel_series(series: Series, *, now: datetime.datetime | None = None) -> Series:
    """Cancels every date of the series still to come (past ones stay as they were). Raises
    ValidationError when the series is already cancelled."""
    moment = _moment(now)
    series = Series.objects.select_for_update().get(pk=series.pk)
    if series.cancelled_at is not None:
        raise ValidationError(_("Cette série est déjà annulée."), code="cancelled")
    for session in series.sessions.upcoming(now=moment):
        cancel_session(session, now=moment)
    series.cancelled_at = moment
    series.save(update_fields=["cancelled_at"])
    return series


def check_attendance_open(session: Session, *, now: datetime.datetime) -> None:
    """Raises ValidationError unless attendance (or a drop-in queue) can be kept now: the
    session is not cancelled, and starts within the hour or has started."""
    if session.is_cancelled:
        raise ValidationError(_("Cette séance est annulée."), code="cancelled")
    if now < session.starts_at - ATTENDANCE_OPENS_BEFORE:
        raise ValidationError(
            _("L'appel se fait le jour de la séance, au plus tôt une heure avant."),
            code="too_early",
        )


@transaction.atomic
def record_attendance(
    booking: Booking,
    *,
    is_present: bool,
    minutes: int | None = None,
    now: datetime.datetime | None = None,
) -> Booking:
    """Marks a booked person present (for the whole session unless ``minutes`` says less) or
    absent. Their minutes reach their timeline and hours. Raises ValidationError for a
    cancelled or waitlisted booking, a session not yet open for attendance, or minutes outside
    the session's length."""
    moment = _moment(now)
    booking = (
        Booking.objects.select_for_update().select_related("session", "person").get(pk=booking.pk)
    )
    session = booking.session
    check_attendance_open(session, now=moment)
    if booking.status not in Booking.SEAT_TAKING:
        raise ValidationError(
            _("Seule une personne inscrite peut être notée présente ou absente."),
            code="not_seated",
        )
    if is_present:
        minutes = session.duration_minutes if minutes is None else minutes
        if not 1 <= minutes <= session.duration_minutes:
            raise ValidationError(
                _("Les minutes de présence vont de 1 à %(max)s.")
                % {"max": session.duration_minutes},
                code="minutes",
            )
        booking.status, booking.attended_minutes = Booking.Status.ATTENDED, minutes
    else:
        booking.status, booking.attended_minutes = Booking.Status.ABSENT, None
    booking.save(update_fields=["status", "attended_minutes"])
    touch(booking.person, now=moment)
    return booking


@transaction.atomic
def add_walk_in(
    session: Session,
    *,
    first_name: str,
    phone: str,
    email: str,
    has_consent: bool,
    consent_channel: str,
    added_by,
    now: datetime.datetime | None = None,
) -> Booking:
    """Someone came without booking: finds or records the person (with the consent they gave
    on the spot) and marks them present for the whole session. A walk-in is already in the
    room, so it is recorded even when every seat is booked. Raises ValidationError, and saves
    nothing, on a cancelled session or one not open for attendance, on bad input or no
    consent, or when the person is already on the sheet."""
    moment = _moment(now)
    session = lock_session(session)
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
    if Booking.objects.active().filter(session=session, person=person).exists():
        raise ValidationError(
            _("Cette personne est déjà sur la liste : cochez « présent·e » à côté de son nom."),
            code="duplicate",
        )
    booking = Booking.objects.create(
        session=session,
        person=person,
        status=Booking.Status.ATTENDED,
        channel=Booking.Channel.WALK_IN,
        code=new_booking_code(),
        booked_by=added_by,
        booked_at=moment,
        attended_minutes=session.duration_minutes,
    )
    touch(person, now=moment)
    return booking


@transaction.atomic
def record_satisfaction(
    booking: Booking, *, score: int, word: str = "", now: datetime.datetime | None = None
) -> Satisfaction:
    """Records the one answer after an attended session. Raises ValidationError when the person
    was not marked present, already answered, or the score is not one of the five smileys."""
    booking = Booking.objects.select_for_update().select_related("person").get(pk=booking.pk)
    if booking.status != Booking.Status.ATTENDED:
        raise ValidationError(
            _("On donne son avis après être venu·e à la séance."), code="not_attended"
        )
    if Satisfaction.objects.filter(booking=booking).exists():
        raise ValidationError(_("Merci, votre avis est déjà noté."), code="already")
    if score not in Satisfaction.Score.values:
        raise ValidationError(_("Choisissez un visage."), code="score")
    moment = _moment(now)
    answer = Satisfaction.objects.create(
        booking=booking, score=score, word=" ".join(word.split())[:200], answered_at=moment
    )
    touch(booking.person, now=moment)
    return answer


def hours_attended(person: Person) -> float:
    """Hours the person spent in sessions (attendance taken), for their record and cohorts."""
    minutes = person.bookings.filter(status=Booking.Status.ATTENDED).values_list(
        "attended_minutes", flat=True
    )
    return round(sum(value or 0 for value in minutes) / 60, 1)


# Reminders ---------------------------------------------------------------------------------

# The morning reminder leaves from 7:00 on the day of the session; the other one two days ahead
# (from 48 h to 24 h before the start, for a task that runs every hour).
MORNING_REMINDER_FROM = datetime.time(7, 0)
TWO_DAYS = datetime.timedelta(hours=48)
ONE_DAY = datetime.timedelta(hours=24)


def reminder_due(booking: Booking, *, now: datetime.datetime) -> str | None:
    """Which reminder is due for a live seat now (``Reminder.Kind``), or None."""
    start = booking.session.starts_at
    if start <= now or start - now > TWO_DAYS:
        return None
    local_now = timezone.localtime(now)
    if local_now.date() == timezone.localtime(start).date():
        return Reminder.Kind.MORNING if local_now.time() >= MORNING_REMINDER_FROM else None
    return Reminder.Kind.TWO_DAYS if start - now > ONE_DAY else None


def due_reminders(*, now: datetime.datetime | None = None) -> list[tuple[Booking, str]]:
    """The seats of the next two days whose reminder is due and not yet sent."""
    moment = _moment(now)
    bookings = (
        Booking.objects.filter(
            status=Booking.Status.BOOKED,
            session__cancelled_at__isnull=True,
            session__starts_at__gt=moment,
            session__starts_at__lte=moment + TWO_DAYS,
        )
        .select_related("session__space", "person")
        .prefetch_related("reminders")
        .order_by("session__starts_at", "pk")
    )
    due = []
    for booking in bookings:
        kind = reminder_due(booking, now=moment)
        if kind and kind not in {reminder.kind for reminder in booking.reminders.all()}:
            due.append((booking, kind))
    return due


def reminder_text(booking: Booking, *, kind: str) -> str:
    """A short, plain message: what, when, where, and the link to cancel."""
    session = booking.session
    details = _details(session)
    details["link"] = settings.TREMPLIN_PUBLIC_URL + booking.get_absolute_url()
    if kind == Reminder.Kind.MORNING:
        details["time"] = timezone.localtime(session.starts_at).strftime("%H:%M")
        text = _("Rappel : aujourd'hui à %(time)s, « %(title)s ». %(where)s.")
    else:
        text = _("Rappel : « %(title)s » le %(when)s. %(where)s.")
    return (text + " " + _("Pour annuler : %(link)s")) % details


def send_reminder(
    booking: Booking, *, kind: str, now: datetime.datetime | None = None
) -> Reminder | None:
    """Sends one reminder, once: the ``Reminder`` row is inserted before the message leaves, in
    the same transaction. A second run, or a worker racing this one, fails on the unique row
    (after waiting for this transaction) and sends nothing; if sending fails, the row goes with
    the rollback and the next run tries again. Returns None when nothing was sent: already
    sent, the seat no longer live, or no phone nor e-mail left on the record."""
    moment = _moment(now)
    try:
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(of=("self",))
                .select_related("session__space", "person")
                .get(pk=booking.pk)
            )
            person = booking.person
            channel = "sms" if person.phone else "email" if person.email else ""
            if booking.status != Booking.Status.BOOKED or booking.session.is_cancelled:
                return None
            if not channel:
                return None
            reminder = Reminder.objects.create(
                booking=booking, kind=kind, channel=channel, sent_at=moment
            )
            tell(person, reminder_text(booking, kind=kind))
    except IntegrityError:
        return None
    return reminder


def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Sends every reminder due now; returns how many left. Safe to run twice or in parallel."""
    moment = _moment(now)
    sent = 0
    for booking, kind in due_reminders(now=moment):
        if send_reminder(booking, kind=kind, now=moment) is not None:
            sent += 1
    return sent


# Messages ----------------------------------------------------------------------------------


def _details(session: Session) -> dict:
    start = timezone.localtime(session.starts_at)
    return {
        "title": session.title,
        "when": formats.date_format(start, "l j F à H:i"),
        "where": f"{session.space.name}, {session.space.address}, {session.space.town}",
    }


def tell(person: Person, text: str) -> None:
    """Sends a short message to the person: by SMS when they left a phone, else by e-mail."""
    if person.phone:
        send_sms(person.phone, text)
    elif person.email:
        send_mail(_("Tremplin : votre atelier"), text, None, [person.email])


def _tell_after_commit(person: Person, text: str) -> None:
    # Once committed: a message never announces a seat that a rollback took back.
    transaction.on_commit(lambda: tell(person, text))
