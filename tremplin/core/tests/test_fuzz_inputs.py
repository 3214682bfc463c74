"""No input gives a server error: arbitrary text (NUL bytes, lone surrogates, other scripts'
digits, huge strings) in every query parameter and form field of the main pages, and in the
codes of public addresses, answers below 500, anonymously and as a coordinator.

Bodies and query strings are encoded by hand (``surrogatepass``), as a browser or a script
could send them: Django's test client would refuse to encode a lone surrogate.
"""

from urllib.parse import quote, quote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tremplin.accompaniment import services as accompaniment_services
from tremplin.core.submissions import FIELD_NAME
from tremplin.diagnostic import services as diagnostic_services
from tremplin.people.forms import PERSON_FIELDS
from tremplin.people.tests.factories import make_consent_text, make_person

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfff",
    "²",
    "٣",
    "20፩፩፩",
    "６７１００",
    "1" * 25,
    "-1",
    "9" * 19,
    "x" * 300,
    "é" * 20_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "\r\n",
]
# Any character, surrogates included (excluded by default), and the known troublemakers.
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=()), max_size=40),
)
FUZZ_SETTINGS = settings(
    max_examples=12,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def _encode(value: str) -> str:
    return quote_plus(value.encode("utf-8", "surrogatepass"))


def _query(fields: dict[str, str]) -> str:
    return "&".join(f"{_encode(name)}={_encode(value)}" for name, value in fields.items())


def send(client, method: str, url: str, fields: dict[str, str]):
    if method == "get":
        return client.get(f"{url}?{_query(fields)}")
    return client.post(url, data=_query(fields), content_type="application/x-www-form-urlencoded")


@pytest.fixture
def world(personas):
    make_consent_text(personas.organisation)
    person = make_person(personas.strasbourg, first_name="Fuzz", last_name="Test")
    goal = accompaniment_services.add_goal(person, title="Objectif", created_by=None)
    sitting = diagnostic_services.start_session(personas.organisation, language="fr")
    screened = diagnostic_services.start_session(personas.organisation, language="fr")
    screened = diagnostic_services.record_screening(
        screened, has_smartphone=True, email_use="alone"
    )
    return {"person": person, "goal": goal, "sitting": sitting, "screened": screened}


def anonymous_targets(world) -> list[tuple[str, str, list[str]]]:
    return [
        ("get", "/places/", ["where"]),
        ("get", "/diagnostic/", ["lieu"]),
        ("post", "/diagnostic/", ["lieu"]),
        ("post", "/accounts/login/", ["username", "password"]),
        ("post", "/learn/login/", ["username", "code"]),
        ("post", "/diagnostic/reprendre/", ["code"]),
        (
            "post",
            f"/diagnostic/t/{world['sitting'].resume_code}/depart/",
            ["has_smartphone", "email_use"],
        ),
        (
            "post",
            f"/diagnostic/t/{world['screened'].resume_code}/",
            ["answer", "item_id", "dont_know"],
        ),
        ("post", f"/diagnostic/r/{world['screened'].share_token}/envoyer/", ["email"]),
        ("get", "/learn/verify/", ["code"]),
        ("post", "/learn/card/abc/", ["next"]),
    ]


def staff_targets(world) -> list[tuple[str, str, list[str]]]:
    person, goal = world["person"].pk, world["goal"].pk
    return [
        ("get", "/people/", ["q", "page"]),
        ("get", "/people/journal/", ["person", "actor", "action", "since", "until", "page"]),
        ("get", "/accompaniment/", ["page"]),
        (
            "post",
            "/people/new/",
            [*PERSON_FIELDS, "has_consent", "consent_channel", "is_new_person", FIELD_NAME],
        ),
        ("post", f"/people/{person}/edit/", PERSON_FIELDS),
        (
            "post",
            f"/accompaniment/people/{person}/new/",
            ["kind", "happened_on", "duration_minutes", "themes", "outcome", "note", FIELD_NAME],
        ),
        (
            "post",
            f"/accompaniment/people/{person}/mandates/",
            ["scope", "starts_on", "ends_on", "agreement", FIELD_NAME],
        ),
        ("post", f"/accompaniment/people/{person}/plan/", ["title", FIELD_NAME]),
        (
            "post",
            f"/accompaniment/goals/{goal}/steps/",
            [f"goal-{goal}-title", f"goal-{goal}-due_on", FIELD_NAME],
        ),
        ("post", f"/diagnostic/personne/{person}/", ["lieu"]),
        ("get", "/places/", ["where"]),
        ("get", "/learn/verify/", ["code"]),
    ]


def _check(client, targets, data) -> None:
    for method, url, names in targets:
        fields = {name: data.draw(TEXT, label=name) for name in names}
        response = send(client, method, url, fields)
        assert response.status_code < 500, (method, url, fields, response.status_code)


@FUZZ_SETTINGS
@given(data=st.data())
def test_no_input_gives_a_server_error_to_an_anonymous_visitor(client, world, data):
    _check(client, anonymous_targets(world), data)


@FUZZ_SETTINGS
@given(data=st.data())
def test_no_input_gives_a_server_error_to_a_coordinator(client_for, world, data):
    _check(client_for("coordinator"), staff_targets(world), data)


@FUZZ_SETTINGS
@given(code=TEXT)
def test_no_code_in_a_public_address_gives_a_server_error(client, world, code):
    segment = quote(code.encode("utf-8", "surrogatepass"), safe="")
    for url in [
        f"/diagnostic/t/{segment}/",
        f"/diagnostic/t/{segment}/depart/",
        f"/diagnostic/r/{segment}/",
        f"/learn/certificates/{segment}.pdf",
        f"/learn/card/{segment}/",
    ]:
        assert client.get(url).status_code < 500, url
