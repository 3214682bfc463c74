"""The person's timeline: one small interface through which every app adds its entries.

An app registers a provider in its ``AppConfig.ready()``::

    from tremplin.people import timeline

    def diagnostic_entries(person, user):
        return [timeline.Entry(at=r.finished_at, kind="diagnostic", title=..., url=...)
                for r in person.diagnostic_results.all()]

    timeline.register(diagnostic_entries)

A provider receives the person and the user looking (already allowed to see the person) and
returns a list of ``Entry``. The people app never imports the apps that feed it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # "intake", "consent", "diagnostic", "accompaniment", "learning", "booking"…
    title: str | Promise
    detail: str = ""
    url: str = ""
    icon: str = "journal"  # a symbol of static/img/icons.svg


Provider = Callable[..., list[Entry]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def entries_for(person, user) -> list[Entry]:
    """Every entry about the person, newest first."""
    entries = [entry for provider in _providers for entry in provider(person, user)]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
