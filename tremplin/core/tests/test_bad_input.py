"""Inputs that once gave a server error: each answers 4xx (or a page that explains), never 500."""

import pytest
from django.test import Client

from tremplin.people.forms import PersonForm
from tremplin.spaces.models import Space, department_of
from tremplin.spaces.services import find_spaces_near

pytestmark = pytest.mark.django_db

LONG_USERNAME = "u" * 300


def test_a_postcode_of_non_ascii_digits_is_not_a_postcode_in_the_directory(client, personas):
    response = client.get("/places/", {"where": "20፩፩፩"})
    assert response.status_code == 200
    assert find_spaces_near("20፩፩፩") == []


@pytest.mark.parametrize(
    "postcode, department",
    [("20000", "2A"), ("20199", "2A"), ("20200", "2B"), ("20620", "2B"), ("20፩፩፩", "2B")],
)
def test_corsica_is_told_apart_without_reading_the_postcode_as_a_number(postcode, department):
    assert department_of(postcode) == department


def test_the_record_refuses_a_postcode_of_non_ascii_digits(personas):
    form = PersonForm(
        {
            "first_name": "Ana",
            "last_name": "B",
            "postcode": "６７１００",
            "came_through": "walk_in",
        },
        spaces=Space.objects.filter(pk=personas.strasbourg.pk),
    )
    assert not form.is_valid()
    assert "postcode" in form.errors


@pytest.mark.parametrize("person", ["²", "1" * 25, "٣", "-1"])
def test_journal_filter_of_a_person_that_cannot_exist_is_not_a_server_error(client_for, person):
    response = client_for("coordinator").get("/people/journal/", {"person": person})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/diagnostic/t/AB%00CD/",
        "/diagnostic/t/AB%00CD/depart/",
        "/diagnostic/r/%00/",
        "/learn/certificates/AB%00.pdf",
        "/learn/verify/?code=%00",
        "/learn/card/%00/",
        "/places/?where=%00",
    ],
)
def test_a_nul_byte_in_the_address_is_a_bad_request(client, personas, url):
    assert client.get(url).status_code == 400


def test_a_nul_byte_in_a_learner_page_address_is_a_bad_request(client_for):
    assert client_for("learner").get("/learn/certificates/AB%00.pdf").status_code == 400


@pytest.mark.parametrize("url", ["/accounts/login/", "/learn/login/"])
def test_a_very_long_username_is_refused_by_the_login_form(client, personas, url):
    response = client.post(url, {"username": LONG_USERNAME, "password": "x", "code": "123456"})
    assert response.status_code == 200
    assert "<form" in response.text


def test_a_host_that_is_not_ours_is_a_bad_request(db):
    client = Client(HTTP_HOST="evil.example")
    response = client.get("/")
    assert response.status_code == 400
    assert "La demande n" in response.text
