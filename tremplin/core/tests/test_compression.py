"""HTML compressed by the application when no reverse proxy does (``TREMPLIN_COMPRESS_HTML``)."""

import gzip
import re

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tremplin.core.tests.test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db

GZIP_MIDDLEWARE = "django.middleware.gzip.GZipMiddleware"
# The form's CSRF token is masked anew on every rendering.
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def without_csrf_token(html: bytes) -> bytes:
    return CSRF_TOKEN.sub(b'name="csrfmiddlewaretoken" value=""', html)


def test_learner_page_is_gzipped_when_compression_is_on(client):
    plain = client.get("/").content
    with override_settings(MIDDLEWARE=[GZIP_MIDDLEWARE, *settings.MIDDLEWARE]):
        # A new client: a client builds its middleware chain on its first request.
        response = Client().get("/", headers={"accept-encoding": "gzip, deflate"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content)
    assert b"<h1>Bienvenue sur Tremplin</h1>" in page
    assert without_csrf_token(page) == without_csrf_token(plain)


def test_learner_page_is_not_compressed_when_compression_is_off(client):
    response = client.get("/", headers={"accept-encoding": "gzip, deflate"})
    assert not response.has_header("Content-Encoding")
    assert b"<h1>Bienvenue sur Tremplin</h1>" in response.content


def test_the_setting_puts_gzip_first_in_the_middleware():
    command = "from django.conf import settings; print(settings.MIDDLEWARE[0])"
    result = run_manage("shell", "--command", command, env=PRODUCTION_ENV)
    assert result.stdout.splitlines()[-1] != GZIP_MIDDLEWARE
    on = {**PRODUCTION_ENV, "TREMPLIN_COMPRESS_HTML": "1"}
    result = run_manage("shell", "--command", command, env=on)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == GZIP_MIDDLEWARE
