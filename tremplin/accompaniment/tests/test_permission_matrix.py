"""Every URL that shows a person or their data × every persona role.

Strasbourg staff and the national team reach a Strasbourg person; the volunteer of Marseille
(outsider), the partner (until referrals give access), the funder and the learner get a 404.
Erasure and withdrawal of consent are for coordinators and the national team: other staff in
scope get a 403.
"""

import pytest

from conftest import ROLES
from tremplin.accompaniment import services
from tremplin.accompaniment.tests.factories import make_accompaniment, make_mandate
from tremplin.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

IN_SCOPE = {"admin", "coordinator", "mediator", "volunteer"}
CAN_ERASE = {"admin", "coordinator"}
STAFF = IN_SCOPE | {"outsider"}

PERSON_URLS = [
    ("get", "/people/{person}/"),
    ("get", "/people/{person}/edit/"),
    ("get", "/people/{person}/export.json"),
    ("get", "/people/{person}/export.pdf"),
    ("get", "/accompaniment/people/{person}/new/"),
    ("get", "/accompaniment/people/{person}/mandates/"),
    ("get", "/accompaniment/people/{person}/plan/"),
    ("post", "/accompaniment/mandates/{mandate}/revoke/"),
    ("post", "/accompaniment/steps/{step}/"),
    ("post", "/accompaniment/goals/{goal}/steps/"),
]
ERASE_URLS = [("get", "/people/{person}/erase/"), ("get", "/people/{person}/consent/withdraw/")]


@pytest.fixture
def targets(personas):
    person = make_person(personas.strasbourg, first_name="Matrice", last_name="Strasbourg")
    goal = services.add_goal(person, title="Objectif", created_by=None)
    step = services.add_step(goal, title="Étape")
    mandate = make_mandate(person)
    make_accompaniment(person)
    return {"person": person.pk, "goal": goal.pk, "step": step.pk, "mandate": mandate.pk}


def fetch(client, method: str, url: str):
    return client.get(url) if method == "get" else client.post(url, {"status": "doing"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url", PERSON_URLS)
def test_person_urls_answer_404_outside_scope(client_for, targets, role, method, url):
    response = fetch(client_for(role), method, url.format(**targets))
    if role in IN_SCOPE:
        assert response.status_code in (200, 302), (role, url)
    else:
        assert response.status_code == 404, (role, url)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, url", ERASE_URLS)
def test_erasure_pages_are_for_coordinators_and_admins(client_for, targets, role, method, url):
    response = fetch(client_for(role), method, url.format(**targets))
    if role in CAN_ERASE:
        assert response.status_code == 200
    elif role in IN_SCOPE:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url", ["/people/", "/people/?q=matrice", "/people/new/", "/accompaniment/"]
)
def test_list_pages_are_for_staff_and_never_show_people_out_of_scope(
    client_for, targets, role, url
):
    response = client_for(role).get(url)
    if role not in STAFF:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    shown = f"/people/{targets['person']}/" in response.text
    assert shown is (role in IN_SCOPE and url != "/people/new/")


@pytest.mark.parametrize("role", ROLES)
def test_journal_is_for_coordinators_and_admins(client_for, targets, role):
    response = client_for(role).get("/people/journal/")
    assert response.status_code == (200 if role in CAN_ERASE else 404)


def test_funder_never_reaches_a_person(client_for, targets):
    client = client_for("funder")
    urls = [url.format(**targets) for _method, url in PERSON_URLS + ERASE_URLS]
    assert all(client.get(url).status_code in (404, 405) for url in urls)
