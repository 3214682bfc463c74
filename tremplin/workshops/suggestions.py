"""The next workshops near a space on some topics, for other apps' pages through
``tremplin.spaces.activity`` (registered in ``WorkshopsConfig.ready()``): the diagnostic result
and the learning home. Area codes and module slugs come as strings, and what goes back is an
``activity.NearbyWorkshop``."""

import datetime
import re
from functools import partial

from django.db.models import Case, Q, When
from django.utils import timezone

from tremplin.core import page_cache
from tremplin.spaces import activity
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
    # Module slugs are matched in the JSON text of the linked modules, quoted (so « wifi » does
    # not match « wifi-public »), by one expression: JSON containment is not on SQLite, and one
    # clause per slug cost more to build than the query takes to run.
    on_topic = Q(theme__in=themes)
    if slugs:
        alternatives = "|".join(re.escape(slug) for slug in sorted(slugs))
        on_topic |= Q(learning_modules__regex=f'"({alternatives})"')
    found = (
        Session.objects.public(now=now or timezone.now())
        .listed()
        .filter(on_topic, space__postcode__startswith=space.postcode[:2])
        .annotate(elsewhere=Case(When(space_id=space.pk, then=0), default=1))
        .select_related("space")
        .only("title", "starts_at", "theme", "learning_modules", "space__name", "space__town")
        .order_by("elsewhere", "starts_at", "pk")[:limit]
    )
    return sorted(found, key=lambda session: session.starts_at)


def near(space, *, areas, module_slugs, limit) -> list[activity.NearbyWorkshop]:
    """The provider of ``activity.workshops_near``. The same for every learner of a space on the
    same topics, it is kept a minute per process, and as long as no session and no space
    changes; a session that has begun since is left out."""
    parts = ("workshops-near", space.pk, *sorted(areas), "|", *sorted(module_slugs), limit)
    found = page_cache.kept(
        parts,
        partial(_near, space, areas=areas, module_slugs=module_slugs, limit=limit),
        depends_on=("workshops", "spaces"),
        timeout=60,
    )
    now = timezone.now()
    return [workshop for workshop in found if workshop.starts_at > now]


def _near(space, *, areas, module_slugs, limit) -> list[activity.NearbyWorkshop]:
    return [
        activity.NearbyWorkshop(
            title=session.title,
            starts_at=session.starts_at,
            place=f"{session.space.name}, {session.space.town}",
            url=session.get_absolute_url(),
        )
        for session in next_sessions_near(
            space, areas=areas, module_slugs=module_slugs, limit=limit
        )
    ]
