"""Public pages kept rendered: the same page for every visitor without a session, but each
visitor's own CSRF token, language, styles and messages, and never older than the data shown."""

import html
import re
from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from tremplin.core import page_cache, styles
from tremplin.learning.tests.factories import LEARNER_CODE, make_learner
from tremplin.spaces.models import Space
from tremplin.spaces.tests.factories import TEST_PASSWORD, make_organisation, make_space

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def neudorf(db):
    return make_space(
        make_organisation(),
        name="Neudorf",
        postcode="67100",
        town="Strasbourg",
        latitude=Decimal("48.57000"),
        longitude=Decimal("7.76000"),
    )


def _token(response) -> str:
    return TOKEN.search(response.content.decode()).group(1)


def test_the_next_visitor_gets_the_page_without_it_being_rendered_again(
    neudorf, django_assert_num_queries
):
    first = Client().get("/places/", {"where": "67100"})
    with django_assert_num_queries(0):
        again = Client().get("/places/", {"where": "67100"})
    assert "Neudorf" in again.text
    assert TOKEN.sub("", again.text) == TOKEN.sub("", first.text)


def test_each_visitor_gets_their_own_token_and_their_form_still_posts(personas):
    profile = make_learner(personas.strasbourg, personas.volunteer, first_name="Awa")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token = _token(first.get(reverse("learning:code_login")))
    second_token = _token(second.get(reverse("learning:code_login")))
    assert first_token != second_token
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value

    form = {"username": profile.user.username, "code": LEARNER_CODE}
    stolen = second.post(
        reverse("learning:code_login"), {**form, "csrfmiddlewaretoken": first_token}
    )
    assert stolen.status_code == 403
    own = second.post(reverse("learning:code_login"), {**form, "csrfmiddlewaretoken": second_token})
    assert own.status_code == 302 and own["Location"] == reverse("learning:home")


def test_a_kept_login_form_still_logs_a_staff_member_in(personas):
    Client().get(reverse("accounts:login"))
    client = Client(enforce_csrf_checks=True)
    token = _token(client.get(reverse("accounts:login")))
    response = client.post(
        reverse("accounts:login"),
        {"username": "coord-strasbourg", "password": TEST_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_a_space_renamed_shows_on_the_next_search(neudorf, django_capture_on_commit_callbacks):
    assert "Neudorf" in Client().get("/places/", {"where": "67100"}).text
    neudorf.name = "Neudorf – Maison des services"
    with django_capture_on_commit_callbacks(execute=True):
        neudorf.save()
    page = html.unescape(Client().get("/places/", {"where": "67100"}).text)
    assert "Neudorf – Maison des services" in page


def test_a_space_closed_to_the_public_leaves_the_search(
    neudorf, django_capture_on_commit_callbacks
):
    assert "Neudorf" in Client().get("/places/", {"where": "67100"}).text
    neudorf.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        neudorf.save()
    assert "Neudorf" not in Client().get("/places/", {"where": "67100"}).text


def test_a_change_committed_by_another_process_shows_once_the_version_is_read_again(
    neudorf, settings
):
    settings.TREMPLIN_PAGE_DATA_CHECK_SECONDS = 60
    assert "Neudorf" in Client().get("/places/", {"where": "67100"}).text
    # Another worker renames the space and, once committed, writes a new version.
    Space.objects.filter(pk=neudorf.pk).update(name="Neudorf – Maison des services")
    cache.set(page_cache._version_key("spaces"), "written-by-another-worker")
    page = html.unescape(Client().get("/places/", {"where": "67100"}).text)
    assert "Maison des services" not in page  # this worker trusts the version it read
    settings.TREMPLIN_PAGE_DATA_CHECK_SECONDS = 0
    page = html.unescape(Client().get("/places/", {"where": "67100"}).text)
    assert "Neudorf – Maison des services" in page


def test_each_language_has_its_own_page():
    assert "Trouver un lieu près de chez moi" in Client().get("/places/").text
    english = Client()
    english.cookies["tremplin_language"] = "en"
    page = english.get("/places/").text
    assert "Find a place near me" in page
    assert "Trouver un lieu près de chez moi" not in page


def test_a_logged_in_learner_is_never_given_the_visitors_page(personas):
    assert Client().get(reverse("learning:code_login")).status_code == 200
    profile = make_learner(personas.strasbourg, personas.volunteer, first_name="Awa")
    learner = Client()
    learner.force_login(profile.user)
    response = learner.get(reverse("learning:code_login"))
    assert response.status_code == 302 and response["Location"] == reverse("learning:home")


def test_a_message_to_read_is_shown_on_a_kept_page():
    Client().get("/")
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(messages.SUCCESS, "Votre rendez-vous est annulé.")
    carrier = HttpResponse()
    storage.update(carrier)
    visitor = Client()
    visitor.cookies[CookieStorage.cookie_name] = carrier.cookies[CookieStorage.cookie_name].value
    assert "Votre rendez-vous est annulé." in html.unescape(visitor.get("/").text)


def test_a_first_visit_gets_the_styles_inline_from_a_kept_page():
    returning = Client()
    returning.cookies[styles.COOKIE] = styles.version()
    assert "<style>" not in returning.get("/").text
    Client().get("/")

    newcomer = Client().get("/")
    assert "<style>" in newcomer.text
    assert "'sha256-" in newcomer.headers["Content-Security-Policy"]
    assert newcomer.cookies[styles.COOKIE].value == styles.version()
    again = returning.get("/")
    assert "<style>" not in again.text and "sha256" not in again.headers["Content-Security-Policy"]


def test_a_test_started_from_a_space_page_still_names_the_space(neudorf):
    Client().get(reverse("diagnostic:start"))
    referrer = "http://testserver" + reverse("spaces:directory_space", args=[neudorf.pk])
    page = Client().get(reverse("diagnostic:start"), HTTP_REFERER=referrer)
    assert f'name="lieu" value="{neudorf.pk}"' in page.text


def test_the_page_of_a_checked_certificate_is_never_kept(personas):
    from tremplin.learning.models import Certificate

    Client().get(reverse("learning:certificate_verify"))
    page = Client().get(reverse("learning:certificate_verify"), {"code": "ZZZZ-ZZZZ"})
    assert page.status_code == 200
    assert not Certificate.objects.exists()
    assert "ZZZZ-ZZZZ" in page.text


def test_no_page_is_kept_when_the_setting_is_off(neudorf, settings, django_assert_num_queries):
    settings.TREMPLIN_PAGE_CACHE = False
    Client().get("/places/", {"where": "67100"})
    with django_assert_num_queries(1):  # the spaces themselves
        Client().get("/places/", {"where": "67100"})


def test_a_shared_cache_that_keeps_nothing_still_serves_the_search(neudorf, settings):
    """A version the shared cache does not keep (dropped, or a cache that keeps nothing) is a new
    one: the page is rendered again, never refused."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    for _visit in range(2):
        response = Client().get("/places/", {"where": "67100"})
        assert response.status_code == 200 and "Neudorf" in response.text


def _menu(response) -> str:
    return re.search(r'<header class="site-header learner-bar">.*?</header>', response.text, re.S)[
        0
    ]


def test_the_learner_menu_kept_rendered_is_the_visitors_own(client, personas):
    """The menu is kept once per kind of visitor, language and page of the menu."""
    anonymous = _menu(client.get("/learn/modules/gestes-tactiles/"))
    assert "Me connecter" in anonymous and "Mon espace" not in anonymous
    learner = Client()
    learner.force_login(personas.learner)
    own = _menu(learner.get("/learn/modules/gestes-tactiles/"))
    assert "Mon espace" in own and "Me connecter" not in own
    assert 'aria-current="page"' not in own
    # The page of the menu it is on is marked, on that page only.
    home = _menu(learner.get("/learn/"))
    assert re.search(r'href="/learn/" aria-current="page"', home)
    assert 'aria-current="page"' not in _menu(learner.get("/learn/modules/gestes-tactiles/"))
    learner.post(reverse("set_language"), {"language": "en", "next": "/learn/"})
    english = _menu(learner.get("/learn/"))
    assert "My space" in english and re.search(r'href="/learn/" aria-current="page"', english)
    assert "Me connecter" in _menu(client.get("/learn/modules/gestes-tactiles/"))
