import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tremplin.core.testing.browser import assert_learner_page, assert_staff_page
from tremplin.learning import content, services
from tremplin.learning.exercises import model_answer
from tremplin.learning.tests.factories import LEARNER_CODE, make_learner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_STEPS = "premiers-pas"


def log_in_with_code(page, profile) -> None:
    page.goto(reverse("learning:code_login"))
    page.get_by_label("Votre identifiant").fill(profile.user.username)
    page.get_by_label("Votre code secret à 6 chiffres").fill(LEARNER_CODE)
    page.get_by_role("button", name="Entrer").click()
    page.wait_for_url(re.compile(r"/learn/$"))


def answer(page, exercise) -> None:
    for name, values in model_answer(exercise).items():
        field = page.locator(f'[name="{name}"]').first
        tag = field.evaluate("element => element.tagName + (element.type || '')")
        if tag.startswith("SELECT"):
            field.select_option(values[0])
        elif tag in {"INPUTradio", "INPUTcheckbox"}:
            for value in values:
                page.locator(f'[name="{name}"][value="{value}"]').check()
        else:
            field.fill(values[0])
    page.get_by_role("button", name="Vérifier ma réponse").click()


def work_through(page, module) -> None:
    """Opens the module, reads each lesson and answers each exercise right, as a learner does."""
    page.goto(reverse("learning:module_detail", args=[module.slug]))
    page.get_by_role("link", name="Commencer").click()
    for item in module.pages:
        page.get_by_role("heading", level=1, name=item.title).wait_for()
        if item.is_exercise:
            answer(page, item)
            page.locator(".feedback-right").wait_for()
            page.get_by_role("link", name="Continuer").click()
        else:
            page.get_by_role("button", name="J'ai compris, continuer").click()
    page.wait_for_url(re.compile(rf"/learn/modules/{module.slug}/$"))
    expect(page.get_by_text("Module fini. Bravo !")).to_be_visible()


def test_a_learner_logs_in_with_a_code_and_completes_a_first_steps_module(
    page, nojs_page, personas
):
    """With JavaScript on (feedback in place), then another learner with it off (page posts)."""
    catalogue = content.catalogue("fr")
    pathway = catalogue.pathways[FIRST_STEPS]
    module = pathway.modules[0]
    with_js = make_learner(personas.strasbourg, personas.volunteer)
    log_in_with_code(page, with_js)
    work_through(page, module)
    following = f"Module suivant : {pathway.modules[1].title}"
    expect(page.get_by_role("link", name=following)).to_be_visible()
    page.goto(reverse("learning:home"))
    assert pathway.modules[1].title in page.locator(".continue").inner_text()
    page.goto(reverse("learning:pathway_detail", args=[FIRST_STEPS]))
    assert page.locator(".steps li.is-done").count() == 1

    without_js = make_learner(personas.strasbourg, personas.volunteer)
    for other in pathway.modules[1:]:
        for item in other.pages:
            services.record_page(
                without_js.user, item, catalogue=catalogue, is_right=item.is_exercise or None
            )
    log_in_with_code(nojs_page, without_js)
    work_through(nojs_page, module)
    expect(nojs_page.get_by_role("link", name="Mon attestation : Premiers pas")).to_be_visible()

    nojs_page.goto(reverse("learning:home"))
    code = nojs_page.locator(".certificates .meta").inner_text().split("code ")[1].strip()
    nojs_page.goto(reverse("learning:certificate_verify"))
    nojs_page.get_by_label("Code de vérification").fill(code)
    nojs_page.get_by_role("button", name="Vérifier").click()
    expect(nojs_page.get_by_text("Cette attestation est authentique.")).to_be_visible()
    expect(nojs_page.get_by_text(without_js.user.get_full_name())).to_be_visible()
    nojs_page.get_by_label("Code de vérification").fill("QQQQQ-QQQQQ")
    nojs_page.get_by_role("button", name="Vérifier").click()
    expect(nojs_page.get_by_text("Aucune attestation ne porte ce code.")).to_be_visible()


def test_a_wrong_answer_can_be_tried_again_in_place_with_javascript(page, personas):
    catalogue = content.catalogue("fr")
    exercise = next(
        item
        for item in catalogue.pathways[FIRST_STEPS].modules[1].pages
        if item.type in {"single", "multiple"}
    )
    wrong = next(choice.key for choice in exercise.choices if choice.key not in exercise.answer)
    learner = make_learner(personas.strasbourg, personas.volunteer)
    log_in_with_code(page, learner)
    url = reverse("learning:page_detail", args=[exercise.module_slug, exercise.stem])
    page.goto(url)
    page.locator(f'[name="answer"][value="{wrong}"]').check()
    page.get_by_role("button", name="Vérifier ma réponse").click()
    page.locator(".feedback-wrong").wait_for()
    assert page.url.endswith(url)
    assert page.locator(f'[name="answer"][value="{wrong}"]').is_checked()
    page.locator(
        f'[name="answer"][value="{wrong}"]'
    ).uncheck() if exercise.type == "multiple" else None
    answer_page = page.get_by_role("button", name="Réessayer")
    for key in exercise.answer:
        page.locator(f'[name="answer"][value="{key}"]').check()
    answer_page.click()
    page.locator(".feedback-right").wait_for()


def learner_urls(catalogue, certificate_code: str) -> list[str]:
    pathway = catalogue.pathways[FIRST_STEPS]
    urls = [
        reverse("learning:home"),
        reverse("learning:pathway_detail", args=[FIRST_STEPS]),
        reverse("learning:module_detail", args=[pathway.modules[0].slug]),
    ]
    seen = set()
    for module in catalogue.modules.values():
        for item in module.pages:
            kind = item.type or ("lesson-picture" if item.illustration else "lesson")
            if kind not in seen:
                seen.add(kind)
                urls.append(reverse("learning:page_detail", args=[module.slug, item.stem]))
    verify = reverse("learning:certificate_verify")
    return [*urls, verify, f"{verify}?code={certificate_code}", f"{verify}?code=FAUX"]


def test_learner_pages_are_light_accessible_and_work_without_javascript(
    page, nojs_page, personas, log_in
):
    catalogue = content.catalogue("fr")
    profile = make_learner(personas.strasbourg, personas.volunteer)
    module = catalogue.pathways[FIRST_STEPS].modules[0]
    for item in module.pages[:2]:
        services.record_page(profile.user, item, catalogue=catalogue, is_right=True)
    certificate = services.issue_certificate(profile.user, catalogue.pathways[FIRST_STEPS])
    token = services.issue_login_card(profile, by=personas.volunteer)
    for public in (reverse("learning:code_login"), reverse("learning:card_login", args=[token])):
        assert_learner_page(page, public, nojs_page=nojs_page)
    log_in(page, profile.user)
    log_in(nojs_page, profile.user)
    for url in learner_urls(catalogue, certificate.code):
        assert_learner_page(page, url, nojs_page=nojs_page)


@pytest.mark.parametrize("width, zoom", [(360, 1), (320, 1), (1280, 2)])
def test_learner_pages_reflow_on_a_small_phone_and_at_200_percent(
    browser, live_server, personas, width, zoom
):
    """200 % zoom of a 1280 px window is a 640 CSS px viewport; 320 px is WCAG's reflow width."""
    catalogue = content.catalogue("fr")
    profile = make_learner(personas.strasbourg, personas.volunteer)
    certificate = services.issue_certificate(profile.user, catalogue.pathways[FIRST_STEPS])
    context = browser.new_context(
        locale="fr-FR",
        base_url=live_server.url,
        viewport={"width": width // zoom, "height": 800 // zoom},
        device_scale_factor=zoom,
    )
    page = context.new_page()
    log_in_with_code(page, profile)
    for url in learner_urls(catalogue, certificate.code):
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow} px at {width} px / {zoom}x"
    context.close()


def test_the_staff_page_of_a_person_learning_is_accessible(page, personas, log_in):
    catalogue = content.catalogue("fr")
    profile = make_learner(personas.strasbourg, personas.volunteer)
    for item in catalogue.pathways[FIRST_STEPS].modules[0].pages:
        services.record_page(profile.user, item, catalogue=catalogue, is_right=True)
    services.issue_login_card(profile, by=personas.volunteer)
    log_in(page, personas.volunteer)
    assert_staff_page(page, reverse("learning:person_learning", args=[profile.person.pk]))
