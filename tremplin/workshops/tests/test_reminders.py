"""Reminders: 48 hours before and on the morning, short and plain with the cancel link, never
twice for one booking even when the task runs twice."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command

from tremplin.people.tests.factories import make_person
from tremplin.workshops import services
from tremplin.workshops.models import Booking, Reminder
from tremplin.workshops.tasks import send_workshop_reminders
from tremplin.workshops.tests.factories import make_booking, make_session

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
START = datetime.datetime(2027, 3, 10, 14, 0, tzinfo=PARIS)


@pytest.fixture
def booking(personas):
    session = make_session(personas.strasbourg, starts_at=START, title="Premiers e-mails")
    person = make_person(personas.strasbourg, phone="+33612345678")
    return Booking.objects.create(
        session=session, person=person, channel="staff", code="ABCDEFGHJK"
    )


@pytest.mark.parametrize(
    "now, kind",
    [
        (START - datetime.timedelta(hours=49), None),
        (START - datetime.timedelta(hours=47), "two_days"),
        (START - datetime.timedelta(hours=23), None),
        (datetime.datetime(2027, 3, 10, 6, 30, tzinfo=PARIS), None),
        (datetime.datetime(2027, 3, 10, 7, 0, tzinfo=PARIS), "morning"),
        (START + datetime.timedelta(minutes=1), None),
    ],
)
def test_which_reminder_is_due_when(booking, now, kind):
    assert services.reminder_due(booking, now=now) == kind


def test_the_message_is_short_and_plain_with_the_address_and_the_cancel_link(booking, settings):
    settings.TREMPLIN_PUBLIC_URL = "https://tremplin.example.org"
    text = services.reminder_text(booking, kind="morning")
    assert text.startswith("Rappel : aujourd'hui à 14:00, « Premiers e-mails ».")
    assert booking.session.space.address in text
    assert text.endswith(
        "Pour annuler : https://tremplin.example.org/workshops/reservation/ABCDEFGHJK/"
    )
    assert "mercredi 10 mars à 14:00" in services.reminder_text(booking, kind="two_days")


def test_each_reminder_is_sent_once_even_when_the_task_runs_twice(booking, sms):
    two_days = START - datetime.timedelta(hours=47)
    assert send_workshop_reminders.enqueue(now=two_days.isoformat()).return_value == 1
    assert send_workshop_reminders.enqueue(now=two_days.isoformat()).return_value == 0
    assert services.send_due_reminders(now=two_days + datetime.timedelta(hours=1)) == 0
    morning = datetime.datetime(2027, 3, 10, 8, 0, tzinfo=PARIS)
    assert services.send_due_reminders(now=morning) == 1
    assert services.send_due_reminders(now=morning) == 0
    assert [phone for phone, _text in sms] == ["+33612345678"] * 2
    assert sorted(booking.reminders.values_list("kind", flat=True)) == ["morning", "two_days"]
    # Calling the sender directly for a kind already sent sends nothing either.
    assert services.send_reminder(booking, kind="morning", now=morning) is None
    assert len(sms) == 2


def test_no_reminder_for_a_cancelled_seat_a_waitlist_place_or_a_cancelled_session(
    booking, personas, sms
):
    morning = datetime.datetime(2027, 3, 10, 8, 0, tzinfo=PARIS)
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.WAITLISTED)
    assert services.send_due_reminders(now=morning) == 0
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)
    assert services.send_due_reminders(now=morning) == 0
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.BOOKED)
    booking.session.cancelled_at = morning
    booking.session.save()
    assert services.send_due_reminders(now=morning) == 0
    assert sms == [] and not Reminder.objects.exists()


def test_a_person_without_a_phone_is_reminded_by_email(booking, sms):
    person = booking.person
    person.phone, person.email = "", "awa@exemple.fr"
    person.save()
    morning = datetime.datetime(2027, 3, 10, 8, 0, tzinfo=PARIS)
    assert services.send_due_reminders(now=morning) == 1
    assert mail.outbox[0].to == ["awa@exemple.fr"]
    assert booking.reminders.get().channel == "email"


def test_a_failed_send_is_tried_again_at_the_next_run(booking, settings):
    settings.SMS_SENDER = "tremplin.workshops.tests.test_reminders.BrokenSender"
    morning = datetime.datetime(2027, 3, 10, 8, 0, tzinfo=PARIS)
    with pytest.raises(ConnectionError):
        services.send_due_reminders(now=morning)
    assert not Reminder.objects.exists()
    settings.SMS_SENDER = "tremplin.core.senders.MemorySmsSender"
    assert services.send_due_reminders(now=morning) == 1


class BrokenSender:
    def send(self, phone: str, text: str) -> None:
        raise ConnectionError("provider down")


def test_the_command_counts_then_sends(personas, sms, capsys):
    session = make_session(personas.strasbourg, starts_in=datetime.timedelta(hours=47))
    make_booking(session, phone="+33612345678")
    call_command("send_reminders", "--dry-run")
    assert "1 reminders would be sent" in capsys.readouterr().out
    assert sms == []
    call_command("send_reminders")
    call_command("send_reminders")
    assert capsys.readouterr().out == "1 reminders sent.\n0 reminders sent.\n"
    assert len(sms) == 1
