"""A volunteer's morning: records an intake, finds the person again by a misspelled name, logs
a help. Every staff page on the way has no axe violation and stays within 100 KB."""

import pytest
from playwright.sync_api import expect

from tremplin.core.testing.browser import assert_staff_page
from tremplin.people.models import Person
from tremplin.people.tests.factories import make_consent_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_volunteer_records_an_intake_finds_the_person_and_logs_a_help(page, personas, log_in):
    make_consent_text(personas.organisation, version="2026-01")
    log_in(page, personas.volunteer)

    assert_staff_page(page, "/people/new/")
    page.get_by_label("Prénom").fill("Zéphyrine")
    page.get_by_label("Nom (ou seulement l'initiale)").fill("Quintavalle")
    page.get_by_label("Année de naissance").fill("1978")
    page.get_by_label("Téléphone").fill("06 12 34")
    page.get_by_label("Arabe").check()
    page.get_by_label("Venue d'elle-même").check()
    page.get_by_label("Trouver un emploi").check()
    page.get_by_label("La personne est d'accord").check()
    page.get_by_label("À l'oral").check()
    page.get_by_role("button", name="Enregistrer la fiche").click()

    expect(page.get_by_text("Ce numéro de téléphone n'existe pas").first).to_be_visible()
    assert page.get_by_label("Prénom").input_value() == "Zéphyrine"
    assert page.get_by_label("Arabe").is_checked()
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    assert page.locator("main h1").inner_text() == "Zéphyrine Quintavalle"
    person = Person.objects.get()
    assert_staff_page(page, person.get_absolute_url())

    assert_staff_page(page, "/people/?q=zephirine+quintavale")
    page.get_by_role("link", name="Zéphyrine Quintavalle").click()
    page.wait_for_url(f"**{person.get_absolute_url()}")
    page.get_by_role("link", name="Noter une aide").click()
    new_help = f"/accompaniment/people/{person.pk}/new/"
    page.wait_for_url(f"**{new_help}")
    assert_staff_page(page, new_help)
    page.get_by_label("Aide individuelle").check()
    page.get_by_label("Durée en minutes").fill("40")
    page.get_by_label("Messagerie (e-mail)").check()
    page.get_by_label("À suivre").check()
    page.get_by_label("Note courte").fill("Adresse e-mail créée.")
    page.get_by_role("button", name="Enregistrer l'aide").click()

    assert page.locator("main h1").inner_text() == "Zéphyrine Quintavalle"
    expect(page.get_by_text("Adresse e-mail créée.")).to_be_visible()
    assert person.accompaniments.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/people/",
        "/people/journal/",
        "/accompaniment/",
        "person:/people/{pk}/edit/",
        "person:/people/{pk}/erase/",
        "person:/people/{pk}/consent/withdraw/",
        "person:/accompaniment/people/{pk}/mandates/",
        "person:/accompaniment/people/{pk}/plan/",
    ],
)
def test_people_and_accompaniment_pages_are_accessible(page, personas, log_in, url):
    from tremplin.accompaniment import services
    from tremplin.accompaniment.tests.factories import make_accompaniment, make_mandate
    from tremplin.people.tests.factories import make_person

    person = make_person(personas.strasbourg, recorded_by=personas.volunteer, phone="+33612345678")
    make_mandate(person)
    make_accompaniment(person, note="Note")
    goal = services.add_goal(person, title="Objectif", created_by=None)
    services.add_step(goal, title="Étape")
    log_in(page, personas.coordinator)
    if url.startswith("person:"):
        url = url.removeprefix("person:").format(pk=person.pk)
    assert_staff_page(page, url)
