from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from tremplin.core.testing.browser import assert_learner_page, assert_staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_HOMES = {
    "admin": "/staff/",
    "coord-strasbourg": "/staff/",
    "mediateur-strasbourg": "/staff/",
    "benevole-strasbourg": "/staff/",
    "benevole-marseille": "/staff/",
    "partenaire-strasbourg": "/partners/",
    "financeur": "/impact/",
    "apprenant": None,  # the learner's home: the learning home once installed, else the site home
}


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/page-qui-n-existe-pas/"])
def test_public_learner_pages_are_light_accessible_and_work_without_javascript(
    page, nojs_page, url
):
    assert_learner_page(page, url, nojs_page=nojs_page)


def test_every_demo_account_logs_in_through_the_form_and_lands_home(page, settings):
    settings.TREMPLIN_ALLOW_DEMO_ACCOUNTS = True
    call_command("seed_demo", force=True, verbosity=0)
    for username, home in DEMO_HOMES.items():
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        page.get_by_label("Nom d'utilisateur").fill(username)
        page.get_by_label("Mot de passe").fill("tremplin-demo")
        page.get_by_role("button", name="Me connecter").click()
        page.wait_for_load_state()
        path = urlparse(page.url).path
        if home:
            assert path == home, username
        else:
            assert path not in ("/accounts/login/", "/accounts/second-factor/"), username
        assert page.locator("main h1").count() == 1


def test_second_factor_enrolment_page_is_accessible(page, personas, log_in):
    log_in(page, personas.volunteer, verified=False)
    assert_staff_page(page, "/accounts/second-factor/")
    assert page.locator("figure.qr svg").count() == 1


def test_the_accessibility_check_catches_a_violation(page):
    page.set_content(
        '<html lang="fr"><body><main><h1>Titre</h1><img src="x.png"></main></body></html>'
    )
    from tremplin.core.testing.browser import axe_violations

    assert any(line.startswith("image-alt") for line in axe_violations(page))


def test_a_first_visit_has_the_styles_inline_and_the_next_page_links_them(page):
    weight = assert_learner_page(page, "/")
    loaded = {url.rsplit("/", 1)[-1].split(".")[0] for url, _size in weight.files}
    assert {"icons", "read-aloud"} <= loaded
    assert "tremplin" not in loaded  # written in the page: one round trip less before painting
    assert page.locator("[data-tremplin-read-aloud]").count() == 1
    # The stylesheet applied, its inline copy allowed by the policy (a refused style would leave
    # the browser's default 16px).
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "18px"
    weight = assert_learner_page(page, "/places/")
    loaded = {url.rsplit("/", 1)[-1].split(".")[0] for url, _size in weight.files}
    assert "tremplin" in loaded
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "18px"


@pytest.mark.parametrize("url", ["/admin/", "/admin/people/person/", "/admin/spaces/space/"])
def test_national_admin_pages_have_no_accessibility_violation(page, personas, log_in, url):
    # Django's own admin, for the national team only: its scripts (jQuery for list actions) put
    # some list pages above the 100 KB of staff pages, so only accessibility is checked here.
    from tremplin.core.testing.browser import axe_violations, visit

    log_in(page, personas.admin)
    weight = visit(page, url)
    assert not weight.broken
    assert not axe_violations(page)
