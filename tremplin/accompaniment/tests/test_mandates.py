"""Mandates as staff meet them: the period explained, ended ones shown ended, revocation
confirmed first, and the mandate printed to sign."""

import datetime

import pytest
from django.utils import timezone

from tremplin.accompaniment.documents import mandate_sections
from tremplin.accompaniment.forms import MandateForm
from tremplin.accompaniment.models import Mandate, Theme
from tremplin.accompaniment.tests.factories import make_mandate
from tremplin.people.models import JournalEntry
from tremplin.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def person(personas):
    return make_person(personas.strasbourg, first_name="Zéphyrine", last_name="Quintavalle")


def mandate_data(**overrides) -> dict:
    data = {
        "scope": ["taxes"],
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + 30 * DAY).isoformat(),
        "agreement": "paper",
    }
    data.update(overrides)
    return data


def test_an_end_before_the_start_is_a_form_message_and_nothing_is_saved(client_for, person):
    response = client_for("mediator").post(
        f"/accompaniment/people/{person.pk}/mandates/",
        mandate_data(
            starts_on=(TODAY + 10 * DAY).isoformat(), ends_on=(TODAY + 5 * DAY).isoformat()
        ),
    )
    assert response.status_code == 200
    assert "La date de fin vient avant la date de début." in response.text
    assert "mandate_ends_after_start" not in response.text
    assert "contrainte" not in response.text
    assert Mandate.objects.count() == 0


def test_an_end_date_already_past_is_refused(client_for, person):
    response = client_for("mediator").post(
        f"/accompaniment/people/{person.pk}/mandates/",
        mandate_data(starts_on=(TODAY - 20 * DAY).isoformat(), ends_on=(TODAY - DAY).isoformat()),
    )
    assert response.status_code == 200
    assert "Cette date de fin est déjà passée" in response.text
    assert Mandate.objects.count() == 0


def test_a_mandate_signed_last_week_that_still_runs_is_accepted(client_for, person):
    response = client_for("mediator").post(
        f"/accompaniment/people/{person.pk}/mandates/",
        mandate_data(starts_on=(TODAY - 7 * DAY).isoformat()),
    )
    assert response.status_code == 302
    assert Mandate.objects.get().starts_on == TODAY - 7 * DAY


def test_the_form_explains_more_than_twelve_months_on_the_end_date():
    form = MandateForm(mandate_data(ends_on=(TODAY + 400 * DAY).isoformat()), today=TODAY)
    assert not form.is_valid()
    assert form.errors["ends_on"] == [
        "Un mandat dure au plus douze mois : choisissez une date de fin plus proche."
    ]


def test_the_form_takes_today_from_its_caller():
    data = mandate_data(starts_on="2026-01-01", ends_on="2026-01-31")
    assert MandateForm(data, today=datetime.date(2026, 1, 15)).is_valid()
    assert not MandateForm(data, today=datetime.date(2026, 2, 1)).is_valid()


def test_mandate_states(person):
    mandate = make_mandate(person, starts_on=TODAY - 10 * DAY, ends_on=TODAY + 10 * DAY)
    assert mandate.state(TODAY) == "active"
    assert mandate.state(TODAY + 11 * DAY) == "ended"
    assert mandate.state(TODAY - 11 * DAY) == "upcoming"
    mandate.revoked_at = timezone.now()
    assert mandate.state(TODAY) == "revoked"


def test_the_list_shows_ended_mandates_as_ended_without_revoke_or_print(client_for, person):
    ended = make_mandate(person, starts_on=TODAY - 40 * DAY, ends_on=TODAY - 10 * DAY)
    current = make_mandate(person)
    response = client_for("mediator").get(f"/accompaniment/people/{person.pk}/mandates/")
    assert f"Terminé le {ended.ends_on:%d/%m/%Y}" in response.text
    assert "En cours" in response.text
    assert f"/accompaniment/mandates/{ended.pk}/revoke/" not in response.text
    assert f"/accompaniment/mandates/{ended.pk}/mandat.pdf" not in response.text
    assert f'href="/accompaniment/mandates/{current.pk}/revoke/"' in response.text
    assert f'href="/accompaniment/mandates/{current.pk}/mandat.pdf"' in response.text


def test_revoking_asks_first_then_revokes_on_post(client_for, personas, person):
    mandate = make_mandate(person, scope=[Theme.TAXES])
    client = client_for("mediator")
    page = client.get(f"/accompaniment/mandates/{mandate.pk}/revoke/")
    assert page.status_code == 200
    assert "Révoquer ce mandat ?" in page.text
    assert "Démarche impôts" in page.text
    assert "Zéphyrine Quintavalle" in page.text
    mandate.refresh_from_db()
    assert mandate.revoked_at is None
    done = client.post(f"/accompaniment/mandates/{mandate.pk}/revoke/")
    assert done.status_code == 302
    mandate.refresh_from_db()
    assert mandate.revoked_by == personas.mediator


def test_the_confirmation_of_a_revoked_mandate_offers_nothing_to_click(client_for, person):
    mandate = make_mandate(person)
    client = client_for("mediator")
    client.post(f"/accompaniment/mandates/{mandate.pk}/revoke/")
    page = client.get(f"/accompaniment/mandates/{mandate.pk}/revoke/")
    assert "déjà révoqué" in page.text
    assert "Oui, révoquer" not in page.text


def test_a_volunteer_cannot_open_the_revoke_confirmation(client_for, person):
    mandate = make_mandate(person)
    assert (
        client_for("volunteer").get(f"/accompaniment/mandates/{mandate.pk}/revoke/").status_code
        == 403
    )


def test_the_printed_mandate_says_who_what_how_long_and_how_to_stop(personas, person):
    mandate = make_mandate(
        person,
        recorded_by=personas.mediator,
        scope=[Theme.TAXES, Theme.FAMILY_ALLOWANCE],
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2027, 2, 28),
    )
    text = "\n".join(
        line for section in mandate_sections(mandate) for line in [section.title, *section.lines]
    )
    assert "Zéphyrine Quintavalle" in text
    assert personas.mediator.get_full_name() in text
    assert "Démarche impôts" in text and "Démarche CAF" in text
    assert "Du 1er décembre 2026 au 28 février 2027 inclus." in text
    assert personas.organisation.name in text
    assert personas.strasbourg.name in text and personas.strasbourg.address in text
    assert "arrêter ce mandat quand vous voulez" in text
    assert "taxes" not in text and "family_allowance" not in text


def test_the_printed_mandate_is_a_pdf_never_cached_and_journaled(client_for, personas, person):
    mandate = make_mandate(person, recorded_by=personas.mediator)
    response = client_for("volunteer").get(f"/accompaniment/mandates/{mandate.pk}/mandat.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    entry = person.journal.get(action=JournalEntry.Action.EXPORT)
    assert (entry.actor, entry.fields) == (personas.volunteer, ["mandate_pdf"])


def test_the_printed_mandate_of_another_space_is_not_found(client_for, person):
    mandate = make_mandate(person)
    assert (
        client_for("outsider").get(f"/accompaniment/mandates/{mandate.pk}/mandat.pdf").status_code
        == 404
    )
    assert not person.journal.filter(action=JournalEntry.Action.EXPORT).exists()


def test_a_revoked_mandate_says_so_on_the_timeline(client_for, person):
    mandate = make_mandate(person)
    client = client_for("mediator")
    client.post(f"/accompaniment/mandates/{mandate.pk}/revoke/")
    page = client.get(person.get_absolute_url())
    assert f"Mandat révoqué le {timezone.localdate():%d/%m/%Y}" in page.text
