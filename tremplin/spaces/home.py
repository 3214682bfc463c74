"""What the staff home shows beside the spaces: one small interface every app feeds.

An app registers a provider in its ``AppConfig.ready()``::

    from tremplin.spaces import home

    def low_stock(user):
        return [home.Notice(title=..., detail=..., url=..., icon="box")
                for line in StockLine.objects.visible_to(user).low()]

    home.register(low_stock)

A provider receives the logged-in staff user and returns a list of ``Notice``: something to do
or to watch (a low stock, follow-ups due, drop-in slots without a helper). It reads only through
the app's own scoped querysets, and stays within a couple of queries. The spaces app never
imports the apps that feed it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Notice:
    title: str | Promise
    url: str
    detail: str = ""
    icon: str = "journal"  # a symbol of static/img/icons.svg
    # Shown first: something to act on today rather than something to know.
    is_urgent: bool = False


Provider = Callable[..., list[Notice]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def notices_for(user) -> list[Notice]:
    """Every app's notices for ``user``, the urgent ones first."""
    notices = [notice for provider in _providers for notice in provider(user)]
    return sorted(notices, key=lambda notice: not notice.is_urgent)
