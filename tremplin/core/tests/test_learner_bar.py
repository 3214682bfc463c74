"""The learner bar on a 360×640 phone: at most 20 % of the first screen on every learner page,
touch targets of at least 44 px, a word beside every icon, and a menu that opens without
JavaScript (a ``<details>``). Every page, menu open or closed, passes axe-core."""

import pytest
from playwright.sync_api import expect

from tremplin.core.testing.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 640}
MAX_BAR_HEIGHT = 0.20 * PHONE["height"]
LEARNER_PAGES = [
    "/",
    "/diagnostic/",
    "/learn/login/",
    "/learn/modules/gestes-tactiles/",
    "/workshops/",
    "/workshops/reservation/",
    "/accounts/login/",
]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def nojs_phone(browser, live_server):
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def check_bar(page) -> None:
    bar = page.locator("header.learner-bar")
    height = bar.bounding_box()["height"]
    assert height <= MAX_BAR_HEIGHT, f"{page.url}: the bar is {height} px high"
    targets = bar.locator("a, summary")
    for index in range(targets.count()):
        target = targets.nth(index)
        if not target.is_visible():
            continue
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, f"{page.url}: {target.inner_html()}"
        assert target.inner_text().strip(), f"{page.url}: an icon without a word"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url}: scrolls sideways ({width} px)"
    violations = axe_violations(page)
    assert not violations, f"{page.url}: axe violations\n" + "\n".join(violations)


@pytest.mark.parametrize("url", LEARNER_PAGES)
def test_the_bar_takes_at_most_a_fifth_of_a_phone_screen(phone, url):
    phone.goto(url)
    check_bar(phone)
    phone.locator(".menu summary").click()
    expect(phone.get_by_role("navigation", name="Menu principal")).to_be_visible()
    assert phone.locator("header.learner-bar").bounding_box()["height"] <= MAX_BAR_HEIGHT
    violations = axe_violations(phone)
    assert not violations, f"{url}: axe violations with the menu open\n" + "\n".join(violations)


def test_the_bar_of_a_logged_in_learner_is_as_small(phone, personas, log_in):
    log_in(phone, personas.learner)
    for url in ["/learn/", "/learn/modules/gestes-tactiles/01-toucher/", "/workshops/"]:
        phone.goto(url)
        check_bar(phone)


def test_the_menu_opens_and_leads_somewhere_without_javascript(nojs_phone):
    nojs_phone.goto("/")
    menu = nojs_phone.get_by_role("navigation", name="Menu principal")
    expect(menu).to_be_hidden()
    nojs_phone.get_by_text("Menu", exact=True).click()
    expect(menu).to_be_visible()
    menu.get_by_role("link", name="Trouver un lieu").click()
    assert "/places" in nojs_phone.url or nojs_phone.locator("main h1").count() == 1
    # No check_bar here: page.evaluate never answers in a page without JavaScript (its
    # measures are taken with JavaScript on, by the tests above).


def test_the_two_main_actions_are_in_the_bar_itself(phone):
    phone.goto("/")
    actions = phone.locator(".bar-actions a")
    assert actions.count() == 2
    assert [actions.nth(i).inner_text() for i in range(2)] == ["Faire le test", "Apprendre"]
