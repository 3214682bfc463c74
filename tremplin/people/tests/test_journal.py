"""The access journal as a coordinator reads it: French labels, and filters by person, staff
member, action and dates, each wrong value explained."""

import datetime
import re

import pytest
from django.utils import timezone

from tremplin.people import services
from tremplin.people.models import JournalEntry
from tremplin.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
NOON = datetime.time(12)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, NOON))


@pytest.fixture
def journal(personas):
    """Two people of Strasbourg, read and changed by different staff on different days."""
    ana = make_person(personas.strasbourg, first_name="Ana", last_name="Bellini")
    ziad = make_person(personas.strasbourg, first_name="Ziad", last_name="Haddad")
    services.journal(
        ana,
        actor=personas.mediator,
        action=JournalEntry.Action.UPDATE,
        fields=["first_name", "phone", "home_space"],
        now=at(datetime.date(2026, 11, 2)),
    )
    services.journal(
        ziad,
        actor=personas.volunteer,
        action=JournalEntry.Action.READ,
        now=at(datetime.date(2026, 11, 20)),
    )
    services.journal(
        ziad,
        actor=personas.mediator,
        action=JournalEntry.Action.EXPORT,
        fields=["pdf"],
        now=at(datetime.date(2026, 11, 25)),
    )
    return {"ana": ana, "ziad": ziad}


def rows(response) -> str:
    return response.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_fields_and_actions_are_in_french(client_for, journal):
    page = client_for("coordinator").get("/people/journal/")
    assert "prénom, téléphone, espace" in page.text
    assert "PDF de ses données" in page.text
    assert "Modification" in page.text and "Export" in page.text
    shown = re.sub(r"<style>.*?</style>", "", page.text, flags=re.DOTALL)  # a first visit's CSS
    for code in ["first_name", "home_space", " phone", ">update<", ">pdf<"]:
        assert code not in shown


def test_filter_by_staff_member(client_for, personas, journal):
    page = client_for("coordinator").get("/people/journal/", {"actor": personas.volunteer.pk})
    assert "Ziad Haddad" in rows(page)
    assert "Ana Bellini" not in rows(page)
    assert f'<option value="{personas.mediator.pk}">{personas.mediator}</option>' in page.text


def test_filter_by_action(client_for, journal):
    page = client_for("coordinator").get("/people/journal/", {"action": "update"})
    assert "Ana Bellini" in rows(page)
    assert "Ziad Haddad" not in rows(page)


def test_filter_by_dates_includes_both_days(client_for, journal):
    page = client_for("coordinator").get(
        "/people/journal/", {"since": "2026-11-20", "until": "2026-11-25"}
    )
    assert rows(page).count("Ziad Haddad") == 2
    assert "Ana Bellini" not in rows(page)


def test_filter_by_person_and_action_together(client_for, journal):
    page = client_for("coordinator").get(
        "/people/journal/", {"person": journal["ziad"].pk, "action": "export"}
    )
    assert rows(page).count("Ziad Haddad") == 1
    assert "Vous voyez les entrées d'une seule fiche." in page.text


@pytest.mark.parametrize(
    "query, message",
    [
        ({"since": "2026-11-25", "until": "2026-11-20"}, "Cette date vient avant la date « Du »"),
        ({"since": "le 3 novembre"}, "Écrivez la date ainsi : 26/11/2026."),
        ({"until": "0001-01-01"}, "Choisissez une date entre l&#x27;an 2000 et l&#x27;an 2100."),
        ({"action": "delete"}, "Choisissez une action de la liste."),
        ({"actor": "²"}, "Choisissez une personne de la liste."),
        ({"person": "²"}, "Ce lien ne mène à aucune fiche"),
        ({"person": "1" * 25}, "Ce lien ne mène à aucune fiche"),
    ],
)
def test_a_wrong_filter_is_explained_and_left_out(client_for, journal, query, message):
    page = client_for("coordinator").get("/people/journal/", query)
    assert page.status_code == 200
    assert message in page.text
    assert "Ana Bellini" in rows(page) and "Ziad Haddad" in rows(page)


def test_automatic_entries_can_be_listed_alone(client_for, personas, journal):
    services.journal(journal["ana"], actor=None, action=JournalEntry.Action.ANONYMISE)
    page = client_for("coordinator").get("/people/journal/", {"actor": "auto"})
    assert "Anonymisation" in rows(page)
    assert rows(page).count("<tr>") == rows(page).count("Tremplin (automatique)")
    assert "Modification" not in rows(page) and "Export" not in rows(page)


def test_the_next_page_keeps_the_filters(client_for, personas, journal):
    for _ in range(60):
        services.journal(journal["ana"], actor=personas.mediator, action=JournalEntry.Action.READ)
    page = client_for("coordinator").get(
        "/people/journal/", {"action": "read", "actor": personas.mediator.pk}
    )
    assert f"?action=read&amp;actor={personas.mediator.pk}&amp;page=2" in page.text


def test_filtered_journal_does_not_query_once_per_row(
    client_for, personas, journal, django_assert_max_num_queries
):
    for _ in range(20):
        services.journal(
            make_person(personas.strasbourg),
            actor=personas.mediator,
            action=JournalEntry.Action.UPDATE,
            fields=["phone"],
        )
    client = client_for("coordinator")
    client.get("/people/journal/")  # the first request after login also saves the session
    with django_assert_max_num_queries(7):
        page = client.get(
            "/people/journal/",
            {"actor": personas.mediator.pk, "action": "update", "since": "2026-01-01"},
        )
    assert rows(page).count("téléphone") >= 20
