"""The pages: public agenda and booking (no account, no names shown), the booking's page and
its code, and the staff pages (scheduling, the attendance sheet, walk-ins, booking from the
person's page)."""

import datetime

import pytest
from django.utils import timezone

from tremplin.people.models import ConsentEntry, Person
from tremplin.people.tests.factories import make_person
from tremplin.workshops.models import Booking, Series, Session
from tremplin.workshops.tests.factories import (
    ensure_consent_text,
    make_booking,
    make_ongoing_session,
    make_session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(personas):
    ensure_consent_text(personas.organisation)
    return make_session(personas.strasbourg, capacity=2, title="Premiers e-mails")


def post_booking(client, session, **overrides):
    data = {"first_name": "Awa", "phone": "06 12 34 56 78", "email": "", "has_consent": "on"}
    data.update(overrides)
    return client.post(f"/workshops/seances/{session.pk}/reserver/", data)


def test_the_agenda_lists_sessions_by_town_without_a_name(
    client, personas, session, django_assert_max_num_queries
):
    make_booking(session, make_person(personas.strasbourg, first_name="Zénobie"))
    make_session(personas.marseille, title="Atelier à Marseille")
    make_session(personas.strasbourg, title="Passé", starts_in=-datetime.timedelta(days=1))
    with django_assert_max_num_queries(6):
        page = client.get("/workshops/?town=Strasbourg").content.decode()
    assert "Premiers e-mails" in page and "1 place libre" in page
    assert "Atelier à Marseille" not in page and "Passé" not in page
    assert "Zénobie" not in page
    everything = client.get("/workshops/").content.decode()
    assert "Atelier à Marseille" in everything and "Marseille" in everything


def test_the_session_page_counts_seats_and_never_names_who_booked(client, personas, session):
    make_booking(session, make_person(personas.strasbourg, first_name="Zénobie"))
    make_booking(session, make_person(personas.strasbourg, first_name="Ulrich"))
    page = client.get(f"/workshops/seances/{session.pk}/").content.decode()
    assert "liste d'attente" in page
    assert "Zénobie" not in page and "Ulrich" not in page


def test_a_visitor_books_without_an_account_and_sees_their_code(client, session):
    form = client.get(f"/workshops/seances/{session.pk}/reserver/").content.decode()
    assert "Nous gardons vos informations pour vous aider." in form  # the consent text
    response = post_booking(client, session)
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workshops/reservation/{booking.code}/"
    page = client.get(response["Location"])
    assert "no-store" in page["Cache-Control"]
    assert booking.display_code() in page.content.decode()
    assert "Votre place est réservée" in page.content.decode()
    assert booking.person.consents.get().channel == ConsentEntry.Channel.ONLINE


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"phone": "06 12 34"}, "Ce numéro de téléphone n&#x27;existe pas"),
        ({"phone": "", "email": ""}, "Écrivez un numéro de téléphone ou une adresse e-mail"),
        ({"first_name": ""}, "Écrivez votre prénom."),
        ({"has_consent": ""}, "Sans votre accord, on ne peut pas vous inscrire"),
        ({"phone": "", "email": "awa@"}, "Cette adresse e-mail est incomplète"),
    ],
)
def test_bad_input_keeps_what_was_typed_explains_and_stores_nothing(
    client, session, overrides, message
):
    response = post_booking(client, session, **overrides)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Awa"' in page or overrides.get("first_name") == ""
    assert not Person.objects.exists() and not Booking.objects.exists()


def test_the_same_phone_twice_is_refused_with_a_clear_message(client, session):
    post_booking(client, session)
    response = post_booking(client, session, first_name="Awa B.", phone="+33 6 12 34 56 78")
    assert "déjà inscrit·e à cette séance" in response.content.decode()
    assert Booking.objects.count() == 1


def test_a_full_session_puts_the_visitor_on_the_waitlist(client, session):
    post_booking(client, session, phone="0612345601")
    post_booking(client, session, phone="0612345602")
    form = client.get(f"/workshops/seances/{session.pk}/reserver/").content.decode()
    assert "vous serez sur la liste d'attente" in form
    response = post_booking(client, session, phone="0612345603")
    assert "Vous êtes sur la liste d" in client.get(response["Location"]).content.decode()


def test_a_past_session_offers_no_booking_form(client, personas):
    ensure_consent_text(personas.organisation)
    past = make_session(personas.strasbourg, starts_in=-datetime.timedelta(hours=2))
    assert (
        "On ne peut plus réserver"
        in client.get(f"/workshops/seances/{past.pk}/reserver/").content.decode()
    )
    response = post_booking(client, past)
    assert "On ne peut plus réserver" in response.content.decode()
    assert not Booking.objects.exists()


def test_the_visitor_cancels_with_the_code_and_the_seat_goes_to_the_next(client, session):
    post_booking(client, session, phone="0612345601")
    post_booking(client, session, phone="0612345602")
    post_booking(client, session, phone="0612345603")
    first, _second, waiting = Booking.objects.order_by("pk")
    response = client.post("/workshops/reservation/", {"code": first.display_code().lower()})
    assert response["Location"] == f"/workshops/reservation/{first.code}/"
    response = client.post(f"/workshops/reservation/{first.code}/annuler/")
    assert "Votre réservation est annulée" in client.get(response["Location"]).content.decode()
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == Booking.Status.CANCELLED
    assert waiting.status == Booking.Status.BOOKED


def test_a_forged_or_erased_code_finds_nothing(client, personas, session):
    from tremplin.people.services import erase_person

    assert client.get("/workshops/reservation/ABCDEFGHJK/").status_code == 404
    assert client.post("/workshops/reservation/ABCDEFGHJK/annuler/").status_code == 404
    response = client.post("/workshops/reservation/", {"code": "ABCDE-FGHJK"})
    assert "Ce code ne correspond à aucune réservation" in response.content.decode()
    post_booking(client, session)
    booking = Booking.objects.get()
    erase_person(booking.person, actor=personas.coordinator)
    assert client.get(f"/workshops/reservation/{booking.code}/").status_code == 404


def test_an_expired_code_shows_the_booking_but_cannot_cancel_it(client, personas):
    session, [booking] = make_ongoing_session(personas.strasbourg, make_person(personas.strasbourg))
    page = client.get(f"/workshops/reservation/{booking.code}/").content.decode()
    assert "Annuler ma réservation" not in page
    response = client.post(f"/workshops/reservation/{booking.code}/annuler/", follow=True)
    assert "on ne peut plus annuler" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_code_lookups_are_limited_per_address(client, settings, monkeypatch):
    from tremplin.workshops import views

    monkeypatch.setattr(views, "CODE_LOOKUPS_PER_QUARTER", 2)
    for _attempt in range(2):
        assert client.get("/workshops/reservation/ABCDEFGHJK/").status_code == 404
    assert client.get("/workshops/reservation/ABCDEFGHJK/").status_code == 429


# Staff ---------------------------------------------------------------------------------------


def test_a_volunteer_takes_attendance_and_the_minutes_reach_the_timeline(client_for, personas):
    awa, ben = make_person(personas.strasbourg), make_person(personas.strasbourg)
    session, [awa_booking, ben_booking] = make_ongoing_session(personas.strasbourg, awa, ben)
    client = client_for("volunteer")
    sheet = client.get(f"/workshops/equipe/seances/{session.pk}/").content.decode()
    assert awa.first_name in sheet and awa.last_name not in sheet
    response = client.post(
        f"/workshops/equipe/seances/{session.pk}/appel/",
        {f"presence-{awa_booking.pk}": "present", f"presence-{ben_booking.pk}": "absent"},
    )
    assert response.status_code == 302
    awa_booking.refresh_from_db()
    ben_booking.refresh_from_db()
    assert (awa_booking.status, awa_booking.attended_minutes) == ("attended", 90)
    assert ben_booking.status == "absent"
    person_page = client.get(f"/people/{awa.pk}/").content.decode()
    assert "90 min" in person_page and "Inscrire à un atelier" in person_page


def test_attendance_is_not_taken_days_ahead(client_for, personas, session):
    booking = make_booking(session)
    response = client_for("volunteer").post(
        f"/workshops/equipe/seances/{session.pk}/appel/",
        {f"presence-{booking.pk}": "present"},
        follow=True,
    )
    assert "au plus tôt une heure avant" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_a_walk_in_is_recorded_with_consent_and_marked_present(client_for, personas):
    ensure_consent_text(personas.organisation)
    session, _bookings = make_ongoing_session(personas.strasbourg)
    client = client_for("volunteer")
    url = f"/workshops/equipe/seances/{session.pk}/sur-place/"
    data = {"first_name": "Moussa", "phone": "06 98 76 54 32", "has_consent": "on"}
    refused = client.post(url, data)
    assert "Cochez comment la personne a donné son accord" in refused.content.decode()
    assert not Person.objects.exists()
    response = client.post(url, {**data, "consent_channel": "spoken"})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.status, booking.channel) == ("attended", "walk_in")
    assert booking.person.consents.get().channel == "spoken"
    assert booking.person.consents.get().recorded_by == personas.volunteer
    again = client.post(url, {**data, "consent_channel": "spoken"})
    assert "déjà sur la liste" in again.content.decode()


def test_a_coordinator_schedules_a_weekly_series(client_for, personas):
    client = client_for("coordinator")
    next_monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    data = {
        "space": personas.strasbourg.pk,
        "kind": "workshop",
        "theme": "smartphone",
        "title": "Le smartphone pas à pas",
        "day": next_monday.isoformat(),
        "start_time": "14:00",
        "duration_minutes": "90",
        "capacity": "6",
        "level": "beginner",
        "learning_modules": "gestes-tactiles, premiers-pas",
        "repeat_weekdays": ["0", "3"],
    }
    no_end = client.post("/workshops/equipe/nouvelle/", data)
    assert "Dites jusqu&#x27;à quand la série se répète" in no_end.content.decode()
    assert not Session.objects.exists()
    no_seat = client.post("/workshops/equipe/nouvelle/", {**data, "capacity": "0"})
    assert "le nombre de places, de 1 à 200" in no_seat.content.decode()
    until = next_monday + datetime.timedelta(days=13)
    response = client.post(
        "/workshops/equipe/nouvelle/", {**data, "repeat_until": until.isoformat()}
    )
    assert response.status_code == 302
    series = Series.objects.get()
    sessions = list(series.sessions.order_by("starts_at"))
    assert len(sessions) == 4  # two Mondays, two Thursdays
    assert {timezone.localtime(s.starts_at).strftime("%H:%M") for s in sessions} == {"14:00"}
    assert sessions[0].learning_modules == ["gestes-tactiles", "premiers-pas"]
    assert "Le smartphone pas à pas" in client.get("/workshops/equipe/").content.decode()


def test_a_coordinator_cancels_a_date_or_a_whole_series(client_for, personas):
    from tremplin.workshops.tests.factories import make_series

    series = make_series(personas.strasbourg, count=3)
    first = series.sessions.order_by("starts_at").first()
    client = client_for("coordinator")
    client.post(f"/workshops/equipe/seances/{first.pk}/annuler/")
    first.refresh_from_db()
    assert first.is_cancelled
    client.post(f"/workshops/equipe/series/{series.pk}/annuler/")
    assert not series.sessions.filter(cancelled_at__isnull=True).exists()


def test_staff_book_a_person_from_their_page(client_for, personas, session):
    person = make_person(personas.strasbourg)
    client = client_for("volunteer")
    url = f"/workshops/equipe/personnes/{person.pk}/inscrire/"
    assert "Premiers e-mails" in client.get(url).content.decode()
    assert "Cochez une séance" in client.post(url, {}).content.decode()
    response = client.post(url, {"session": session.pk})
    assert response["Location"] == f"/people/{person.pk}/"
    booking = person.bookings.get()
    assert (booking.channel, booking.booked_by) == ("staff", personas.volunteer)
    again = client.post(url, {"session": session.pk})
    assert "déjà inscrit·e" in again.content.decode()


def test_a_helper_of_another_space_reaches_no_session(client_for, personas, session):
    client = client_for("outsider")
    assert client.get(f"/workshops/equipe/seances/{session.pk}/").status_code == 404
    assert "Premiers e-mails" not in client.get("/workshops/equipe/").content.decode()


def test_the_staff_list_counts_bookings_in_few_queries(
    client_for, personas, django_assert_max_num_queries
):
    for _index in range(5):
        make_booking(make_session(personas.strasbourg))
    client = client_for("coordinator")
    client.get("/workshops/equipe/")
    with django_assert_max_num_queries(12):
        page = client.get("/workshops/equipe/").content.decode()
    assert page.count("1 / 8") == 5


def test_the_visitor_changes_the_date_with_the_code(client, personas, session):
    later = make_session(
        personas.strasbourg, title=session.title, starts_in=datetime.timedelta(days=10)
    )
    post_booking(client, session)
    booking = Booking.objects.get()
    page = client.get(f"/workshops/reservation/{booking.code}/").content.decode()
    assert "Changer de date" in page
    response = client.post(f"/workshops/reservation/{booking.code}/changer/", {"session": later.pk})
    moved = Booking.objects.get(session=later)
    assert response["Location"] == f"/workshops/reservation/{moved.code}/"
    refused = client.post(
        f"/workshops/reservation/{moved.code}/changer/", {"session": "x"}, follow=True
    )
    assert "Choisissez une autre date" in refused.content.decode()


def test_the_public_pages_speak_english_too(client, session):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/workshops/seances/{session.pk}/").content.decode()
    assert "2 seats left." in page and "Book a seat" in page


def test_the_booking_form_is_never_cached(client, session):
    response = client.get(f"/workshops/seances/{session.pk}/reserver/")
    assert "no-store" in response["Cache-Control"]


def test_a_double_click_books_once_and_shows_the_same_booking(client, session):
    token = "t" * 40
    first = post_booking(client, session, submission_token=token)
    second = post_booking(client, session, submission_token=token)
    assert Booking.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_the_agenda_narrows_to_one_space(client, personas, session):
    other = make_session(personas.marseille, title="Atelier à Marseille")
    page = client.get(f"/workshops/?space={other.space_id}").content.decode()
    assert "Atelier à Marseille" in page and "Premiers e-mails" not in page
    assert f"?space={session.space_id}" in client.get("/workshops/").content.decode()
