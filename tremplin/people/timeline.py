"""The person's timeline: one small interface through which every app adds its entries.

An app registers a provider in its ``AppConfig.ready()``::

    from tremplin.people import timeline

    def diagnostic_entries(person, user):
        return [timeline.Entry(at=r.finished_at, kind="diagnostic", title=..., url=...)
                for r in person.diagnostic_results.all()]

    timeline.register(diagnostic_entries)

A provider receives the person and the user looking (already allowed to see the person) and
returns a list of ``Entry``. The people app never imports the apps that feed it.

Apps may also offer buttons on the person's page (« Noter une aide », « Lancer un
diagnostic »…) with ``register_actions(provider)``: the provider receives the same arguments and
returns a list of ``Action``.
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


@dataclass(frozen=True)
class Action:
    label: str | Promise
    url: str
    icon: str = "plus"


Provider = Callable[..., list[Entry]]
ActionProvider = Callable[..., list[Action]]
_providers: list[Provider] = []
_action_providers: list[ActionProvider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def entries_for(person, user) -> list[Entry]:
    """Every entry about the person, newest first."""
    entries = [entry for provider in _providers for entry in provider(person, user)]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def register_actions(provider: ActionProvider) -> ActionProvider:
    if provider not in _action_providers:
        _action_providers.append(provider)
    return provider


def actions_for(person, user) -> list[Action]:
    """The buttons other apps offer on the person's page, in registration order."""
    return [action for provider in _action_providers for action in provider(person, user)]
