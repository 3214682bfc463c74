"""No input gives a server error on the workshop pages: arbitrary text in every field of the
public booking, the code pages, the scheduling and attendance forms, anonymously and as a
coordinator (the helpers of ``core/tests/test_fuzz_inputs.py``)."""

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tremplin.core.submissions import FIELD_NAME
from tremplin.core.tests.test_fuzz_inputs import FUZZ_SETTINGS, TEXT, send
from tremplin.people.tests.factories import make_person
from tremplin.workshops.tests.factories import (
    ensure_consent_text,
    make_booking,
    make_cohort,
    make_drop_in_queue,
    make_session,
)

pytestmark = pytest.mark.django_db
BOOKING_FIELDS = ["first_name", "phone", "email", "has_consent", FIELD_NAME]


@pytest.fixture
def world(personas):
    ensure_consent_text(personas.organisation)
    session = make_session(personas.strasbourg)
    person = make_person(personas.strasbourg)
    drop_in, helping, _waiting = make_drop_in_queue(
        personas.strasbourg, person, make_person(personas.strasbourg)
    )
    return {
        "session": session,
        "booking": make_booking(session, person),
        "person": person,
        "drop_in": drop_in,
        "helping": helping,
        "cohort": make_cohort(personas.strasbourg),
    }


def _check(client, targets, data) -> None:
    for method, url, names in targets:
        fields = {name: data.draw(TEXT, label=name) for name in names}
        response = send(client, method, url, fields)
        assert response.status_code < 500, (method, url, fields, response.status_code)


@FUZZ_SETTINGS
@given(data=st.data())
def test_no_input_gives_a_server_error_to_a_visitor(client, world, data):
    session, code = world["session"].pk, world["booking"].code
    _check(
        client,
        [
            ("get", "/workshops/", ["town", "space", "page"]),
            ("post", f"/workshops/seances/{session}/reserver/", BOOKING_FIELDS),
            ("post", "/workshops/reservation/", ["code"]),
            ("post", f"/workshops/reservation/{code}/changer/", ["session"]),
            ("post", f"/workshops/reservation/{code}/avis/", ["score", "word"]),
        ],
        data,
    )


@FUZZ_SETTINGS
@given(data=st.data())
def test_no_input_gives_a_server_error_to_a_coordinator(client_for, world, data):
    session, drop_in = world["session"].pk, world["drop_in"].pk
    _check(
        client_for("coordinator"),
        [
            ("get", "/workshops/equipe/", ["page"]),
            (
                "post",
                "/workshops/equipe/nouvelle/",
                [
                    "space",
                    "kind",
                    "theme",
                    "title",
                    "day",
                    "start_time",
                    "duration_minutes",
                    "capacity",
                    "room",
                    "level",
                    "learning_modules",
                    "cohort",
                    "repeat_weekdays",
                    "repeat_until",
                    FIELD_NAME,
                ],
            ),
            ("post", f"/workshops/equipe/seances/{session}/changer/", ["room", "capacity"]),
            ("post", f"/workshops/equipe/seances/{session}/aides/", ["helpers"]),
            (
                "post",
                f"/workshops/equipe/seances/{drop_in}/appel/",
                [f"presence-{world['helping'].pk}"],
            ),
            (
                "post",
                f"/workshops/equipe/seances/{drop_in}/file/arrivee/",
                [*BOOKING_FIELDS, "consent_channel"],
            ),
            (
                "post",
                "/workshops/equipe/cohortes/nouvelle/",
                ["space", "name", "partner", "starts_on", "ends_on", "planned_hours", "pathway"],
            ),
            ("post", f"/workshops/equipe/personnes/{world['person'].pk}/cohorte/", ["cohort"]),
            ("post", f"/workshops/equipe/personnes/{world['person'].pk}/inscrire/", ["session"]),
            ("post", "/workshops/equipe/mon-agenda/adresse/", ["space"]),
        ],
        data,
    )


@FUZZ_SETTINGS
@given(code=TEXT)
def test_no_code_in_a_public_address_gives_a_server_error(client, world, code):
    segment = quote(code.encode("utf-8", "surrogatepass"), safe="")
    for url in [
        f"/workshops/reservation/{segment}/",
        f"/workshops/reservation/{segment}/avis/",
        f"/workshops/agenda/{segment}.ics",
    ]:
        assert client.get(url).status_code < 500, url
