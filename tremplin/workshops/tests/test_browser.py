"""In Chromium: a person books without an account (JavaScript on and off) and cancels with the
code; a volunteer takes attendance on a tablet-sized screen. Every page passes axe-core; public
pages stay within 30 KB, staff pages within 100 KB."""

import pytest
from playwright.sync_api import expect

from tremplin.core.testing.browser import assert_learner_page, assert_staff_page
from tremplin.people.tests.factories import make_person
from tremplin.workshops import services
from tremplin.workshops.models import Booking
from tremplin.workshops.tests.factories import (
    ensure_consent_text,
    make_booking,
    make_ongoing_session,
    make_session,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TABLET = {"width": 800, "height": 1280}


@pytest.fixture
def session(personas):
    ensure_consent_text(personas.organisation)
    return make_session(personas.strasbourg, capacity=1, title="Premiers e-mails")


def book_and_cancel(page, session, *, phone: str):
    page.goto("/workshops/")
    page.get_by_label("Ville").select_option("Strasbourg")
    page.get_by_role("button", name="Voir").click()
    page.get_by_role("link", name="Premiers e-mails").click()
    page.get_by_role("link", name="Réserver une place").click()
    page.get_by_label("Votre prénom").fill("Awa")
    page.get_by_label("Votre téléphone").fill("06 12 34")
    page.get_by_role("button", name="Réserver").click()
    expect(page.get_by_text("Ce numéro de téléphone n'existe pas").first).to_be_visible()
    assert page.get_by_label("Votre prénom").input_value() == "Awa"
    page.get_by_label("Votre téléphone").fill(phone)
    page.get_by_label("J'ai lu le texte ci-dessus et je suis d'accord").check()
    page.get_by_role("button", name="Réserver").click()
    assert page.locator("main h1").inner_text() == "Votre place est réservée"
    code = page.locator(".booking-code").inner_text()

    page.goto("/workshops/reservation/")
    page.get_by_label("Votre code de réservation").fill(code.lower())
    page.get_by_role("button", name="Voir ma réservation").click()
    page.get_by_role("button", name="Annuler ma réservation").click()
    expect(page.get_by_text("Votre réservation est annulée")).to_be_visible()
    return Booking.objects.get(code=code.replace("-", ""))


def test_a_person_books_without_an_account_and_cancels_with_the_code(page, session):
    booking = book_and_cancel(page, session, phone="06 12 34 56 78")
    assert booking.status == Booking.Status.CANCELLED


def test_the_same_journey_works_without_javascript(nojs_page, session):
    booking = book_and_cancel(nojs_page, session, phone="06 98 76 54 32")
    assert booking.status == Booking.Status.CANCELLED


def test_public_pages_pass_axe_and_stay_within_30_kb(page, nojs_page, personas, session):
    booking = make_booking(session)
    _ongoing, [attended] = make_ongoing_session(
        personas.strasbourg, make_person(personas.strasbourg)
    )
    services.record_attendance(attended, is_present=True)
    for path in [
        "/workshops/",
        f"/workshops/seances/{session.pk}/",
        f"/workshops/seances/{session.pk}/reserver/",
        "/workshops/reservation/",
        f"/workshops/reservation/{booking.code}/",
        f"/workshops/reservation/{attended.code}/",
        f"/workshops/reservation/{attended.code}/avis/",
    ]:
        assert_learner_page(page, path, nojs_page=nojs_page)


def test_a_volunteer_takes_attendance_on_a_tablet(browser, live_server, personas, log_in):
    awa = make_person(personas.strasbourg, first_name="Awa")
    ben = make_person(personas.strasbourg, first_name="Benoît")
    ensure_consent_text(personas.organisation)
    session, [awa_booking, ben_booking] = make_ongoing_session(personas.strasbourg, awa, ben)
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=TABLET)
    page = log_in(context.new_page(), personas.volunteer)
    sheet = f"/workshops/equipe/seances/{session.pk}/"
    assert_staff_page(page, sheet)
    page.get_by_role("group", name="Awa").get_by_label("Présent·e").check()
    page.get_by_role("group", name="Benoît").get_by_label("Absent·e").check()
    page.get_by_role("button", name="Enregistrer l'appel").click()
    expect(page.get_by_text("L'appel est enregistré.")).to_be_visible()

    page.get_by_role("link", name="Ajouter une personne venue sans inscription").click()
    assert_staff_page(page, page.url)
    page.get_by_label("Prénom").fill("Moussa")
    page.get_by_label("Téléphone").fill("06 98 76 54 32")
    page.get_by_label("La personne est d'accord").check()
    page.get_by_label("À l'oral").check()
    page.get_by_role("button", name="Ajouter, présent·e").click()
    assert page.get_by_role("group", name="Moussa").get_by_label("Présent·e").is_checked()
    page.get_by_role("link", name="Avis de Awa").click()
    assert_staff_page(page, page.url)
    page.get_by_label("Très content·e").check()
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.get_by_text("Merci pour votre avis !")).to_be_visible()
    for path in ["/workshops/equipe/", f"/workshops/equipe/personnes/{awa.pk}/inscrire/"]:
        assert_staff_page(page, path)
    context.close()

    awa_booking.refresh_from_db()
    ben_booking.refresh_from_db()
    assert (awa_booking.status, ben_booking.status) == ("attended", "absent")


def test_a_coordinator_schedules_on_a_page_that_passes_axe(page, personas, log_in):
    log_in(page, personas.coordinator)
    assert_staff_page(page, "/workshops/equipe/nouvelle/")


def test_cohort_and_drop_in_pages_pass_axe(page, personas, log_in):
    from tremplin.workshops.tests.factories import make_cohort, make_drop_in_queue

    person = make_person(personas.strasbourg, first_name="Awa")
    cohort = make_cohort(personas.strasbourg, members=[person])
    drop_in, _helping, _waiting = make_drop_in_queue(
        personas.strasbourg, person, make_person(personas.strasbourg, first_name="Ben")
    )
    ensure_consent_text(personas.organisation)
    log_in(page, personas.mediator)
    for path in [
        "/workshops/equipe/cohortes/",
        "/workshops/equipe/cohortes/nouvelle/",
        f"/workshops/equipe/cohortes/{cohort.pk}/",
        f"/workshops/equipe/personnes/{person.pk}/cohorte/",
        f"/workshops/equipe/seances/{drop_in.pk}/file/",
        f"/workshops/equipe/seances/{drop_in.pk}/file/arrivee/",
        "/workshops/equipe/mon-agenda/",
    ]:
        assert_staff_page(page, path)
    log_in(page, personas.coordinator)
    assert_staff_page(page, f"/workshops/equipe/seances/{drop_in.pk}/")
