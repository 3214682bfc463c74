"""Nothing personal in caches: every response to a logged-in user, and every public page that
shows a secret, says ``Cache-Control: no-store`` (spaces share their computers)."""

import pytest
from django.urls import reverse
from django.urls.converters import IntConverter

from conftest import ROLES
from tremplin.accompaniment import services as accompaniment_services
from tremplin.accompaniment.tests.factories import make_mandate
from tremplin.core.tests.test_consistency import _named_patterns
from tremplin.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

# Responses that keep their own cache policy, the same for everybody: content pictures, the
# simulators' sample files, and the open data (published to be copied).
KEEP_THEIR_POLICY = {
    "learning:picture",
    "simulators:sample_file",
    "opendata:index",
    "opendata:datapackage",
    "opendata:di_structures",
    "opendata:di_services",
    "opendata:lmn_csv",
    "opendata:lmn_json",
}
# POST-only pages that answer with a secret (a new code, a login card).
POSTED = {"learning:person_code_reset", "learning:person_card_print"}


@pytest.fixture
def sample_kwargs(personas):
    person = make_person(personas.strasbourg, first_name="Cache", last_name="Test")
    goal = accompaniment_services.add_goal(person, title="Objectif", created_by=None)
    step = accompaniment_services.add_step(goal, title="Étape")
    mandate = make_mandate(person)
    by_name = {
        "accompaniment:mandate_revoke": {"pk": mandate.pk},
        "accompaniment:step_create": {"pk": goal.pk},
        "accompaniment:step_update": {"pk": step.pk},
        "spaces:space_detail": {"pk": personas.strasbourg.pk},
        "spaces:directory_space": {"pk": personas.strasbourg.pk},
        "simulators:screen": {"slug": "messagerie", "name": "boite"},
    }
    defaults = {
        "pk": person.pk,
        "person_id": person.pk,
        "code": "ABCDEF",
        "token": "token",
        "slug": "premiers-pas",
        "stem": "01",
        "name": "picture.svg",
    }

    def kwargs_for(name: str, pattern) -> dict:
        kwargs = {}
        for key, converter in pattern.pattern.converters.items():
            fallback = 1 if isinstance(converter, IntConverter) else "x"
            kwargs[key] = by_name.get(name, {}).get(key, defaults.get(key, fallback))
        return kwargs

    return kwargs_for


def _urls(kwargs_for):
    for name, pattern in _named_patterns():
        if name in KEEP_THEIR_POLICY or name == "accounts:logout":
            continue
        yield name, reverse(name, kwargs=kwargs_for(name, pattern))


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_logged_in_user_opens_is_never_stored(client_for, sample_kwargs, role):
    client = client_for(role)
    cached = []
    for name, url in _urls(sample_kwargs):
        response = client.post(url) if name in POSTED else client.get(url)
        if "no-store" not in response.get("Cache-Control", ""):
            cached.append((name, url, response.status_code))
    assert not cached, f"responses that a cache may keep: {cached}"


def test_public_pages_keep_their_caching(client, client_for, personas):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    assert "no-store" not in client.get("/places/").get("Cache-Control", "")


def test_a_public_diagnostic_question_page_is_never_stored(client, personas):
    started = client.post("/diagnostic/", {"lieu": personas.strasbourg.pk})
    assert "no-store" in started["Cache-Control"]
    page = client.get(started["Location"], follow=True)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]


def test_static_files_and_learning_pictures_keep_their_caching_for_a_logged_in_user(client_for):
    from django.templatetags.static import static

    client = client_for("learner")
    icons = client.get(static("img/icons.svg"))
    assert icons.status_code == 200
    assert "max-age" in icons["Cache-Control"]
    assert "no-store" not in icons["Cache-Control"]
    picture = client.get("/learn/pictures/page-web/lien.svg")
    assert picture.status_code == 200
    assert picture["Cache-Control"] == "max-age=86400, public"


def test_the_second_factor_enrolment_page_is_never_stored(client, personas):
    client.force_login(personas.mediator)  # no second factor given yet: the QR code is shown
    response = client.get("/accounts/second-factor/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
