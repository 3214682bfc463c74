"""Learner journeys in Chromium on the real bank: the test taken alone to its result, with and
without JavaScript; every page passes axe-core and stays within the 30 KB budget."""

import re
from urllib.parse import urlparse

import pytest

from tremplin.core.testing.browser import assert_learner_page, assert_staff_page
from tremplin.diagnostic import bank
from tremplin.diagnostic.models import DiagnosticSession
from tremplin.diagnostic.tests.factories import make_person
from tremplin.spaces.tests.factories import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def real_bank():
    bank.reload()
    yield
    bank.reload()


def answer(page, *, dont_know: bool) -> str:
    """Answers the question on screen; returns its type."""
    form = page.locator("form.answer")
    kind = form.get_attribute("class").split("answer-")[1]
    if dont_know:
        page.get_by_role("button", name="Je ne sais pas").click()
    elif kind in ("choice", "tap"):
        form.locator("button[name=answer]").first.click()
    elif kind == "text":
        form.locator("input[name=answer]").fill("www.exemple.fr")
        page.get_by_role("button", name="Valider").click()
    else:
        form.locator("input[name=answer]").first.check()
        page.get_by_role("button", name="Valider").click()
    page.wait_for_load_state()
    return kind


def check(page, nojs_page, path):
    """axe and weight need scripts in the page: a page without JavaScript is only walked."""
    if nojs_page is not None:
        assert_learner_page(page, path, nojs_page=nojs_page)


def take_the_test(page, nojs_page, *, has_smartphone: str, email_use: str, dont_know: bool):
    checked = set()
    page.goto("/diagnostic/")
    check(page, nojs_page, "/diagnostic/")
    page.get_by_role("button", name="Commencer le test").click()
    page.wait_for_load_state()
    check(page, nojs_page, urlparse(page.url).path)
    # « Non » is also an answer to « Cherchez-vous un emploi ? »: look in the smartphone question.
    smartphone = page.get_by_role("group", name=re.compile("smartphone"))
    smartphone.get_by_label(has_smartphone, exact=True).check()
    page.get_by_label(email_use, exact=True).check()
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_load_state()
    for _question in range(45):
        path = urlparse(page.url).path
        if path.startswith("/diagnostic/r/"):
            break
        kind = page.locator("form.answer").get_attribute("class")
        if kind not in checked:  # each kind of question screen once: axe, weight, no-JS heading
            check(page, nojs_page, path)
            checked.add(kind)
        answer(page, dont_know=dont_know)
    else:
        pytest.fail("the test did not end")
    check(page, nojs_page, urlparse(page.url).path)
    assert page.locator("main h1").inner_text() == "Votre résultat"
    assert page.locator("a[href='/places/']").count() >= 1
    return checked


def test_a_person_takes_the_test_alone_to_the_result_with_javascript(page, nojs_page):
    make_organisation()
    checked = take_the_test(
        page, nojs_page, has_smartphone="Oui", email_use="Avec de l'aide", dont_know=False
    )
    assert len(checked) >= 2
    assert page.locator("[data-tremplin-print]").count() == 1
    session = DiagnosticSession.objects.get()
    assert session.is_finished and session.responses.count() >= 4


def test_a_person_takes_the_test_alone_to_the_result_without_javascript(nojs_page):
    make_organisation()
    take_the_test(nojs_page, None, has_smartphone="Non", email_use="Jamais", dont_know=True)
    assert nojs_page.locator("[data-tremplin-print][hidden]").count() == 1
    assert DiagnosticSession.objects.get().profile == "excluded"
    nojs_page.get_by_label("Votre adresse e-mail").fill("moi@example.fr")
    nojs_page.get_by_role("button", name="M'envoyer le lien").click()
    assert "C'est envoyé" in nojs_page.locator("main").inner_text()


def test_staff_diagnostic_pages_are_accessible(page, personas, log_in):
    person = make_person(personas.strasbourg)
    log_in(page, personas.mediator)
    assert_staff_page(page, f"/diagnostic/personne/{person.pk}/")
    page.get_by_role("button", name="Faire le test avec la personne").click()
    page.wait_for_load_state()
    assert "/diagnostic/t/" in page.url
