"""Booking: online without an account (a person record made or attached, with consent), by
staff, the waitlist and its promotion, cancellation with the code."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tremplin.people.models import ConsentEntry, JournalEntry, Person
from tremplin.people.tests.factories import make_consent_text, make_person
from tremplin.workshops import services
from tremplin.workshops.models import CODE_ALPHABET, CODE_LENGTH, Booking, clean_code
from tremplin.workshops.tests.factories import ensure_consent_text, make_booking, make_session

pytestmark = pytest.mark.django_db


def book(session, **overrides):
    fields = {"first_name": "Awa", "phone": "06 12 34 56 78", "email": "", "has_consent": True}
    fields.update(overrides)
    return services.book_online(session, **fields)


@pytest.fixture
def session(personas):
    ensure_consent_text(personas.organisation)
    return make_session(personas.strasbourg, capacity=2)


def test_an_online_booking_makes_a_person_with_online_consent_and_a_code(session):
    booking = book(session)
    person = booking.person
    assert (person.first_name, person.last_name, person.phone) == ("Awa", "", "+33612345678")
    assert person.home_space == session.space
    consent = person.consents.get()
    assert consent.channel == ConsentEntry.Channel.ONLINE
    assert consent.recorded_by is None
    assert person.journal.filter(action=JournalEntry.Action.CREATE).exists()
    assert booking.status == Booking.Status.BOOKED
    assert booking.channel == Booking.Channel.ONLINE
    assert len(booking.code) == CODE_LENGTH and set(booking.code) <= set(CODE_ALPHABET)
    assert clean_code(f" {booking.display_code().lower()} ") == booking.code


def test_a_booking_stores_no_name_phone_or_email_of_its_own():
    names = {field.name for field in Booking._meta.concrete_fields}
    assert not names & {"first_name", "last_name", "name", "phone", "email"}


def test_a_known_phone_or_email_attaches_the_existing_person(personas, session):
    known = make_person(personas.marseille, phone="+33612345678", email="awa@exemple.fr")
    other = make_session(personas.strasbourg)
    assert book(session, phone="+33 6 12 34 56 78").person == known
    assert book(other, phone="", email="AWA@exemple.fr").person == known
    assert Person.objects.count() == 1
    # The person had agreed to this very text already: no second consent entry.
    assert known.consents.count() == 1


def test_a_person_who_agreed_to_an_older_text_agrees_to_the_current_one(personas, session):
    known = make_person(personas.strasbourg, phone="+33612345678")
    current = make_consent_text(personas.organisation, version="2027-01")
    current.published_on = datetime.date(2027, 1, 1)
    current.save()
    book(session)
    assert list(known.consents.values_list("text__version", "channel")) == [
        ("2027-01", "online"),
        (known.consents.last().text.version, "spoken"),
    ]


def test_the_same_phone_twice_for_one_session_is_refused_and_nothing_is_stored(session):
    book(session)
    with pytest.raises(ValidationError, match="déjà inscrit·e à cette séance"):
        book(session, first_name="Awa B.", phone="+33612345678")
    assert Booking.objects.count() == 1 and Person.objects.count() == 1


def test_after_a_cancellation_the_same_person_may_book_again(session):
    first = book(session)
    services.cancel_booking(first)
    assert book(session).status == Booking.Status.BOOKED


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"phone": "06 12 34"}, "Ce numéro de téléphone n'existe pas"),
        ({"phone": "pas un numéro"}, "Ce numéro de téléphone est illisible"),
        ({"phone": "", "email": "awa@"}, "Cette adresse e-mail est incomplète"),
        ({"phone": "", "email": ""}, "Écrivez un numéro de téléphone ou une adresse e-mail"),
        ({"first_name": "  "}, "Écrivez votre prénom"),
        ({"has_consent": False}, "Sans votre accord"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(session, overrides, message):
    with pytest.raises(ValidationError) as error:
        book(session, **overrides)
    assert message in error.value.messages[0]
    assert not Person.objects.exists() and not Booking.objects.exists()


def test_a_past_or_cancelled_session_cannot_be_booked_and_nothing_is_stored(personas, session):
    past = make_session(personas.strasbourg, starts_in=-datetime.timedelta(hours=1))
    with pytest.raises(ValidationError, match="déjà commencé ou est passée"):
        book(past)
    services.cancel_session(session)
    with pytest.raises(ValidationError, match="annulée"):
        book(session)
    assert not Person.objects.exists() and not Booking.objects.exists()


def test_without_a_current_consent_text_nothing_is_stored(personas):
    session = make_session(personas.nancy)
    with pytest.raises(ValidationError, match="Aucun texte de consentement"):
        book(session)
    assert not Person.objects.exists()


def test_when_every_seat_is_taken_the_next_person_is_waitlisted(session):
    assert book(session, phone="0612345601").status == Booking.Status.BOOKED
    assert book(session, phone="0612345602").status == Booking.Status.BOOKED
    third = book(session, phone="0612345603")
    assert third.status == Booking.Status.WAITLISTED
    assert session.seats_taken() == 2


def test_a_freed_seat_goes_to_the_first_person_waiting_who_is_told(
    session, sms, django_capture_on_commit_callbacks
):
    seated = book(session, phone="0612345601")
    book(session, phone="0612345602")
    first_waiting = book(session, phone="0612345603")
    second_waiting = book(session, phone="", email="lina@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(seated)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Booking.Status.BOOKED
    assert first_waiting.promoted_at is not None
    assert second_waiting.status == Booking.Status.WAITLISTED
    assert [phone for phone, _text in sms] == ["+33612345603"]
    assert "une place s'est libérée" in sms[0][1]
    assert session.space.address in sms[0][1]
    # The next seat freed goes to the one waiting by e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(first_waiting)
    second_waiting.refresh_from_db()
    assert second_waiting.status == Booking.Status.BOOKED
    assert mail.outbox[-1].to == ["lina@exemple.fr"]


def test_leaving_the_waitlist_frees_no_seat(session, sms, django_capture_on_commit_callbacks):
    book(session, phone="0612345601")
    book(session, phone="0612345602")
    waiting = book(session, phone="0612345603")
    later = book(session, phone="0612345604")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(waiting)
    later.refresh_from_db()
    assert later.status == Booking.Status.WAITLISTED
    assert sms == []


def test_a_cancelled_booking_cannot_be_cancelled_again(session):
    booking = book(session)
    services.cancel_booking(booking)
    with pytest.raises(ValidationError, match="déjà annulée"):
        services.cancel_booking(booking)


def test_staff_book_a_person_from_their_record_and_the_person_is_touched(personas, session):
    person = make_person(personas.strasbourg)
    before = person.last_activity_at
    booking = make_booking(session, person, booked_by=personas.volunteer)
    person.refresh_from_db()
    assert booking.booked_by == personas.volunteer
    assert booking.channel == Booking.Channel.STAFF
    assert person.last_activity_at > before


def test_an_erased_record_cannot_be_booked(personas, session):
    from tremplin.people.services import erase_person

    person = make_person(personas.strasbourg)
    erase_person(person, actor=personas.coordinator)
    person.refresh_from_db()
    with pytest.raises(ValidationError, match="effacée"):
        make_booking(session, person)


def test_erasure_blanks_the_booking_code_and_keeps_the_attendance(personas, session):
    from tremplin.people.services import erase_person, export_person

    booking = book(session)
    exported = export_person(booking.person, actor=personas.coordinator)
    [row] = exported["tables"]["workshops.Booking"]
    assert "code" not in row
    erase_person(booking.person, actor=personas.coordinator)
    booking.refresh_from_db()
    assert booking.code is None
    assert booking.status == Booking.Status.BOOKED


def test_a_booking_moves_to_another_date_and_frees_its_seat(personas, session, sms):
    later = make_session(
        personas.strasbourg, title=session.title, starts_in=datetime.timedelta(days=10)
    )
    elsewhere = make_session(personas.marseille, title=session.title)
    other_title = make_session(personas.strasbourg, title="Autre atelier")
    booking = book(session, phone="0612345601")
    book(session, phone="0612345602")
    waiting = book(session, phone="0612345603")
    assert list(services.other_dates(booking)) == [later]
    for wrong in (elsewhere, other_title, session):
        with pytest.raises(ValidationError, match="Choisissez une autre date"):
            services.move_booking(booking, to=wrong)
    moved = services.move_booking(booking, to=later)
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert (moved.session, moved.status, moved.person) == (later, "booked", booking.person)
    assert moved.code != booking.code
    assert booking.status == "cancelled" and waiting.status == "booked"


def test_more_seats_go_to_the_people_waiting_who_are_told(
    session, sms, django_capture_on_commit_callbacks
):
    for number in range(1, 6):
        book(session, phone=f"06123456{number:02d}")
    with django_capture_on_commit_callbacks(execute=True):
        services.change_session(session, room="Grande salle", capacity=4)
    statuses = list(Booking.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["booked"] * 4 + ["waitlisted"]
    assert [phone for phone, _text in sms] == ["+33612345603", "+33612345604"]
    with pytest.raises(ValidationError, match="4 personnes ont déjà une place"):
        services.change_session(session, room="", capacity=3)
    with pytest.raises(ValidationError, match="de 1 à 200"):
        services.change_session(session, room="", capacity=0)
    session.refresh_from_db()
    assert (session.capacity, session.room) == (4, "Grande salle")
