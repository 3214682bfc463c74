"""In Chromium: an adviser refers someone, a mediator receives and diagnoses them, the adviser
sees the new status. Every page passes axe-core and stays within 100 KB."""

import pytest
from playwright.sync_api import expect

from tremplin.core.testing.browser import assert_learner_page, assert_staff_page, axe_violations
from tremplin.partners.models import Referral, Status
from tremplin.partners.services import invitation_path
from tremplin.partners.tests.factories import ensure_consent_text, make_referral
from tremplin.people.tests.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_adviser_refers_a_mediator_receives_and_diagnoses_the_adviser_sees_it(
    browser, live_server, personas, log_in
):
    ensure_consent_text(personas.organisation)
    adviser = log_in(
        browser.new_context(locale="fr-FR", base_url=live_server.url).new_page(), personas.partner
    )
    assert_staff_page(adviser, "/partners/orienter/")
    adviser.get_by_label("Prénom").fill("Awa")
    adviser.get_by_label("Nom (ou seulement l'initiale)").fill("Diallo")
    adviser.get_by_label("Téléphone").fill("06 12 34")
    adviser.get_by_label("Le statut et la progression").check()
    adviser.get_by_label("Tremplin Strasbourg").check()
    adviser.get_by_role("button", name="Envoyer l'orientation").click()
    expect(adviser.get_by_text("Ce numéro de téléphone n'existe pas").first).to_be_visible()
    assert adviser.get_by_label("Prénom").input_value() == "Awa"
    adviser.get_by_label("Téléphone").fill("06 12 34 56 78")
    adviser.get_by_label("La personne est d'accord").check()
    adviser.get_by_role("button", name="Envoyer l'orientation").click()
    expect(adviser.get_by_text("L'orientation est envoyée à l'espace.")).to_be_visible()
    assert adviser.locator("main .lead").inner_text().startswith("Envoyée")
    referral = Referral.objects.get()

    mediator = log_in(
        browser.new_context(locale="fr-FR", base_url=live_server.url).new_page(), personas.mediator
    )
    assert_staff_page(mediator, "/partners/recues/")
    mediator.get_by_role("link", name="Awa Diallo").click()
    assert_staff_page(mediator, mediator.url)
    mediator.get_by_role("button", name="Noter l'orientation reçue").click()
    expect(mediator.get_by_text("L'orientation est à l'étape « Reçue ».")).to_be_visible()
    mediator.get_by_label("Diagnostic fait").check()
    mediator.get_by_role("button", name="Passer à cette étape").click()
    expect(mediator.get_by_text("L'orientation est à l'étape « Diagnostic fait ».")).to_be_visible()

    adviser.goto("/partners/")
    expect(adviser.get_by_role("row", name="Awa D.").get_by_text("Diagnostic fait")).to_be_visible()
    adviser.get_by_role("link", name="Awa D.").click()
    assert adviser.locator("main .lead").inner_text().startswith("Diagnostic fait")
    referral.refresh_from_db()
    assert referral.status == Status.DIAGNOSED


def test_every_partners_page_passes_axe_within_100_kb(page, personas, log_in, partner_admin):
    ensure_consent_text(personas.organisation)
    earlier = make_person(
        personas.strasbourg, first_name="Awa", last_name="Diallo", birth_year=1980
    )
    referral = make_referral(
        personas.partner, personas.strasbourg, first_name="Awa", last_name="Diallo", birth_year=1980
    )
    assert_learner_page(page, invitation_path(personas.partner_b))  # public: the invitation
    log_in(page, personas.partner)
    for path in [
        "/partners/",
        f"/partners/orientations/{referral.pk}/",
        "/partners/tableau-de-bord/",
        "/partners/organisation/",
        "/partners/prevenir/",
        "/partners/cohorte/",
    ]:
        assert_staff_page(page, path)
    page.goto("/partners/cohorte/")
    page.get_by_label("Espace").select_option(label="Tremplin Strasbourg")
    page.get_by_label("Début").fill("2030-01-06")
    page.get_by_label("Fin").fill("2030-03-06")
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(
        files=[
            {
                "name": "cohorte.csv",
                "mimeType": "text/csv",
                "buffer": b"prenom;nom;telephone;code_postal;accord\nAwa;D;06 12;67100;statut\n",
            }
        ]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_text("Ligne 2 : téléphone")).to_be_visible()
    assert axe_violations(page) == []  # the preview answers a POST: checked where it stands
    log_in(page, personas.mediator)
    for path in [
        "/partners/recues/",
        f"/partners/recues/{referral.pk}/",
        "/partners/organisations/",
        f"/people/{earlier.pk}/",
    ]:
        assert_staff_page(page, path)
