"""Demo network, workshops: a season in every demo space (two weekly workshops and a weekly
drop-in, from ten weeks ago to six weeks ahead), with bookings, attendance, waitlists and a few
satisfaction answers; in Strasbourg, a drop-in on appointments for the coming weeks. Only people active in the last ten months book, so the demo's count of
people to anonymise does not move."""

import datetime

from django.utils import timezone

from tremplin.people.models import Person
from tremplin.spaces.models import Membership
from tremplin.workshops.models import (
    Assignment,
    Booking,
    Cohort,
    CohortMember,
    Kind,
    Level,
    Satisfaction,
    Series,
    Session,
    Theme,
    new_booking_code,
)

WEEKS_BEFORE, WEEKS_AFTER = 10, 6
PROGRAMME = [
    # title, kind, theme, level, weekday, start, minutes, capacity, room, modules
    (
        "Le smartphone pas à pas",
        Kind.WORKSHOP,
        Theme.SMARTPHONE,
        Level.BEGINNER,
        1,
        datetime.time(14, 0),
        90,
        8,
        "Salle 1",
        ["gestes-tactiles"],
    ),
    (
        "Envoyer un e-mail avec une pièce jointe",
        Kind.WORKSHOP,
        Theme.EMAIL,
        Level.INTERMEDIATE,
        3,
        datetime.time(10, 0),
        120,
        6,
        "Salle 2",
        [],
    ),
    (
        "Permanence démarches en ligne",
        Kind.DROP_IN,
        Theme.PROCEDURES,
        Level.EVERYONE,
        4,
        datetime.time(9, 30),
        150,
        5,
        "Accueil",
        [],
    ),
]
WORDS = ["", "", "", "Merci beaucoup", "Très clair", "Un peu rapide", "J'ai appris plein de choses"]


def seed(network) -> None:
    organisations = [network.organisation, network.second_organisation]
    if Session.objects.filter(organisation__in=organisations).exists():
        network.stdout.write("  workshops: already there")
        return
    rng, now = network.rng, timezone.now()
    spaces = [*network.spaces.values(), *network.second_spaces.values()]
    recent = now - datetime.timedelta(days=300)
    people_by_space: dict[int, list[Person]] = {}
    for person in Person.objects.active().filter(last_activity_at__gte=recent).order_by("pk"):
        people_by_space.setdefault(person.home_space_id, []).append(person)
    sessions = []
    for space in spaces:
        for row in PROGRAMME:
            sessions += _season(space, row, now=now)
    Session.objects.bulk_create(sessions, batch_size=500)
    bookings, answers, touched = [], [], {}
    for session in Session.objects.filter(organisation__in=organisations).select_related("space"):
        people = [
            p for p in people_by_space.get(session.space_id, []) if p.created_at < session.starts_at
        ]
        is_past = session.ends_at < now
        wanted = rng.randint(session.capacity // 2, session.capacity + 2)
        for rank, person in enumerate(rng.sample(people, min(wanted, len(people)))):
            booking = _booking(session, person, rank=rank, is_past=is_past, rng=rng)
            bookings.append(booking)
            if booking.status == Booking.Status.ATTENDED:
                touched[person.pk] = max(touched.get(person.pk, session.ends_at), session.ends_at)
    Booking.objects.bulk_create(bookings, batch_size=500)
    for booking in Booking.objects.filter(
        organisation__in=organisations, status=Booking.Status.ATTENDED
    ).select_related("session"):
        if rng.random() < 0.3:
            answers.append(
                Satisfaction(
                    organisation_id=booking.organisation_id,
                    space_id=booking.space_id,
                    booking=booking,
                    score=rng.choice([3, 4, 4, 5, 5, 5, 2]),
                    word=rng.choice(WORDS),
                    answered_at=booking.session.ends_at,
                )
            )
    Satisfaction.objects.bulk_create(answers, batch_size=500)
    for person in Person.objects.filter(pk__in=touched):
        if touched[person.pk] > person.last_activity_at:
            Person.objects.filter(pk=person.pk).update(last_activity_at=touched[person.pk])
    appointments = _appointments(network, people_by_space, now=now)
    _assign_helpers(organisations, rng)
    cohort = _cohort(network, now=now)
    network.stdout.write(
        f"  workshops: {len(sessions)} sessions, {len(bookings)} bookings, "
        f"{len(answers)} satisfaction answers, {appointments} appointments, cohort « {cohort} »"
    )


def _appointments(network, people_by_space, *, now) -> int:
    """Strasbourg's Wednesday drop-in on appointments for the next four weeks (14:00–16:00, four
    appointments of 30 minutes), two of each taken, through the services."""
    from tremplin.workshops import services

    space = network.spaces["strasbourg"]
    people = people_by_space.get(space.pk, [])
    today = timezone.localdate(now)
    wednesday = today + datetime.timedelta(days=(2 - today.weekday()) % 7 or 7)
    count = 0
    for week in range(4):
        day = wednesday + datetime.timedelta(weeks=week)
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 0)))
        drop_in = services.schedule_session(
            space,
            kind=Kind.DROP_IN,
            theme=Theme.PROCEDURES,
            title="Rendez-vous démarches",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            capacity=4,
            room="Bureau 1",
            appointment_minutes=30,
            now=now,
        )
        taken = drop_in.appointments.order_by("starts_at")[:2]
        for appointment, person in zip(taken, people[week * 2 : week * 2 + 2], strict=False):
            services.book_seat(appointment, person=person, channel=Booking.Channel.STAFF, now=now)
        count += drop_in.appointments.count()
    return count


def _assign_helpers(organisations, rng) -> None:
    """One or two of the space's staff help at each session."""
    staff: dict[int, list[int]] = {}
    for space_id, user_id in Membership.objects.values_list("space_id", "user_id"):
        staff.setdefault(space_id, []).append(user_id)
    rows = []
    for session in Session.objects.filter(organisation__in=organisations).only("pk", "space_id"):
        team = staff.get(session.space_id, [])
        for user_id in rng.sample(team, min(len(team), rng.randint(1, 2))):
            rows.append(
                Assignment(
                    organisation_id=session.organisation_id, session=session, helper_id=user_id
                )
            )
    Assignment.objects.bulk_create(rows, batch_size=500)


def _cohort(network, *, now) -> Cohort:
    """The job seekers' programme with the employment agency in Strasbourg: the Tuesday
    smartphone series is its sessions, the people booked into them its members."""
    space = network.spaces["strasbourg"]
    series = space.workshop_series.get(title=PROGRAMME[0][0])
    first = timezone.localdate(series.first_starts_at)
    partner = next(iter(network.partners.values()))
    cohort = Cohort.objects.create(
        space=space,
        partner=partner,
        name="Parcours emploi – France Travail",
        starts_on=first,
        ends_on=first + datetime.timedelta(weeks=WEEKS_BEFORE + WEEKS_AFTER),
        planned_hours=24,
        pathway="premiers-pas",
    )
    series.sessions.update(cohort=cohort)
    people = (
        Booking.objects.filter(session__series=series)
        .exclude(status=Booking.Status.WAITLISTED)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )
    CohortMember.objects.bulk_create(
        [
            CohortMember(
                organisation_id=cohort.organisation_id,
                cohort=cohort,
                person_id=person_id,
                joined_on=first,
            )
            for person_id in people
        ]
    )
    return cohort


def _season(space, row, *, now) -> list[Session]:
    title, kind, theme, level, weekday, start, minutes, capacity, room, modules = row
    today = timezone.localdate(now)
    monday = today - datetime.timedelta(days=today.weekday())
    first_day = monday - datetime.timedelta(weeks=WEEKS_BEFORE) + datetime.timedelta(days=weekday)
    first = timezone.make_aware(datetime.datetime.combine(first_day, start))
    count = WEEKS_BEFORE + WEEKS_AFTER
    series = Series.objects.create(
        space=space,
        title=title,
        rule=f"FREQ=WEEKLY;COUNT={count}",
        first_starts_at=first,
        duration_minutes=minutes,
        created_at=first - datetime.timedelta(days=14),
    )
    sessions = []
    for week in range(count):
        day = first_day + datetime.timedelta(weeks=week)
        starts_at = timezone.make_aware(datetime.datetime.combine(day, start))
        sessions.append(
            Session(
                organisation_id=space.organisation_id,
                space=space,
                series=series,
                kind=kind,
                theme=theme,
                title=title,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=minutes),
                capacity=capacity,
                room=room,
                level=level,
                learning_modules=modules,
            )
        )
    return sessions


def _booking(session, person, *, rank: int, is_past: bool, rng) -> Booking:
    seated = rank < session.capacity
    if not seated:
        status = Booking.Status.CANCELLED if is_past else Booking.Status.WAITLISTED
    elif is_past:
        status = Booking.Status.ATTENDED if rng.random() < 0.8 else Booking.Status.ABSENT
    else:
        status = Booking.Status.CANCELLED if rng.random() < 0.05 else Booking.Status.BOOKED
    minutes = None
    if status == Booking.Status.ATTENDED:
        minutes = session.duration_minutes if rng.random() < 0.85 else session.duration_minutes // 2
    return Booking(
        organisation_id=session.organisation_id,
        space_id=session.space_id,
        session=session,
        person=person,
        status=status,
        channel=rng.choice([Booking.Channel.ONLINE, Booking.Channel.STAFF]),
        code=new_booking_code(),
        booked_at=session.starts_at - datetime.timedelta(days=rng.randint(1, 12)),
        cancelled_at=session.starts_at - datetime.timedelta(hours=20)
        if status == Booking.Status.CANCELLED
        else None,
        attended_minutes=minutes,
    )
