"""Counting requests per visitor, in the cache that every worker process shares.

Usage, in a view::

    from tremplin.core import ratelimit

    if not ratelimit.hit(f"result-email:{ratelimit.client_address(request)}", limit=20,
                         window=3600):
        return ratelimit.too_many_requests(request)

``hit`` counts one request on ``key`` and says whether it is still within ``limit`` requests per
``window`` seconds. Windows are fixed (they start on a multiple of ``window``), so a visitor may
make up to twice ``limit`` requests across a boundary: enough to stop a script, never a person.
The count lives in ``CACHES["default"]`` (the database cache by default, shared by every worker);
two simultaneous hits may be counted as one, which a limit can afford.
"""

import hashlib
import math
import time

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tremplin.core import addresses

KEY_PREFIX = "ratelimit"


def _cache_key(key: str, bucket: int) -> str:
    # Hashed: keys carry addresses (personal data) and must fit any cache backend's key rules.
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"{KEY_PREFIX}:{digest}:{bucket}"


def hit(key: str, limit: int, window: int, *, now: float | None = None) -> bool:
    """Counts one request on ``key``; True while at most ``limit`` were counted in the current
    window of ``window`` seconds, False beyond. Never raises on a cache miss or expiry."""
    moment = time.time() if now is None else now
    bucket = int(moment // window)
    remaining = max(1, math.ceil((bucket + 1) * window - moment))
    cache_key = _cache_key(key, bucket)
    if cache.add(cache_key, 1, timeout=remaining):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=remaining)
        return limit >= 1
    # Some backends (the database cache) reset the expiry on incr: put the window's end back.
    cache.touch(cache_key, timeout=remaining)
    return count <= limit


def client_address(request: HttpRequest) -> str:
    """The visitor's address, read as every limit reads it: ``X-Forwarded-For`` only behind a
    proxy of ``TREMPLIN_TRUSTED_PROXIES`` (``core.addresses``)."""
    return addresses.client_address(request)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """The plain page a limited visitor sees, with status 429."""
    return render(request, "core/too_many_requests.html", status=429)
