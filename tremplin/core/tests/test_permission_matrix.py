"""The project-wide permission matrix: every URL pattern × every persona (decision 0006).

Each app states its rows, and the targets that fill their paths, in ``<app>/tests/matrix.py``
(see ``tremplin.core.testing.matrix``). URL names are read from the resolver: a new URL without
a row fails ``test_every_url_has_a_row``. Columns are the personas of ``conftest.py``: the demo roles, the
volunteer of Marseille (outsider), the adviser of a second partner organisation, the national
administrator, coordinator and volunteer of a second organisation, and an anonymous visitor.

Each cell names the exact expected answer. ``REDIRECT`` is a POST whose success is a redirect to
a page of the app, never to a login page; ``LOGIN`` is a redirect to a login page. A redirect is
never taken for a success where a page is expected.

Every row that reaches a record is played twice: on targets in Strasbourg (first organisation),
then on the same targets in Nancy (second organisation), where only the second organisation's
staff get in. Every authenticated page answered with a 200 must send ``Cache-Control: no-store``.
"""

import copy
import importlib
import importlib.util

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import ROLES
from tremplin.core.testing.clients import logged_in_client
from tremplin.core.testing.matrix import COLUMNS, LOGIN, MIRROR, REDIRECT, Row
from tremplin.people.tests.factories import make_person
from tremplin.spaces.models import Membership

pytestmark = pytest.mark.django_db


def _url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            nested = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, nested)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_row():
    names = set(_url_names())
    assert names - set(ROWS) == set(), "URLs without a row in the permission matrix"
    assert set(ROWS) - names == set(), "rows for URLs that no longer exist"


def test_every_row_names_every_column():
    for name, row in ROWS.items():
        assert set(row.expected) == set(COLUMNS), name


# Targets ------------------------------------------------------------------------------------


def _matrix_modules():
    """The ``tests/matrix.py`` of every Tremplin app, in the order of ``INSTALLED_APPS`` (apps
    below first, so an app's targets may use what a lower app made)."""
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.matrix"
        if config.name.startswith("tremplin.") and importlib.util.find_spec(name):
            yield importlib.import_module(name)


def _gather_rows() -> dict:
    rows = {}
    for module in _matrix_modules():
        assert rows.keys().isdisjoint(module.ROWS), f"{module.__name__} repeats a row"
        rows.update(module.ROWS)
    return rows


ROWS = _gather_rows()


def build_targets(space, helper) -> dict:
    """One person of ``space`` with something in every app. Returns the values that fill the
    rows' paths."""
    person = make_person(space, first_name="Matrice", last_name=f"Cible {space.town}")
    found = {}
    for module in _matrix_modules():
        if hasattr(module, "targets"):
            found.update(module.targets(person, space=space, helper=helper, found=found))
    return found


@pytest.fixture
def strasbourg_targets(personas):
    return build_targets(personas.strasbourg, personas.mediator)


@pytest.fixture
def nancy_targets(personas):
    return build_targets(personas.nancy, personas.other_coordinator)


def clients_by_column(personas, targets) -> dict:
    """A logged-in client per persona (second factor given), made once for the whole matrix."""
    users = {role: getattr(personas, role) for role in ROLES}
    # The learner of the matrix is the target person's own learner account (in Strasbourg).
    users["learner"] = targets["learner"]
    clients = {column: logged_in_client(user) for column, user in users.items()}
    clients["anonymous"] = Client()
    return clients


def play(row: Row, client: Client, targets: dict):
    """The answer of one cell, inside a savepoint rolled back afterwards (and with the client's
    cookies put back), so that what one persona does never changes what the next one meets."""
    path = row.path.format(**targets)
    data = {key.format(**targets): value.format(**targets) for key, value in row.data.items()}
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.post(path, data) if row.method == "post" else client.get(path)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def outcome(response, expected) -> str | int:
    """What happened, in the matrix's own words (a status, ``LOGIN`` or ``REDIRECT``)."""
    if response.status_code != 302 or expected not in (LOGIN, REDIRECT):
        return response.status_code
    location = response["Location"]
    if location.startswith(("/accounts/login/", "/learn/login/")):
        return LOGIN
    if location.startswith("/accounts/second-factor/"):
        return "second factor"
    return REDIRECT


def mismatches(rows: dict, clients: dict, targets: dict, expected_of) -> list:
    found = []
    for name, row in rows.items():
        expected = expected_of(row)
        for column in COLUMNS:
            response = play(row, clients[column], targets)
            got = outcome(response, expected[column])
            if got != expected[column]:
                found.append((name, column, expected[column], got))
            elif column != "anonymous" and response.status_code == 200 and not row.cacheable:
                if "no-store" not in response.get("Cache-Control", ""):
                    found.append((name, column, "no-store", response.get("Cache-Control")))
    return found


def test_each_persona_gets_exactly_the_expected_answer(personas, strasbourg_targets):
    clients = clients_by_column(personas, strasbourg_targets)
    found = mismatches(ROWS, clients, strasbourg_targets, lambda row: row.expected)
    assert found == [], "\n".join(map(str, found))


def test_nobody_of_the_first_organisation_reaches_the_second(
    personas, strasbourg_targets, nancy_targets
):
    def mirrored(row: Row) -> dict:
        expected = {
            column: row.expected[MIRROR[column]] if column in MIRROR else 404 for column in ROLES
        }
        expected["anonymous"] = row.expected["anonymous"]
        return expected

    clients = clients_by_column(personas, strasbourg_targets)
    scoped = {name: row for name, row in ROWS.items() if row.scoped}
    found = mismatches(scoped, clients, nancy_targets, mirrored)
    assert found == [], "\n".join(map(str, found))


def test_the_matrix_personas_are_who_they_claim(personas):
    assert personas.other_admin.affiliation.organisation == personas.other_organisation
    assert personas.partner_b.partner_adviser.partner != personas.partner.partner_adviser.partner
    assert Membership.objects.get(user=personas.outsider).space == personas.marseille
