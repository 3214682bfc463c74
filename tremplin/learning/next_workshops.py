"""The next workshops near a learner on their topics, for the learning home: a registry that
the workshops app fills in its ``AppConfig.ready()`` (activity apps do not import each other)::

    from tremplin.learning import next_workshops

    def near_the_learner(person, *, areas, module_slugs, limit):
        return [Workshop(title=…, starts_at=…, place=…, url=…), …]

    next_workshops.register(near_the_learner)

A provider receives the learner's person record, the competence areas (``device``,
``communication``…) and the module slugs the learner is on, and returns at most ``limit``
upcoming workshops near the person: ``Workshop`` below, or any object with its four fields. The home shows them when a provider answers, and nothing
otherwise.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

SHOWN = 3


@dataclass(frozen=True)
class Workshop:
    title: str
    starts_at: datetime
    place: str
    url: str


Provider = Callable[..., list[Workshop]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def areas_of(modules) -> list[str]:
    """The competence areas the modules teach (``communication.email`` → ``communication``)."""
    return sorted({code.split(".")[0] for module in modules for code in module.competences})


def workshops_for(person, *, modules, limit: int = SHOWN) -> list[Workshop]:
    """The next workshops near ``person`` on the topics of ``modules``, soonest first; none
    without a person or a topic."""
    modules = list(modules)
    if person is None or not modules:
        return []
    found = [
        workshop
        for provider in _providers
        for workshop in provider(
            person,
            areas=areas_of(modules),
            module_slugs=[module.slug for module in modules],
            limit=limit,
        )
    ]
    return sorted(found, key=lambda workshop: workshop.starts_at)[:limit]
