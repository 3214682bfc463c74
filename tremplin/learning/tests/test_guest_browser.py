"""In Chromium without JavaScript: a visitor without an account starts a module at once, on a
phone; the pages pass axe-core and stay within the learner budget."""

import pytest
from playwright.sync_api import expect

from tremplin.core.testing.browser import assert_learner_page
from tremplin.learning.models import PageProgress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 640}


def test_a_visitor_starts_a_module_without_javascript_and_without_an_account(
    browser, live_server, page
):
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    nojs = context.new_page()
    nojs.goto("/learn/modules/gestes-tactiles/")
    expect(nojs.get_by_text("Vous apprenez sans compte")).to_be_visible()
    nojs.get_by_role("link", name="Commencer").click()
    assert "/learn/modules/gestes-tactiles/01-toucher/" in nojs.url
    nojs.get_by_role("button", name="J'ai compris, continuer").click()
    assert "/learn/modules/gestes-tactiles/02-" in nojs.url
    nojs.goto("/learn/modules/gestes-tactiles/")
    expect(nojs.get_by_role("link", name="Continuer")).to_be_visible()
    assert not PageProgress.objects.exists()
    context.close()

    for path in ["/learn/modules/gestes-tactiles/", "/learn/modules/gestes-tactiles/01-toucher/"]:
        assert_learner_page(page, path)
