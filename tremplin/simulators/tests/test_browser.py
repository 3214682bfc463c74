"""Learner journeys in Chromium, with JavaScript on and off: an e-mail with the CV attached in
the webmail, an application in the job board; every page axe-clean and within 30 KB."""

import re

import pytest
from playwright.sync_api import expect

from tremplin.core.testing.browser import assert_learner_page
from tremplin.simulators.models import Step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECRUITER = "recrutement@boulangerie-lefevre.example"


def send_cv(page) -> None:
    page.goto("/learn/simulateurs/messagerie/")
    page.get_by_role("button", name="Commencer").click()
    page.get_by_role("button", name=re.compile("Karima Benali")).click()
    page.get_by_role("link", name="Répondre").click()
    page.get_by_label("Message", exact=True).fill(
        "Bonjour Madame,\nJ'ai bien reçu votre message.\nMerci"
    )
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_role("link", name=re.compile("Écrire")).click()
    page.get_by_label("À (adresse e-mail)").fill(RECRUITER)
    page.get_by_label("Objet").fill("Candidature vendeuse")
    page.get_by_label("Message", exact=True).fill(
        "Bonjour Madame, Monsieur,\nJe postule au poste de vendeuse.\nCordialement,\nCamille Durand"
    )
    page.get_by_role("button", name="Joindre un fichier").click()
    page.get_by_label(re.compile("CV-Camille-Durand.pdf")).check()
    page.get_by_role("button", name="Joindre ce fichier").click()
    expect(page.get_by_text(re.compile("Pièce jointe : CV-Camille-Durand.pdf"))).to_be_visible()
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_role("heading", name="Messages envoyés").wait_for()
    page.get_by_role("button", name=re.compile("J'ai fini")).click()
    page.get_by_text("Bravo ! Vous avez fait toutes les étapes.").wait_for()


def apply(page) -> None:
    page.goto("/learn/simulateurs/offres-emploi/")
    page.get_by_role("button", name="Commencer").click()
    page.get_by_label("Métier ou mot-clé").fill("vendeuse")
    page.get_by_label("Ville").fill("Strasbourg")
    page.get_by_label("Type de contrat").select_option("cdi")
    page.get_by_role("button", name="Chercher", exact=True).click()
    page.get_by_role("button", name=re.compile("Boulangerie Lefèvre")).click()
    page.get_by_role("button", name="Sauvegarder l'offre").click()
    page.get_by_role("link", name="Postuler").click()
    page.get_by_label(re.compile("CV-Camille-Durand.pdf")).check()
    page.get_by_label("Votre message à l'employeur").fill(
        "Bonjour, je suis vendeuse depuis trois ans et ce poste me plaît. Merci."
    )
    page.get_by_role("button", name="Envoyer ma candidature").click()
    page.get_by_role("heading", name="Candidature envoyée").wait_for()
    page.get_by_role("button", name=re.compile("J'ai fini")).click()
    page.get_by_text("Bravo ! Vous avez fait toutes les étapes.").wait_for()


@pytest.mark.parametrize("with_js", [True, False])
def test_a_learner_sends_a_cv_and_applies(page, nojs_page, with_js):
    browser_page = page if with_js else nojs_page
    send_cv(browser_page)
    apply(browser_page)
    assert Step.objects.filter(action="send", facts__to="recruiter").count() == 1
    assert Step.objects.filter(action="apply").count() == 1


def test_simulator_pages_are_accessible_and_light(page, live_server):
    page.goto(live_server.url + "/learn/simulateurs/compte-en-ligne/")
    urls = ["/learn/simulateurs/"]
    from tremplin.simulators import engine

    for slug, simulator in engine.registry().items():
        urls.append(f"/learn/simulateurs/{slug}/")
        page.goto(live_server.url + f"/learn/simulateurs/{slug}/")
        page.get_by_role("button", name="Commencer").click()
        urls += [f"/learn/simulateurs/{slug}/{screen}/" for screen in sorted(simulator.screens)]
    for url in urls:
        assert_learner_page(page, live_server.url + url)
