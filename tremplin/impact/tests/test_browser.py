"""In Chromium: the dashboards of the national team, a coordinator and a funder, and the
follow-up pages pass axe-core; staff pages stay within 100 KB, the person's answer form within
the learner budget (30 KB) and works without JavaScript."""

import datetime

import pytest

from tremplin.core.testing.browser import assert_learner_page, assert_staff_page
from tremplin.impact.models import FollowUp, new_answer_token, token_hash
from tremplin.impact.tests.factories import at, build
from tremplin.people.tests.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
QUERY = "?start=2026-01-01&end=2026-06-30"


@pytest.fixture
def data(personas):
    data = build(personas)
    for number in range(8):  # enough people for charts to have bars
        make_person(personas.strasbourg, first_name=f"Personne {number}", now=at(2026, 2, 1))
    return data


@pytest.mark.parametrize("role", ["admin", "coordinator", "funder"])
def test_dashboards_pass_axe_and_stay_within_100_kb(page, log_in, personas, data, role):
    log_in(page, getattr(personas, role))
    assert_staff_page(page, "/impact/" + QUERY)
    assert page.locator("main img[src^='data:image/svg+xml']").count() >= 1


def test_follow_up_pages_pass_axe(page, nojs_page, log_in, personas, data):
    token = new_answer_token()
    row = FollowUp.objects.filter(person=data.emma, situation="").first()
    row.due_on = datetime.date(2026, 1, 1)
    row.token_hash = token_hash(token)
    row.save()
    log_in(page, personas.mediator)
    assert_staff_page(page, "/impact/suivis/")
    assert_staff_page(page, f"/impact/suivis/{row.pk}/")
    assert_learner_page(page, f"/impact/reponse/{token}/", nojs_page=nojs_page)
    nojs_page.get_by_label("En emploi").check()
    nojs_page.get_by_role("button", name="Envoyer ma réponse").click()
    assert nojs_page.locator("main h1").inner_text() == "Merci !"
