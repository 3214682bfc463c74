"""What the spaces app needs to know of the activity above it, through providers those apps
register in their ``AppConfig.ready()`` (the spaces app never imports them; see
``home.py`` and ``people/timeline.py`` for the same pattern)::

    from tremplin.spaces import activity

    activity.register_public_sessions(upcoming_for_directory)
    activity.register_helped_sessions(helped_by)
    activity.register_drop_in_slots(drop_in_slots)
    activity.register_completed_modules(completed_modules)
    activity.register_workshops_near(workshops_near)

- *public sessions*: ``provider(space, *, now, limit) -> list[PublicSession]``, the next
  sessions anyone may book at a space (the place page of the directory);
- *helped sessions*: ``provider(user_ids, *, since, until) -> list[HelpedSession]``, the
  sessions staff helped at (their hours);
- *drop-in slots*: ``provider(space_ids, *, since, until) -> list[Slot]``, the drop-in slots
  of some spaces with who helps at each (the coordinator's uncovered slots);
- *completed modules*: ``provider(user_ids, slugs) -> dict[(user_id, slug), datetime]``, when a
  staff member completed a module of the helper training (the onboarding checklist);
- *workshops near*: ``provider(space, *, areas, module_slugs, limit) -> list[NearbyWorkshop]``,
  the next public workshops near a space on some competence areas (``device``,
  ``communication``…) or learning modules (the diagnostic result and the learning home, which
  may not import the workshops app either).

Each provider reads through its own app's models, in a query or two, and returns plain data.
With no provider registered, the answers are empty: the directory shows no sessions, hours hold
manual entries only.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class PublicSession:
    title: str | Promise
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    url: str
    seats_left: int | None = None


@dataclass(frozen=True)
class HelpedSession:
    user_id: int
    space_id: int
    title: str | Promise
    starts_at: datetime.datetime
    minutes: int


@dataclass(frozen=True)
class Slot:
    space_id: int
    title: str | Promise
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    url: str = ""
    helper_ids: tuple[int, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class NearbyWorkshop:
    """A workshop to suggest: no seat count and no name, a link to its public page."""

    title: str
    starts_at: datetime.datetime
    place: str
    url: str


_public_sessions: list[Callable] = []
_helped_sessions: list[Callable] = []
_drop_in_slots: list[Callable] = []
_completed_modules: list[Callable] = []
_workshops_near: list[Callable] = []


def _register(registry: list[Callable], provider: Callable) -> Callable:
    if provider not in registry:
        registry.append(provider)
    return provider


def register_public_sessions(provider: Callable) -> Callable:
    return _register(_public_sessions, provider)


def register_helped_sessions(provider: Callable) -> Callable:
    return _register(_helped_sessions, provider)


def register_drop_in_slots(provider: Callable) -> Callable:
    return _register(_drop_in_slots, provider)


def register_completed_modules(provider: Callable) -> Callable:
    return _register(_completed_modules, provider)


def register_workshops_near(provider: Callable) -> Callable:
    return _register(_workshops_near, provider)


def public_sessions(space, *, now: datetime.datetime, limit: int = 5) -> list[PublicSession]:
    sessions = [s for provider in _public_sessions for s in provider(space, now=now, limit=limit)]
    return sorted(sessions, key=lambda session: session.starts_at)[:limit]


def helped_sessions(
    user_ids, *, since: datetime.datetime, until: datetime.datetime
) -> list[HelpedSession]:
    return [
        session
        for provider in _helped_sessions
        for session in provider(list(user_ids), since=since, until=until)
    ]


def drop_in_slots(space_ids, *, since: datetime.datetime, until: datetime.datetime) -> list[Slot]:
    slots = [
        slot
        for provider in _drop_in_slots
        for slot in provider(list(space_ids), since=since, until=until)
    ]
    return sorted(slots, key=lambda slot: slot.starts_at)


def completed_modules(user_ids, slugs) -> dict[tuple[int, str], datetime.datetime]:
    done: dict[tuple[int, str], datetime.datetime] = {}
    for provider in _completed_modules:
        done.update(provider(list(user_ids), list(slugs)))
    return done


def workshops_near(space, *, areas=(), module_slugs=(), limit: int = 3) -> list[NearbyWorkshop]:
    """The next workshops near ``space`` on ``areas`` or ``module_slugs``, soonest first; none
    without a space or a topic."""
    if space is None or not (areas or module_slugs):
        return []
    found = [
        workshop
        for provider in _workshops_near
        for workshop in provider(
            space, areas=list(areas), module_slugs=list(module_slugs), limit=limit
        )
    ]
    return sorted(found, key=lambda workshop: workshop.starts_at)[:limit]
