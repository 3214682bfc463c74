"""The client's address, as rate limits and lockouts see it.

``X-Forwarded-For`` is trusted only when the request comes from a proxy listed in
``TREMPLIN_TRUSTED_PROXIES`` (addresses or networks): anyone else could write any address in
that header and escape every limit, or lock other people out. Axes uses the same function
(``AXES_CLIENT_IP_CALLABLE``), so staff and learner logins agree on who is who.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """``REMOTE_ADDR``, or behind trusted proxies the first address of ``X-Forwarded-For``
    from the right that is not one of them (each proxy appends the address it saw, so the
    entries on the left are whatever the client wrote)."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TREMPLIN_TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote
    return hops[0] if hops else remote
