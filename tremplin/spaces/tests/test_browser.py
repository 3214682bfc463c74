import pytest
from playwright.sync_api import expect

from tremplin.core.testing.browser import assert_learner_page, assert_staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_directory_pages_are_light_accessible_and_work_without_javascript(
    page, nojs_page, personas
):
    assert_learner_page(page, "/places/", nojs_page=nojs_page)
    assert_learner_page(page, "/places/?where=67100", nojs_page=nojs_page)
    assert_learner_page(page, "/places/?where=", nojs_page=nojs_page)
    assert_learner_page(page, f"/places/{personas.strasbourg.pk}/", nojs_page=nojs_page)


def test_directory_search_works_without_javascript(nojs_page, personas):
    nojs_page.goto("/places/")
    nojs_page.get_by_label("Votre code postal ou votre ville").fill("Strasbourg")
    nojs_page.get_by_role("button", name="Chercher").click()
    expect(nojs_page.get_by_role("link", name="Tremplin Strasbourg")).to_be_visible()


@pytest.mark.parametrize(
    "role, url",
    [
        ("coordinator", "/staff/"),
        ("coordinator", "space"),
        ("partner", "/partners/"),
        ("funder", "/impact/"),
    ],
)
def test_staff_pages_are_accessible_and_within_budget(page, personas, log_in, role, url):
    log_in(page, getattr(personas, role))
    if url == "space":
        url = f"/staff/spaces/{personas.strasbourg.pk}/"
    assert_staff_page(page, url)
