"""The spaces app's own notices on the staff home (``home.register`` in ``apps.py``)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.spaces import home, team
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.permissions import spaces_where


def uncovered_slot_notices(user) -> list[home.Notice]:
    """For whoever manages a team: the drop-in slots of the next 7 days without a helper."""
    spaces = list(spaces_where(user, Capability.MANAGE_TEAM)) if user.is_authenticated else []
    if not spaces:
        return []
    by_space: dict[int, int] = {}
    for item in team.uncovered_slots(spaces, now=timezone.now(), with_candidates=False):
        by_space[item.space.pk] = by_space.get(item.space.pk, 0) + 1
    names = {space.pk: space.name for space in spaces}
    return [
        home.Notice(
            title=ngettext(
                "%(count)d permanence sans aidant dans les 7 jours",
                "%(count)d permanences sans aidant dans les 7 jours",
                count,
            )
            % {"count": count},
            detail=names[space_id],
            url=reverse("spaces:team_list", args=[space_id]),
            icon="people",
            is_urgent=True,
        )
        for space_id, count in by_space.items()
    ]


def onboarding_notice(user) -> list[home.Notice]:
    """For a helper whose checklist is not done yet: a link to it."""
    if not user.is_authenticated or user.is_administrator:
        return []
    checklist = team.checklists_of([user])[user.pk]
    if checklist.is_ready:
        return []
    return [
        home.Notice(
            title=_("Pour bien commencer : %(done)d étapes faites sur %(total)d")
            % {"done": checklist.done_count, "total": len(checklist.items)},
            url=reverse("spaces:helper_home"),
            icon="check",
        )
    ]
