import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tremplin.people import services
from tremplin.people.models import ConsentEntry, JournalEntry, Person
from tremplin.people.tasks import anonymise_inactive_people
from tremplin.people.tests.factories import make_person
from tremplin.people.tests.scan import tables_containing
from tremplin.spaces.tests.factories import make_user

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def zephyrine(personas):
    return make_person(
        personas.strasbourg,
        recorded_by=personas.volunteer,
        first_name="Zéphyrine",
        last_name="Quintavalle",
        birth_year=1978,
        phone="+33698765432",
        email="zephyrine.quintavalle@exemple.fr",
        postcode="67100",
    )


def test_export_contains_every_table_that_points_at_a_person(client_for, personas, zephyrine):
    client_for("mediator").get(zephyrine.get_absolute_url())
    response = client_for("mediator").get(f"/people/{zephyrine.pk}/export.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["last_name"] == "Quintavalle"
    relations = {rel.related_model._meta.label for rel in Person._meta.related_objects}
    assert relations <= set(data["tables"])
    assert len(data["tables"]["people.ConsentEntry"]) == 1
    assert {row["action"] for row in data["tables"]["people.JournalEntry"]} >= {"create", "read"}
    assert zephyrine.journal.filter(action=JournalEntry.Action.EXPORT).exists()


def test_pdf_export_is_a_pdf_and_is_journaled(client_for, personas, zephyrine):
    response = client_for("mediator").get(f"/people/{zephyrine.pk}/export.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert zephyrine.journal.filter(action=JournalEntry.Action.EXPORT, fields=["pdf"]).exists()


def test_erasure_leaves_no_name_phone_or_email_anywhere(client_for, personas, zephyrine):
    account = make_user(first_name="Zéphyrine", last_name="Quintavalle", email="zq@exemple.fr")
    zephyrine.account = account
    zephyrine.save()
    coordinator = client_for("coordinator")
    coordinator.get(zephyrine.get_absolute_url())
    coordinator.get(f"/people/{zephyrine.pk}/export.json")
    assert "people_person.last_name" in tables_containing("Quintavalle")
    response = coordinator.post(f"/people/{zephyrine.pk}/erase/", {"is_confirmed": "on"})
    assert response.status_code == 302
    for needle in [
        "Quintavalle",
        "Zéphyrine",
        "Zephyrine",
        "698765432",
        "zq@exemple",
        "zephyrine.",
    ]:
        assert tables_containing(needle) == [], needle
    zephyrine.refresh_from_db()
    assert zephyrine.is_anonymised
    assert zephyrine.birth_year == 1970
    assert zephyrine.home_space == personas.strasbourg
    assert (zephyrine.town, zephyrine.department) == ("", "67")
    account.refresh_from_db()
    assert not account.is_active
    assert zephyrine.journal.filter(action=JournalEntry.Action.ERASE).exists()


def test_erasure_needs_confirmation(client_for, personas, zephyrine):
    response = client_for("coordinator").post(f"/people/{zephyrine.pk}/erase/", {})
    assert response.status_code == 200
    assert "Cochez la case pour confirmer" in response.text
    zephyrine.refresh_from_db()
    assert not zephyrine.is_anonymised


def test_erasure_is_refused_to_volunteers(client_for, personas, zephyrine):
    response = client_for("volunteer").post(
        f"/people/{zephyrine.pk}/erase/", {"is_confirmed": "on"}
    )
    assert response.status_code == 403
    zephyrine.refresh_from_db()
    assert not zephyrine.is_anonymised


def test_erasing_twice_is_refused(personas, zephyrine):
    services.erase_person(zephyrine, actor=personas.coordinator)
    with pytest.raises(ValidationError):
        services.erase_person(zephyrine, actor=personas.coordinator)


def test_withdrawal_of_consent_is_recorded_then_the_record_erased(client_for, personas, zephyrine):
    response = client_for("coordinator").post(
        f"/people/{zephyrine.pk}/consent/withdraw/", {"channel": "paper", "is_confirmed": "on"}
    )
    assert response.status_code == 302
    withdrawal = zephyrine.consents.get(action=ConsentEntry.Action.WITHDRAWN)
    assert withdrawal.channel == ConsentEntry.Channel.PAPER
    assert withdrawal.recorded_by == personas.coordinator
    zephyrine.refresh_from_db()
    assert zephyrine.is_anonymised
    assert tables_containing("Quintavalle") == []


def test_withdrawal_without_channel_changes_nothing(client_for, personas, zephyrine):
    response = client_for("coordinator").post(
        f"/people/{zephyrine.pk}/consent/withdraw/", {"is_confirmed": "on"}
    )
    assert "Cochez comment la personne a retiré son accord." in response.text
    assert not zephyrine.consents.filter(action=ConsentEntry.Action.WITHDRAWN).exists()


@pytest.fixture
def activity(personas):
    """Four people: active yesterday, 23 months ago, 25 months ago, and already anonymised."""
    ago = {
        "recent": datetime.timedelta(days=1),
        "almost": datetime.timedelta(days=23 * 30),
        "inactive": datetime.timedelta(days=25 * 31),
        "done": datetime.timedelta(days=40 * 31),
    }
    people = {key: make_person(personas.strasbourg, now=NOW - delta) for key, delta in ago.items()}
    services.erase_person(people["done"], actor=None, now=NOW - ago["done"])
    return people


def test_anonymisation_picks_exactly_the_inactive_people(personas, activity):
    ids = services.anonymise_inactive(now=NOW)
    assert ids == [activity["inactive"].pk]
    activity["inactive"].refresh_from_db()
    assert activity["inactive"].is_anonymised
    assert activity["inactive"].journal.filter(action=JournalEntry.Action.ANONYMISE).exists()
    for key in ["recent", "almost"]:
        activity[key].refresh_from_db()
        assert not activity[key].is_anonymised


def test_anonymisation_task_picks_exactly_the_inactive_people(personas, activity):
    result = anonymise_inactive_people.enqueue(now=NOW.isoformat())
    assert result.return_value == [activity["inactive"].pk]
    assert set(Person.objects.active().values_list("pk", flat=True)) == {
        activity["recent"].pk,
        activity["almost"].pk,
    }


def test_anonymisation_period_is_configurable(personas, activity, settings):
    settings.TREMPLIN_ANONYMISE_AFTER_MONTHS = 12
    ids = services.anonymise_inactive(now=NOW)
    assert sorted(ids) == sorted([activity["almost"].pk, activity["inactive"].pk])


def test_command_dry_run_changes_nothing(personas, activity, capsys):
    call_command("anonymise_inactive", "--dry-run", "--months", "1")
    assert "would be anonymised" in capsys.readouterr().out
    assert Person.objects.active().count() == 3


def test_command_anonymises_and_is_idempotent(personas, activity, capsys):
    call_command("anonymise_inactive", "--months", "24")
    call_command("anonymise_inactive", "--months", "24")
    output = capsys.readouterr().out
    assert "0 people inactive" in output.splitlines()[-1]
    assert Person.objects.active().count() == 2


def test_an_erased_record_cannot_be_edited(client_for, personas, zephyrine):
    services.erase_person(zephyrine, actor=personas.coordinator)
    response = client_for("volunteer").get(f"/people/{zephyrine.pk}/edit/")
    assert response.status_code == 403


def test_the_export_holds_the_learning_done_with_the_persons_own_account(personas):
    from tremplin.learning.models import PageProgress
    from tremplin.learning.tests.factories import make_learner
    from tremplin.people.services import export_person

    person = make_learner(personas.strasbourg, personas.volunteer).person
    PageProgress.objects.create(
        user=person.account, module_slug="wifi", page_stem="01-icone", is_done=True
    )
    data = export_person(person, actor=personas.coordinator)
    rows = data["tables"]["learning.PageProgress"]
    assert [(row["module_slug"], row["page_stem"]) for row in rows] == [("wifi", "01-icone")]
    assert "accounts.User" not in data["tables"]
