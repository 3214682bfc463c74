"""Journeys in Chromium: a coordinator invites a volunteer, who signs up, enrols their phone,
gets backup codes and reaches their onboarding checklist; the directory answers a postcode with
JavaScript on and off, and a place page fits 360 px."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tremplin.accounts.models import User
from tremplin.core.testing.browser import assert_learner_page, assert_staff_page, axe_violations
from tremplin.spaces.models import Membership, Space

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_invites_a_volunteer_who_reaches_their_checklist(
    page, browser, live_server, personas, log_in
):
    log_in(page, personas.coordinator)
    team_url = f"/staff/spaces/{personas.strasbourg.pk}/team/"
    assert_staff_page(page, team_url)
    page.get_by_role("link", name="Inviter une personne").click()
    assert_staff_page(page, page.url)
    page.get_by_label("Rôle").select_option("volunteer")
    page.get_by_role("button", name="Créer le lien d'invitation").click()
    link = page.get_by_label("Lien à copier").input_value()
    assert "/join/" in link
    assert axe_violations(page) == []

    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    newcomer = context.new_page()
    assert_learner_page(newcomer, link)
    newcomer.locator("#id_first_name").fill("Inès")
    newcomer.locator("#id_last_name").fill("Moreau")
    newcomer.locator("#id_username").fill("ines.moreau")
    newcomer.locator("#id_password").fill("une phrase assez longue")
    newcomer.get_by_role("button", name="Créer mon compte").click()

    # The second factor: the QR code, then the backup codes, then the checklist.
    expect(newcomer.get_by_role("heading", name="Confirmez que c'est bien vous")).to_be_visible()
    user = User.objects.get(username="ines.moreau")
    device = TOTPDevice.objects.get(user=user)
    newcomer.locator("#id_code").fill(f"{totp(device.bin_key):06d}")
    newcomer.get_by_role("button", name="Valider").click()
    expect(newcomer.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    assert newcomer.locator(".backup-codes li").count() == 10
    newcomer.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    expect(newcomer.get_by_role("heading", name="Mon accueil dans l'équipe")).to_be_visible()
    expect(newcomer.get_by_text("Charte du bénévole signée – à faire")).to_be_visible()
    assert_staff_page(newcomer, "/staff/me/")
    newcomer.get_by_role("button", name="J'ai lu la charte et je la signe").click()
    expect(newcomer.get_by_text("Merci : la charte est signée.")).to_be_visible()
    assert Membership.objects.get(user=user).role == Membership.Role.VOLUNTEER
    context.close()

    page.goto(team_url)
    expect(page.get_by_role("rowheader", name="Inès Moreau")).to_be_visible()
    # The link has served: it says so, on an accessible page.
    anonymous = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    anonymous.goto(link)
    expect(anonymous.get_by_text("Ce lien d'invitation a déjà servi")).to_be_visible()
    assert axe_violations(anonymous) == []


@pytest.mark.parametrize("with_javascript", [True, False])
def test_the_directory_answers_a_postcode(page, nojs_page, personas, with_javascript):
    browser_page = page if with_javascript else nojs_page
    browser_page.goto("/places/")
    browser_page.get_by_label("Votre code postal ou votre ville").fill("68100")
    browser_page.get_by_role("button", name="Chercher").click()
    heading = browser_page.get_by_role("heading", name="près de Mulhouse")
    heading.wait_for()
    expect(browser_page.get_by_role("link", name="Tremplin Strasbourg")).to_be_visible()
    assert "where=68100" in browser_page.url


def test_directory_results_and_a_full_place_page_are_light_and_accessible(
    page, nojs_page, personas
):
    space = personas.strasbourg
    space.email = "strasbourg-neudorf-accueil@tremplin-numerique.example.org"
    space.services = list(Space.Service.values)
    space.specific_support = list(Space.Support.values)
    space.is_step_free = True
    space.access_details = "Tram A ou E, arrêt Étoile Polygone. Rez-de-chaussée, sonnette."
    space.accesslibre_url = "https://acceslibre.beta.gouv.fr/app/67-strasbourg/a/x/erp/y/"
    space.save()
    assert_learner_page(page, "/places/?where=marseile", nojs_page=nojs_page)
    assert_learner_page(page, f"/places/{space.pk}/", nojs_page=nojs_page)


def test_a_place_page_does_not_scroll_sideways_at_360_px(page, personas):
    space = personas.strasbourg
    space.email = "strasbourg-neudorf-accueil@tremplin-numerique.example.org"
    space.save()
    page.set_viewport_size({"width": 360, "height": 740})
    for url in (f"/places/{space.pk}/", "/places/?where=67100"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width} px wide at 360 px"


@pytest.mark.parametrize("url", ["edit", "me"])
def test_space_and_helper_pages_are_accessible(page, personas, log_in, url):
    log_in(page, personas.coordinator)
    path = f"/staff/spaces/{personas.strasbourg.pk}/edit/" if url == "edit" else "/staff/me/"
    assert_staff_page(page, path)


def test_open_data_page_is_accessible(page, nojs_page, personas):
    assert_learner_page(page, "/opendata/", nojs_page=nojs_page)
