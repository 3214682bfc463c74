"""What accompaniment adds to the person's page: timeline entries and action buttons."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accompaniment.permissions import can_accompany
from tremplin.people.timeline import Action, Entry, Source, at_noon


def accompaniment_entry(row, person, user) -> Entry:
    detail = ", ".join(row.theme_labels())
    detail += " – " + _("%(minutes)s min, %(outcome)s") % {
        "minutes": row.duration_minutes,
        "outcome": row.get_outcome_display().lower(),
    }
    if row.note:
        detail += f" – {row.note}"
    return Entry(
        at=at_noon(row.happened_on),
        kind="accompaniment",
        title=row.get_kind_display(),
        detail=detail,
        icon="help",
    )


def mandate_entry(mandate, person, user) -> Entry:
    title = _("Mandat jusqu'au %(day)s") % {"day": mandate.ends_on.strftime("%d/%m/%Y")}
    if mandate.revoked_at is not None:
        title = _("Mandat révoqué le %(day)s") % {
            "day": timezone.localtime(mandate.revoked_at).strftime("%d/%m/%Y")
        }
    return Entry(
        at=mandate.recorded_at,
        kind="mandate",
        title=title,
        detail=", ".join(mandate.scope_labels()),
        url=reverse("accompaniment:mandate_list", args=[person.pk]),
        icon="lock",
    )


def goal_entry(goal, person, user) -> Entry:
    return Entry(
        at=goal.created_at,
        kind="support_plan",
        title=_("Objectif : %(title)s") % {"title": goal.title},
        detail=goal.get_status_display(),
        url=reverse("accompaniment:plan_detail", args=[person.pk]),
        icon="check",
    )


SOURCES = (
    Source(
        "accompaniment",
        rows=lambda person, user: person.accompaniments.all(),
        fields=("happened_on", "kind", "themes", "duration_minutes", "outcome", "note"),
        entry=accompaniment_entry,
    ),
    Source(
        "mandate",
        rows=lambda person, user: person.mandates.all(),
        fields=("recorded_at", "ends_on", "revoked_at", "scope"),
        entry=mandate_entry,
    ),
    Source(
        "support_goal",
        rows=lambda person, user: person.support_goals.all(),
        fields=("created_at", "title", "status"),
        entry=goal_entry,
    ),
)


def accompaniment_actions(person, user) -> list[Action]:
    if not can_accompany(user, person):
        return []
    return [
        Action(
            _("Noter une aide"),
            reverse("accompaniment:accompaniment_create", args=[person.pk]),
            "plus",
        ),
        Action(_("Mandats"), reverse("accompaniment:mandate_list", args=[person.pk]), "lock"),
        Action(
            _("Plan d'accompagnement"),
            reverse("accompaniment:plan_detail", args=[person.pk]),
            "check",
        ),
    ]
