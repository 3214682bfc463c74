"""Advisers hear of status changes by e-mail, at once, in a daily digest, or not at all; each
change is told once."""

import pytest
from django.core import mail
from django.core.management import call_command

from tremplin.partners import services
from tremplin.partners.models import NotificationPreference, ReferralEvent, Status
from tremplin.partners.tests.factories import finish_diagnostic, make_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(personas, consent):
    personas.partner.email = "sophie.klein@francetravail.example"
    personas.partner.save()
    return make_referral(personas.partner, personas.strasbourg, first_name="Awa", last_name="D")


def test_a_status_change_e_mails_the_adviser_once(
    personas, referral, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.move_referral(referral, to=Status.RECEIVED, by=personas.mediator)
    [message] = mail.outbox
    assert message.to == ["sophie.klein@francetravail.example"]
    assert "Reçue" in message.subject and "Awa D. : Reçue (Tremplin Strasbourg)" in message.body
    assert f"/partners/orientations/{referral.pk}/" in message.body
    event = referral.events.get(status=Status.RECEIVED)
    assert event.notified_at is not None
    assert services.notify_adviser(event.pk) is False
    assert len(mail.outbox) == 1


def test_the_e_mail_says_nothing_the_person_did_not_agree_to_share(
    personas, referral, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.move_referral(referral, to=Status.RECEIVED, by=personas.mediator)
    body = mail.outbox[0].body
    assert referral.person.phone not in body and "Diallo" not in body


def test_a_daily_digest_gathers_the_changes_of_the_day(
    personas, referral, django_capture_on_commit_callbacks
):
    services.set_frequency(personas.partner, frequency=NotificationPreference.Frequency.DAILY)
    other = make_referral(personas.partner, personas.strasbourg, first_name="Ben", last_name="E")
    with django_capture_on_commit_callbacks(execute=True):
        services.move_referral(referral, to=Status.RECEIVED, by=personas.mediator)
        services.move_referral(other, to=Status.CLOSED, by=personas.mediator, closed_reason="moved")
    assert mail.outbox == []
    assert services.send_daily_digests() == 1
    [digest] = mail.outbox
    assert "Awa D. : Reçue" in digest.body and "Ben E. : Clôturée" in digest.body
    assert services.send_daily_digests() == 0
    assert not ReferralEvent.objects.filter(notified_at__isnull=True).exists()


def test_no_e_mail_when_the_adviser_wants_none(
    personas, referral, django_capture_on_commit_callbacks
):
    services.set_frequency(personas.partner, frequency=NotificationPreference.Frequency.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_referral(referral, to=Status.RECEIVED, by=personas.mediator)
    assert services.send_daily_digests() == 0
    assert mail.outbox == []


def test_the_adviser_chooses_on_a_page(client_for, personas):
    client = client_for("partner")
    assert client.get("/partners/prevenir/").status_code == 200
    response = client.post("/partners/prevenir/", {"frequency": "daily"})
    assert response["Location"] == "/partners/"
    assert services.frequency_of(personas.partner) == "daily"
    bad = client.post("/partners/prevenir/", {"frequency": "hourly"})
    assert bad.status_code == 200 and services.frequency_of(personas.partner) == "daily"


def test_the_command_follows_records_and_sends_digests(personas, referral):
    services.set_frequency(personas.partner, frequency=NotificationPreference.Frequency.DAILY)
    finish_diagnostic(referral.person)
    call_command("sync_referrals", "--dry-run", stdout=open("/dev/null", "w"))
    referral.refresh_from_db()
    assert referral.status == Status.SENT
    call_command("sync_referrals", "--digest", stdout=open("/dev/null", "w"))
    referral.refresh_from_db()
    assert referral.status == Status.DIAGNOSED
    assert len(mail.outbox) == 1


def test_the_tasks_wrap_the_services(personas, referral):
    from tremplin.partners.tasks import send_referral_digests, sync_all_referrals

    finish_diagnostic(referral.person)
    assert sync_all_referrals.call() == 1
    assert send_referral_digests.call() == 0
