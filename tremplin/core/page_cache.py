"""Public pages kept rendered, per process, for the visitors they are the same for.

A public page (the home page, a login form, the places near a town) is the same for every
visitor without a session, in one language, but Django's template engine costs more than the
rest of the request: the learner layout alone takes 0.5 ms (decision 0016). ``shared_page``
keeps such a page once rendered, per language, per state of the styles (``styles.py``: written
inline on a first visit, linked afterwards), per address with its query string, in the
process's memory (``CACHES["pages"]``), and serves it again to the next visitor without a
session.

Django's ``cache_page`` cannot do this: its pages carry a form's CSRF token, which must be the
visitor's own, and they vary on ``Cookie``, so it would keep one copy per visitor. Here the
token is taken out of the page before it is kept and the visitor's own is put back on every
reply, so a form on a shared page still passes the CSRF check, with the visitor's cookie.

What a page shows from the database is named (``depends_on``): the page's key then holds that
data's version, kept in the cache all processes share (``data_changed(name)`` gives it a new
one when a change is committed, from a model's signals). Each process reads the version again
at most once a second (``TREMPLIN_PAGE_DATA_CHECK_SECONDS``), so a change shows at once in the
process that made it and within that second in the others. A page kept without such data lives
until the process ends (a deploy restarts it) or for an hour.

A visitor with a session (logged in, a test in progress) or a message to read is never served
a shared page, nor is one kept from their request.
"""

import math
import re
import time
import uuid
from dataclasses import dataclass
from functools import partial, wraps
from hashlib import blake2b

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from tremplin.core import styles
from tremplin.core.submissions import FIELD_NAME as SUBMISSION_FIELD

TOKEN_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
TOKEN_PLACEHOLDER = b"--tremplin-csrf-token--"
FRAGMENT_HEADER = "X-Tremplin-Fragment"


@dataclass(frozen=True)
class KeptPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    has_token: bool
    inline_styles: tuple[str, ...]
    styles_depend_on_cookie: bool


def shared_page(*, depends_on: tuple[str, ...] = (), when=None):
    """Serves the view's page from the process's memory to the visitors it is the same for.

    ``depends_on`` names the data the page shows (``data_changed(name)`` is called when it
    changes); ``when(request)`` may refuse the shared copy for a request the page differs for
    (a header the view reads, say)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _is_shared(request) or (when is not None and not when(request)):
                return view(request, *args, **kwargs)
            pages = caches["pages"]
            key = _key(request, depends_on)
            page = pages.get(key)
            if page is not None:
                return _reply(request, page)
            response = view(request, *args, **kwargs)

            def keep(rendered):
                if _can_keep(rendered):
                    pages.set(key, _kept(request, rendered))

            if getattr(response, "is_rendered", True):
                keep(response)
            else:  # a TemplateResponse (the login view's) is kept once rendered
                response.add_post_render_callback(keep)
            return response

        return wrapper

    return decorator


def kept(parts: tuple, compute, *, depends_on: tuple[str, ...], timeout: int):
    """``compute()``, kept in the process's memory under ``parts`` and the versions of
    ``depends_on`` for at most ``timeout`` seconds: for a value that many pages show, whoever
    reads them (the next workshops near a space, for every learner of that space)."""
    if not settings.TREMPLIN_PAGE_CACHE:
        return compute()
    values = caches["pages"]
    key = _hashed("value", *map(str, parts), *_versions(depends_on))
    value = values.get(key)
    if value is None:
        value = compute()
        values.set(key, value, timeout)
    return value


def track(model, name: str) -> None:
    """Gives the data ``name`` a new version whenever a row of ``model`` (a model or its
    ``"app_label.Model"``) is saved or deleted."""
    receiver = partial(_row_changed, name)
    for signal in (post_save, post_delete):
        signal.connect(receiver, sender=model, weak=False, dispatch_uid=f"page-data-{name}-{model}")


def _row_changed(name: str, sender, **kwargs) -> None:
    data_changed(name)


def data_changed(name: str) -> None:
    """The data ``name`` changed: once the change is committed, this process renders again the
    pages that show it, and every other one within ``TREMPLIN_PAGE_DATA_CHECK_SECONDS``. Not
    before the commit: a page rendered meanwhile would show the old data under the new
    version."""
    transaction.on_commit(partial(_new_version, name))


def _new_version(name: str) -> None:
    version = uuid.uuid4().hex
    cache.set(_version_key(name), version, timeout=None)
    _checked[name] = (version, time.monotonic())


# The versions this process read from the shared cache, and when: read again at most once per
# TREMPLIN_PAGE_DATA_CHECK_SECONDS, rather than once per page (a query on the database cache).
_checked: dict[str, tuple[str, float]] = {}


def forget() -> None:
    """Drops what this process keeps (pages, and the data versions it read): the tests start
    each from an empty process."""
    caches["pages"].clear()
    _checked.clear()


def _versions(names: tuple[str, ...]) -> list[str]:
    """The current version of each data name: the ones this process read within
    ``TREMPLIN_PAGE_DATA_CHECK_SECONDS``, the others read again in one query."""
    now = time.monotonic()
    stale = [
        name
        for name in names
        if now - _checked.get(name, ("", -math.inf))[1] >= settings.TREMPLIN_PAGE_DATA_CHECK_SECONDS
    ]
    if stale:
        found = cache.get_many([_version_key(name) for name in stale])
        for name in stale:
            version = found.get(_version_key(name))
            if version is None:  # never changed, or dropped by the cache: a new one is safe
                version = uuid.uuid4().hex
                cache.add(_version_key(name), version, timeout=None)
                # Another process may have added its own first: theirs, shared by all.
                version = cache.get(_version_key(name), version)
            _checked[name] = (version, now)
    return [_checked[name][0] for name in names]


def _version_key(name: str) -> str:
    return f"page-data-version:{name}"


def _is_shared(request) -> bool:
    return (
        settings.TREMPLIN_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _key(request, depends_on) -> str:
    return _hashed(
        "page",
        translation.get_language(),
        "inline" if styles.should_inline(request) else "linked",
        request.headers.get(FRAGMENT_HEADER, ""),
        *_versions(depends_on),
        request.get_full_path(),
    )


def _hashed(kind: str, *parts: str) -> str:
    return f"{kind}:" + blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _can_keep(response) -> bool:
    # A creating form's one-time token must stay one visitor's (``submissions.py``).
    return (
        response.status_code == 200
        and not response.streaming
        # The CSRF cookie is every visitor's own: set again on each reply (``_reply``).
        and all(name == settings.CSRF_COOKIE_NAME for name in response.cookies)
        and f'name="{SUBMISSION_FIELD}"'.encode() not in response.content
    )


def _kept(request, response) -> KeptPage:
    content = response.content
    tokens = set(TOKEN_INPUT.findall(content))
    for token in tokens:
        content = content.replace(token, TOKEN_PLACEHOLDER)
    return KeptPage(
        content=content,
        headers=tuple(response.items()),
        has_token=bool(tokens),
        inline_styles=tuple(request.inline_styles),
        styles_depend_on_cookie=getattr(request, "styles_depend_on_cookie", False),
    )


def _reply(request, page: KeptPage):
    content = page.content
    if page.has_token:  # the visitor's own token, and their CSRF cookie if they had none
        content = content.replace(TOKEN_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for header, value in page.headers:
        response[header] = value
    request.inline_styles.extend(page.inline_styles)
    request.styles_depend_on_cookie = page.styles_depend_on_cookie
    return response
