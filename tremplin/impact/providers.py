"""What impact adds to the staff home: the follow-ups that are due, and the way to the figures."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.impact.models import FollowUp
from tremplin.spaces.capabilities import Capability
from tremplin.spaces.home import Notice
from tremplin.spaces.permissions import holds_anywhere, space_ids_where


def follow_ups_due(user, *, today=None) -> list[Notice]:
    """One notice for the follow-ups due in the spaces where the user records them, one link to
    the space's figures for those who read them. One query."""
    notices = []
    if holds_anywhere(user, Capability.FOLLOW_UP):
        due = FollowUp.objects.due(on=today).visible_to(user)
        if not user.is_administrator:
            due = due.filter(space_id__in=space_ids_where(user, Capability.FOLLOW_UP))
        count = due.aggregate(count=Count("pk"))["count"]
        if count:
            notices.append(
                Notice(
                    title=ngettext(
                        "%(count)s suivi à 3 ou 6 mois à faire",
                        "%(count)s suivis à 3 ou 6 mois à faire",
                        count,
                    )
                    % {"count": count},
                    detail=_("Demandez aux personnes où elles en sont : emploi, formation…"),
                    url=reverse("impact:follow_up_list"),
                    icon="phone",
                    is_urgent=True,
                )
            )
    if holds_anywhere(user, Capability.READ_STATISTICS):
        notices.append(
            Notice(
                title=_("Les chiffres de vos espaces"),
                detail=_("Personnes accompagnées, heures, satisfaction, à exporter."),
                url=reverse("impact:home"),
                icon="chart",
            )
        )
    return notices
