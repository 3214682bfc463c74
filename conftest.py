"""Shared fixtures: the personas of the demo network and the browser for learner journeys."""

import os
from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import translation
from faker import Faker
from hypothesis import settings as hypothesis_settings

from tremplin.accounts.models import User
from tremplin.core.testing import browser as browser_checks
from tremplin.core.testing.clients import logged_in_client, verify_second_factor
from tremplin.spaces.models import Membership, PartnerOrganisation
from tremplin.spaces.tests import factories

# Property tests draw the same examples on every run (no flaky CI) and have no time limit per
# example (a loaded CI machine is slow, not wrong).
hypothesis_settings.register_profile("tremplin", derandomize=True, deadline=None)
hypothesis_settings.load_profile("tremplin")

# Factories draw names and addresses from Faker with one seed per run, the same by default for
# the same reason; TREMPLIN_TEST_SEED=<n> draws others. Each test reseeds from it and its own id,
# so what a test draws does not depend on the tests run before it, nor on the xdist worker.
TEST_SEED = os.environ.get("TREMPLIN_TEST_SEED", "1")


def pytest_report_header(config):
    return f"Faker seed: TREMPLIN_TEST_SEED={TEST_SEED}"


@pytest.fixture(autouse=True)
def _seeded_faker(request):
    Faker.seed(f"{TEST_SEED}:{request.node.nodeid}")


@pytest.fixture(autouse=True)
def _french_first():
    """Every test starts in French, the interface's first language: a request in English (the
    language switch) leaves English active in the thread that runs the next test."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _no_page_kept_from_another_test():
    """Public pages are kept rendered per process (``core.page_cache``); a page kept in one test
    would show another test's data."""
    from django.core.cache import caches

    from tremplin.core import page_cache

    page_cache.forget()
    caches["template_fragments"].clear()


def pytest_configure(config):
    """Collects static files once per run (the controller only): pages link to hashed names."""
    if hasattr(config, "workerinput"):
        return
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def personas(db):
    """The demo accounts' roles, a volunteer of Marseille as the outsider of Strasbourg, an
    adviser of a second partner organisation, and the national administrator, coordinator and
    volunteer of a second organisation (which nobody of the first may reach)."""
    organisation = factories.make_organisation(name="Réseau Tremplin", slug="reseau-tremplin")
    strasbourg = factories.make_space(
        organisation, name="Tremplin Strasbourg", town="Strasbourg", postcode="67100"
    )
    marseille = factories.make_space(
        organisation, name="Tremplin Marseille", town="Marseille", postcode="13001"
    )
    other_organisation = factories.make_organisation(
        name="Association Horizon Numérique", slug="horizon-numerique"
    )
    nancy = factories.make_space(
        other_organisation, name="Horizon Nancy", town="Nancy", postcode="54000"
    )
    return SimpleNamespace(
        organisation=organisation,
        strasbourg=strasbourg,
        marseille=marseille,
        other_organisation=other_organisation,
        nancy=nancy,
        admin=factories.make_admin(
            organisation, username="admin", is_superuser=True, is_staff=True
        ),
        coordinator=factories.make_staff(
            strasbourg, Membership.Role.COORDINATOR, username="coord-strasbourg"
        ),
        mediator=factories.make_staff(
            strasbourg, Membership.Role.MEDIATOR, username="mediateur-strasbourg"
        ),
        volunteer=factories.make_staff(
            strasbourg, Membership.Role.VOLUNTEER, username="benevole-strasbourg"
        ),
        outsider=factories.make_staff(
            marseille, Membership.Role.VOLUNTEER, username="benevole-marseille"
        ),
        partner=factories.make_partner_adviser(
            factories.make_partner(organisation), username="partenaire-strasbourg"
        ),
        partner_b=factories.make_partner_adviser(
            factories.make_partner(
                organisation,
                name="CAF du Bas-Rhin",
                kind=PartnerOrganisation.Kind.FAMILY_ALLOWANCE,
            ),
            username="partenaire-caf",
        ),
        funder=factories.make_funder(organisation, username="financeur"),
        learner=factories.make_user(username="apprenant", kind=User.Kind.LEARNER),
        other_admin=factories.make_admin(other_organisation, username="admin-horizon"),
        other_coordinator=factories.make_staff(
            nancy, Membership.Role.COORDINATOR, username="coord-nancy"
        ),
        other_volunteer=factories.make_staff(
            nancy, Membership.Role.VOLUNTEER, username="benevole-nancy"
        ),
    )


ROLES = [
    "admin",
    "coordinator",
    "mediator",
    "volunteer",
    "outsider",
    "partner",
    "funder",
    "learner",
    "partner_b",
    "other_admin",
    "other_coordinator",
    "other_volunteer",
]


@pytest.fixture
def client_for(personas):
    """``client_for("volunteer")``: a logged-in client for that persona (second factor given)."""

    def make(role: str):
        return logged_in_client(getattr(personas, role))

    return make


class _ThroughTheApplication:
    """Lets static requests reach the application, where WhiteNoise serves the collected, hashed
    files exactly as in production (Django's test handler only knows unhashed names)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        return self.application(environ, start_response)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, serving static files through WhiteNoise."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.static_handler = _ThroughTheApplication
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not browser_checks.chromium_available():
        if browser_checks.browser_tests_required():
            pytest.fail(f"{browser_checks.CHROMIUM} is missing: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=browser_checks.CHROMIUM, args=browser_checks.CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def nojs_page(browser, live_server):
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def log_in(live_server):
    """``log_in(page, user)``: puts a logged-in (and second-factor verified) session in the page."""
    from django.test import Client

    def attach(page, user, *, verified=True):
        client = Client()
        client.force_login(user)
        session = client.session
        if verified and user.requires_second_factor:
            verify_second_factor(session, user)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session.session_key,
                    "url": live_server.url,
                }
            ]
        )
        return page

    return attach


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker):
    """The demo network (``seed_demo``), seeded once for a test module whose tests only read it:
    it lives in a transaction around the module, rolled back after the module's last test, and
    each test's own changes are rolled back as usual. Every test of such a module should use it
    (``pytestmark``): one that does not still sees the network. Gives the row count of every
    model after seeding."""
    from django.apps import apps
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", force=True, stdout=StringIO())
        counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
        yield SimpleNamespace(counts=counts)
        transaction.set_rollback(True)
