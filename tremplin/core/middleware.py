"""Project-wide guards that every page gets without thinking about them.

- ``RejectUnsafeInputMiddleware``: a NUL byte or a lone surrogate anywhere in the address, the
  query string, a form field or a cookie answers 400 before any view runs. PostgreSQL refuses
  NUL in text, and no legitimate form ever sends either, so each view need not guard against
  them.
- ``PrivateResponsesMiddleware``: whatever a logged-in user is shown (a person's page, an export,
  a code) is never kept by a browser or a proxy cache. Spaces share computers: the next visitor
  must not find the previous one's pages in the cache.
"""

import re
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# NUL, and UTF-16 surrogates that no well-formed UTF-8 text decodes to.
UNSAFE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


def has_unsafe_characters(text: str) -> bool:
    return UNSAFE_CHARACTERS.search(text) is not None


class RejectUnsafeInputMiddleware:
    """Answers 400 when the request carries a NUL byte or a lone surrogate.

    Placed before the session middleware, so that a poisoned cookie never reaches the session
    table either. Uploaded files are not inspected: they are bytes, not text.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._is_unsafe(request):
            raise BadRequest("NUL byte or lone surrogate in the request")
        return self.get_response(request)

    @staticmethod
    def _is_unsafe(request: HttpRequest) -> bool:
        texts = [request.path_info, *request.COOKIES.keys(), *request.COOKIES.values()]
        sources = [request.GET, request.POST] if request.method == "POST" else [request.GET]
        for data in sources:
            for key, values in data.lists():
                texts.append(key)
                texts.extend(values)
        return any(has_unsafe_characters(text) for text in texts)


class PrivateResponsesMiddleware:
    """Adds ``Cache-Control: no-store, private`` (Django's ``never_cache`` headers) to every
    response to a logged-in user, unless the view chose a cache policy itself (the public
    learning pictures keep theirs). Static files are served by WhiteNoise before this runs.

    Public pages that show a secret (a resume code, a share link) say ``never_cache`` themselves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
