"""Follow-ups at 3 and 6 months: planned when a cohort or a pathway ends, due on the staff
home, recorded by staff, or answered by the person from a secret link sent by SMS or e-mail."""

import datetime
import re

import pytest
from django.core import mail

from tremplin.core.senders import MemorySmsSender
from tremplin.impact import services
from tremplin.impact.models import FollowUp
from tremplin.impact.providers import follow_ups_due
from tremplin.impact.tests.factories import at, build, follow_up
from tremplin.people.services import erase_person
from tremplin.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
NOW = at(2026, 12, 1)


@pytest.fixture
def sms(settings):
    settings.SMS_SENDER = "tremplin.core.senders.MemorySmsSender"
    MemorySmsSender.outbox.clear()
    yield MemorySmsSender.outbox
    MemorySmsSender.outbox.clear()


@pytest.fixture
def due(personas):
    person = make_person(personas.strasbourg, first_name="Inès", phone="0612345678")
    return follow_up(person, personas.strasbourg, due_on=datetime.date(2026, 3, 1), months=3)


def test_plan_makes_two_follow_ups_per_ended_cohort_member_and_completed_pathway(personas):
    data = build(personas)
    FollowUp.objects.all().delete()
    # Anne and Chloé ended the cohort on 30/4; Bruno completed a pathway on 1/5.
    assert services.plan_follow_ups(now=NOW) == 6
    assert services.plan_follow_ups(now=NOW) == 0  # once each
    anne = FollowUp.objects.filter(person=data.anne).order_by("months")
    assert [(f.months, f.due_on) for f in anne] == [
        (3, datetime.date(2026, 7, 30)),
        (6, datetime.date(2026, 10, 30)),
    ]
    bruno = FollowUp.objects.get(person=data.bruno, months=3)
    assert (bruno.source, bruno.pathway_slug, bruno.space) == (
        "pathway",
        "premiers-pas",
        data.strasbourg,
    )


def test_erased_people_get_no_follow_up(personas):
    data = build(personas)
    FollowUp.objects.all().delete()
    erase_person(data.anne, actor=personas.admin)
    services.plan_follow_ups(now=NOW)
    assert not FollowUp.objects.filter(person=data.anne).exists()


def test_due_follow_ups_are_a_notice_on_the_home_of_those_who_record_them(personas, due):
    [notice, *_figures] = follow_ups_due(personas.mediator)
    assert notice.title == "1 suivi à 3 ou 6 mois à faire" and notice.is_urgent
    assert follow_ups_due(personas.volunteer) == []
    assert follow_ups_due(personas.other_coordinator)[0].title == "Les chiffres de vos espaces"


def test_the_staff_home_shows_the_due_follow_ups(client_for, due):
    page = client_for("mediator").get("/staff/").content.decode()
    assert "1 suivi à 3 ou 6 mois à faire" in page


def test_staff_record_the_situation(client_for, personas, due):
    client = client_for("mediator")
    assert "Inès" in client.get("/impact/suivis/").content.decode()
    response = client.post(f"/impact/suivis/{due.pk}/", {"situation": "job"})
    assert response.status_code == 302
    due.refresh_from_db()
    assert (due.situation, due.answered_by, due.recorded_by) == ("job", "staff", personas.mediator)
    assert "Inès" not in client.get("/impact/suivis/").content.decode()


def test_recording_without_a_situation_says_so_and_saves_nothing(client_for, due):
    response = client_for("mediator").post(f"/impact/suivis/{due.pk}/", {"situation": "rich"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    due.refresh_from_db()
    assert due.situation == ""


def test_the_person_answers_from_the_link_of_their_sms_once(client_for, client, due, sms):
    response = client_for("mediator").post(f"/impact/suivis/{due.pk}/lien/")
    assert response.status_code == 302
    [(phone, text)] = sms
    assert phone == "0612345678" and "Bonjour Inès" in text
    path = re.search(r"https?://[^/]+(/impact/reponse/[^ ]+/)", text).group(1)
    assert client.get(path).status_code == 200
    assert client.post(path, {}).status_code == 200  # no choice: the form again
    assert "Choisissez une réponse." in client.post(path, {}).content.decode()
    assert "Merci" in client.post(path, {"situation": "training"}).content.decode()
    due.refresh_from_db()
    assert (due.situation, due.answered_by, due.recorded_by) == ("training", "person", None)
    assert client.get(path).status_code == 404  # used up


def test_without_a_phone_the_link_goes_by_email(client_for, personas, sms):
    person = make_person(personas.strasbourg, first_name="Jade", email="jade@example.org")
    row = follow_up(person, personas.strasbourg, due_on=datetime.date(2026, 3, 1), months=6)
    client_for("mediator").post(f"/impact/suivis/{row.pk}/lien/")
    assert sms == [] and mail.outbox[0].to == ["jade@example.org"]


def test_without_any_contact_staff_are_told_to_record_it_themselves(client_for, personas):
    person = make_person(personas.strasbourg, first_name="Karim")
    row = follow_up(person, personas.strasbourg, due_on=datetime.date(2026, 3, 1), months=3)
    response = client_for("mediator").post(f"/impact/suivis/{row.pk}/lien/", follow=True)
    assert "ni téléphone ni courriel" in response.content.decode()
    row.refresh_from_db()
    assert row.token_hash == "" and row.link_sent_at is None


def test_an_unknown_or_erased_link_shows_a_plain_page(client, personas, due, sms):
    assert client.get("/impact/reponse/not-a-token/").status_code == 404
    services.send_follow_up_link(due, base_url="https://tremplin.example")
    [(_phone, text)] = sms
    path = re.search(r"(/impact/reponse/[^ ]+/)", text).group(1)
    erase_person(due.person, actor=personas.admin)
    response = client.get(path)
    assert response.status_code == 404 and "Ce lien ne marche plus" in response.content.decode()


def test_the_token_is_stored_hashed(due, sms):
    services.send_follow_up_link(due, base_url="https://tremplin.example")
    token = re.search(r"/impact/reponse/([^/ ]+)/", sms[0][1]).group(1)
    due.refresh_from_db()
    assert len(token) >= 40 and token not in due.token_hash


def test_a_second_answer_is_refused(due):
    services.record_follow_up(due, situation="job")
    with pytest.raises(Exception, match="déjà une réponse"):
        services.record_follow_up(due, situation="searching")
