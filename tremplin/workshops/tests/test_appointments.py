"""Drop-ins on individual appointments: a drop-in cut into appointments of one seat each,
booked like a workshop seat (without an account, the same person rules, a code to cancel or
change the time, reminders at the appointment's time), each taken once, without a waitlist."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.people.models import Person
from tremplin.people.tests.factories import make_person
from tremplin.workshops import services
from tremplin.workshops.models import Booking, Kind, Reminder, Session, Theme
from tremplin.workshops.tests.factories import (
    ensure_consent_text,
    make_appointments,
    make_booking,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def drop_in(personas):
    ensure_consent_text(personas.organisation)
    return make_appointments(personas.strasbourg, count=4, minutes=30)


def book(session, **overrides):
    fields = {"first_name": "Awa", "phone": "06 12 34 56 78", "email": "", "has_consent": True}
    fields.update(overrides)
    return services.book_online(session, **fields)


def times(sessions) -> list[str]:
    return [timezone.localtime(s.starts_at).strftime("%H:%M") for s in sessions]


def test_a_drop_in_is_cut_into_appointments_of_one_seat(drop_in):
    appointments = list(drop_in.appointments.order_by("starts_at"))
    assert times(appointments) == ["09:00", "09:30", "10:00", "10:30"]
    assert {(a.capacity, a.duration_minutes, a.kind) for a in appointments} == {
        (1, 30, Kind.DROP_IN)
    }
    assert drop_in.capacity == 4
    assert {a.title for a in appointments} == {drop_in.title}


def test_time_left_at_the_end_stays_walk_in_time(personas):
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    drop_in = services.schedule_session(
        personas.strasbourg,
        kind=Kind.DROP_IN,
        theme=Theme.PROCEDURES,
        title="Permanence",
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=100),
        capacity=8,
        appointment_minutes=30,
    )
    assert times(drop_in.appointments.order_by("starts_at")) == ["14:00", "14:30", "15:00"]


@pytest.mark.parametrize(
    ("kind", "minutes", "message"),
    [
        (Kind.WORKSHOP, 30, "Seule une permanence se découpe"),
        (Kind.DROP_IN, 5, "Un rendez-vous dure de 10 à 240 minutes"),
        (Kind.DROP_IN, 120, "ne peut pas durer plus longtemps que la permanence"),
    ],
)
def test_bad_appointments_are_refused_and_nothing_is_saved(personas, kind, minutes, message):
    start = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError, match=message):
        services.schedule_session(
            personas.strasbourg,
            kind=kind,
            theme=Theme.PROCEDURES,
            title="Permanence",
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=90),
            capacity=8,
            appointment_minutes=minutes,
        )
    assert not Session.objects.exists()


def test_an_appointment_is_booked_once_and_the_next_person_is_refused_without_a_trace(drop_in):
    first = drop_in.appointments.order_by("starts_at").first()
    booking = book(first)
    assert booking.status == Booking.Status.BOOKED and booking.code
    people = Person.objects.count()
    with pytest.raises(ValidationError, match="Ce rendez-vous vient d'être pris"):
        book(first, first_name="Ben", phone="06 98 76 54 32")
    assert Person.objects.count() == people  # not even the person was kept
    assert not Booking.objects.filter(status=Booking.Status.WAITLISTED).exists()


def test_one_person_holds_one_appointment_of_a_drop_in(drop_in):
    first, second = drop_in.appointments.order_by("starts_at")[:2]
    book(first)
    with pytest.raises(ValidationError, match="déjà un rendez-vous à cette permanence"):
        book(second, phone="+33612345678")
    assert second.seats_taken() == 0


def test_the_drop_in_itself_is_booked_by_its_times(drop_in):
    with pytest.raises(ValidationError, match="choisissez une heure"):
        make_booking(drop_in)


def test_cancelling_frees_the_appointment_for_someone_else(drop_in):
    first = drop_in.appointments.order_by("starts_at").first()
    booking = book(first)
    assert first not in Session.objects.free_appointments()
    services.cancel_booking(booking)
    assert first in Session.objects.free_appointments()
    assert book(first, first_name="Ben", phone="06 98 76 54 32").status == Booking.Status.BOOKED


def test_the_code_moves_the_appointment_to_another_free_time(drop_in):
    first, second, third = drop_in.appointments.order_by("starts_at")[:3]
    booking = book(first)
    make_booking(third)
    assert list(services.other_dates(booking)) == [second, drop_in.appointments.last()]
    moved = services.move_booking(booking, to=second)
    assert moved.session == second and moved.status == Booking.Status.BOOKED
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    with pytest.raises(ValidationError):
        services.move_booking(moved, to=third)  # taken


def test_the_reminder_gives_the_time_of_the_appointment(personas, sms):
    ensure_consent_text(personas.organisation)
    start = timezone.now() + datetime.timedelta(hours=40)
    drop_in = make_appointments(personas.strasbourg, count=2, starts_at=start)
    second = drop_in.appointments.order_by("starts_at").last()
    book(second)
    assert services.send_due_reminders() == 1
    assert Reminder.objects.get().booking.session == second
    assert services.send_due_reminders() == 0
    when = timezone.localtime(second.starts_at).strftime("%H:%M")
    assert when in sms[0][1]


def test_cancelling_the_drop_in_cancels_its_appointments_and_tells_the_person(
    drop_in, sms, django_capture_on_commit_callbacks
):
    booking = book(drop_in.appointments.first())
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(drop_in)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert not drop_in.appointments.filter(cancelled_at__isnull=True).exists()
    assert len(sms) == 1 and "est annulée" in sms[0][1]


def test_the_room_changes_for_every_appointment_and_the_seats_stay(drop_in):
    services.change_session(drop_in, room="Salle 5", capacity=drop_in.capacity)
    assert set(drop_in.appointments.values_list("room", flat=True)) == {"Salle 5"}
    with pytest.raises(ValidationError, match="une place par rendez-vous"):
        services.change_session(drop_in, room="Salle 5", capacity=12)


# Pages -------------------------------------------------------------------------------------


def text(response) -> str:
    return html.unescape(response.content.decode())


def post_booking(client, session, **overrides):
    data = {"first_name": "Awa", "phone": "06 12 34 56 78", "email": "", "has_consent": "on"}
    data.update(overrides)
    return client.post(f"/workshops/seances/{session.pk}/reserver/", data)


def test_the_agenda_shows_the_drop_in_once_with_its_free_times(client, drop_in):
    make_booking(drop_in.appointments.first())
    page = client.get("/workshops/").content.decode()
    assert page.count("Permanence démarches") == 1
    assert "sur rendez-vous : 3 heures libres" in page


def test_a_visitor_picks_a_time_books_it_and_the_time_is_gone(client, drop_in):
    page = text(client.get(f"/workshops/seances/{drop_in.pk}/"))
    assert "Choisissez l'heure de votre rendez-vous" in page
    assert "09:00 – 09:30 : réserver" in page
    assert client.get(f"/workshops/seances/{drop_in.pk}/reserver/").status_code == 302
    first = drop_in.appointments.order_by("starts_at").first()
    response = post_booking(client, first)
    booking = Booking.objects.get(session=first)
    assert response.url == f"/workshops/reservation/{booking.code}/"
    assert "09:00 – 09:30" not in client.get(f"/workshops/seances/{drop_in.pk}/").content.decode()
    taken = client.get(f"/workshops/seances/{first.pk}/reserver/").content.decode()
    assert (
        "Ce rendez-vous est déjà pris" in taken
        and "<form" not in taken.split("<main")[1].split("</main>")[0]
    )
    again = post_booking(client, first, first_name="Ben", phone="06 98 76 54 32")
    assert "Ce rendez-vous est déjà pris" in text(again)
    assert Booking.objects.filter(session=first).count() == 1


def test_the_staff_sheet_lists_the_appointments_with_first_names_only(client_for, drop_in):
    awa = make_person(drop_in.space, first_name="Awa", last_name="Diallo")
    make_booking(drop_in.appointments.order_by("starts_at").first(), awa)
    page = client_for("volunteer").get(f"/workshops/equipe/seances/{drop_in.pk}/").content.decode()
    assert "Awa" in page and "Diallo" not in page
    assert page.count("libre") >= 3
    staff_list = client_for("volunteer").get("/workshops/equipe/").content.decode()
    assert staff_list.count("Permanence démarches") == 1


def test_a_coordinator_schedules_a_drop_in_on_appointments(client_for, personas):
    day = timezone.localdate() + datetime.timedelta(days=5)
    data = {
        "space": personas.strasbourg.pk,
        "kind": "workshop",
        "theme": "procedures",
        "title": "Permanence sur rendez-vous",
        "day": day.isoformat(),
        "start_time": "09:00",
        "duration_minutes": "120",
        "capacity": "4",
        "level": "everyone",
        "appointment_minutes": "30",
    }
    client = client_for("coordinator")
    wrong = client.post("/workshops/equipe/nouvelle/", data).content.decode()
    assert "Seule une permanence se découpe en rendez-vous" in wrong
    assert not Session.objects.exists()
    response = client.post("/workshops/equipe/nouvelle/", {**data, "kind": "drop_in"})
    assert response.status_code == 302
    drop_in = Session.objects.get(parent__isnull=True)
    assert drop_in.appointments.count() == 4


def test_staff_book_a_person_into_an_appointment_not_into_the_drop_in(client_for, drop_in):
    person = make_person(drop_in.space)
    page = client_for("volunteer").get(f"/workshops/equipe/personnes/{person.pk}/inscrire/")
    assert f'value="{drop_in.pk}"' not in page.content.decode()
    assert f'value="{drop_in.appointments.first().pk}"' in page.content.decode()
