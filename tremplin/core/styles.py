"""Stylesheets written into the page on a browser's first visit, linked afterwards.

A browser draws nothing until it holds every stylesheet of the page. On a slow mobile
connection (400 ms per round trip) a linked stylesheet costs a second round trip after the
HTML, and the first paint of every page took 1.2-1.6 s (``bench/first_visit.py``). A browser
that has not seen Tremplin yet (no ``tremplin_styles`` cookie, or one of an earlier version of
the styles) therefore gets each stylesheet inside a ``<style>`` element, allowed by its hash in
the Content-Security-Policy (still no ``unsafe-inline``), and the cookie. The next pages link the
files, which the browser then keeps for a year (hashed names): a stylesheet is sent inline once
per browser and version, not with every page.
"""

import base64
import hashlib
import re
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.cache import patch_vary_headers

COOKIE = "tremplin_styles"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
BASE_STYLESHEET = "css/tremplin.css"
# Comments are for whoever edits the file, not for a learner's data plan (our stylesheets hold
# no string with "/*" in it).
CSS_COMMENT = re.compile(r"/\*.*?\*/\s*", re.DOTALL)


def _read(path: str) -> str:
    found = finders.find(path)
    if found is None:
        raise FileNotFoundError(f"stylesheet {path} is in no static directory")
    with open(found, encoding="utf-8") as file:
        return CSS_COMMENT.sub("", file.read())


@cache
def _cached(path: str) -> tuple[str, str]:
    return _with_hash(_read(path))


def _with_hash(css: str) -> tuple[str, str]:
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return css, f"'sha256-{digest}'"


def inline_stylesheet(path: str) -> tuple[str, str]:
    """The stylesheet's text and its CSP source (``'sha256-…'``); read once per process, except
    in development, where the file may have just been edited."""
    return _with_hash(_read(path)) if settings.DEBUG else _cached(path)


def version() -> str:
    """Changes whenever the base stylesheet does: a browser then gets the new styles inline."""
    css, source = inline_stylesheet(BASE_STYLESHEET)
    return source[8:20].replace("+", "-").replace("/", "_")


def should_inline(request) -> bool:
    return request.COOKIES.get(COOKIE) != version()


class InlineStylesMiddleware:
    """Allows the stylesheets a page wrote inline (``{% stylesheet %}``) in its CSP, and gives the
    browser the cookie that makes the next pages link them. Placed after ``CSPMiddleware`` in
    ``MIDDLEWARE``, so that the policy it writes includes these hashes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.inline_styles = []  # the CSP sources of the stylesheets written inline
        response = self.get_response(request)
        if getattr(request, "styles_depend_on_cookie", False):
            patch_vary_headers(response, ["Cookie"])
        if request.inline_styles:
            update = getattr(response, "_csp_update", None) or {}
            sources = [*update.get("style-src", []), *request.inline_styles]
            response._csp_update = {**update, "style-src": sources}
            response.set_cookie(
                COOKIE,
                version(),
                max_age=COOKIE_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
