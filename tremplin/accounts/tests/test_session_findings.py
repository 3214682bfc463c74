"""A session keeps what it found about the account (its second-factor device, its scope) between
requests, and finds it again as soon as it changes."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.accounts.services import reset_second_factor
from tremplin.people.tests.factories import make_person
from tremplin.spaces.models import Membership

pytestmark = pytest.mark.django_db


def _queries_of(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    return response, [query["sql"] for query in captured.captured_queries]


def test_a_verified_session_reads_neither_its_device_nor_its_roles_again(
    client_for, django_assert_max_num_queries
):
    client = client_for("coordinator")
    client.get("/people/")  # finds the device and the roles, and keeps them in the session
    response, queries = _queries_of(client, "/people/", django_assert_max_num_queries, 4)
    assert response.status_code == 200
    assert not any("otp_totp_totpdevice" in sql for sql in queries)
    assert not any("spaces_affiliation" in sql for sql in queries)


def test_a_second_factor_reset_asks_for_a_code_at_the_next_request(client_for, personas):
    client = client_for("coordinator")
    assert client.get("/people/").status_code == 200
    reset_second_factor(personas.coordinator, by=personas.admin, organisation=personas.organisation)
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/second-factor/")


def test_an_unconfirmed_device_no_longer_counts(client_for, personas):
    client = client_for("coordinator")
    assert client.get("/people/").status_code == 200
    TOTPDevice.objects.filter(user=personas.coordinator).update(confirmed=False)  # no signal
    personas.coordinator.note_access_change(personas.coordinator.pk)
    assert client.get("/people/").status_code == 302


def test_a_role_removed_closes_the_space_at_the_next_request(client_for, personas):
    person = make_person(personas.strasbourg)
    client = client_for("volunteer")
    assert client.get(person.get_absolute_url()).status_code == 200
    Membership.objects.filter(user=personas.volunteer).delete()
    assert client.get(person.get_absolute_url()).status_code == 404


def test_a_role_given_opens_the_space_at_the_next_request(client_for, personas):
    person = make_person(personas.strasbourg)
    client = client_for("outsider")
    assert client.get(person.get_absolute_url()).status_code == 404
    Membership.objects.create(
        space=personas.strasbourg, user=personas.outsider, role=Membership.Role.VOLUNTEER
    )
    assert client.get(person.get_absolute_url()).status_code == 200


def test_a_role_changed_applies_at_the_next_request(client_for, personas):
    client = client_for("coordinator")
    assert client.get("/people/journal/").status_code == 200  # a coordinator reads the journal
    membership = Membership.objects.get(user=personas.coordinator, space=personas.strasbourg)
    membership.role = Membership.Role.VOLUNTEER
    membership.save()
    assert client.get("/people/journal/").status_code in {403, 404}
