"""The next workshops near a person on their topics, for other apps' pages through their
registries (filled in ``WorkshopsConfig.ready()``, the only place that imports them): the
diagnostic result (``tremplin.diagnostic.next_steps``) and the learning home
(``tremplin.learning.next_workshops``). Area codes and module slugs come as strings, and what
goes back is a ``Suggestion`` with the fields those registries read."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from tremplin.spaces.models import Space
from tremplin.workshops.models import Session, Theme

# The competence areas of the diagnostic framework (``content/diagnostic/framework.yaml``) and
# the workshop themes that work on them.
AREA_THEMES = {
    "device": {Theme.FIRST_STEPS, Theme.SMARTPHONE},
    "information": {Theme.FIRST_STEPS, Theme.JOB_SEARCH},
    "communication": {Theme.EMAIL, Theme.PROCEDURES},
    "content": {Theme.OFFICE, Theme.JOB_SEARCH},
    "safety": {Theme.SECURITY},
    "problem_solving": {Theme.PROCEDURES},
}
CANDIDATES = 200


def next_sessions_near(
    space: Space | None,
    *,
    areas=(),
    module_slugs=(),
    limit: int = 3,
    now: datetime.datetime | None = None,
) -> list[Session]:
    """Public sessions to come in the département of ``space`` (its own first, then the
    soonest) whose theme works on one of ``areas`` or that are linked to one of
    ``module_slugs``. Empty without a space or a topic."""
    themes = set().union(*(AREA_THEMES.get(area, set()) for area in areas)) if areas else set()
    slugs = set(module_slugs)
    if space is None or not (themes or slugs):
        return []
    candidates = (
        Session.objects.public(now=now or timezone.now())
        .listed()
        .filter(space__postcode__startswith=space.postcode[:2])
        .select_related("space")
        .order_by("starts_at", "pk")[:CANDIDATES]
    )
    found = [
        session
        for session in candidates
        if session.theme in themes or slugs & set(session.learning_modules or [])
    ]
    found.sort(key=lambda session: (session.space_id != space.pk, session.starts_at))
    return sorted(found[:limit], key=lambda session: session.starts_at)


@dataclass(frozen=True)
class Suggestion:
    """What the diagnostic's and learning's registries show of a session (no seat count, no
    name: a link to its public page)."""

    title: str
    starts_at: datetime.datetime
    place: str
    url: str


def _suggestions(sessions) -> list[Suggestion]:
    return [
        Suggestion(
            title=session.title,
            starts_at=session.starts_at,
            place=f"{session.space.name}, {session.space.town}",
            url=session.get_absolute_url(),
        )
        for session in sessions
    ]


def for_diagnostic(sitting, *, areas, limit) -> list[Suggestion]:
    """For the diagnostic result: near where the test was taken, else near the person's
    space; nothing for a test taken alone without a place."""
    space = sitting.space or (sitting.person.home_space if sitting.person_id else None)
    return _suggestions(next_sessions_near(space, areas=areas, limit=limit))


def for_learning(person, *, areas, module_slugs, limit) -> list[Suggestion]:
    """For the learning home: near the learner's space."""
    return _suggestions(
        next_sessions_near(person.home_space, areas=areas, module_slugs=module_slugs, limit=limit)
    )
