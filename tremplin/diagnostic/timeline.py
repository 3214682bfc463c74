"""The diagnostic's entries on a person's timeline."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.diagnostic import results
from tremplin.people import timeline


def diagnostic_entry(session, person, user) -> timeline.Entry:
    """One entry per finished diagnostic; ``user`` is already allowed to see the person."""
    return timeline.Entry(
        at=session.finished_at,
        kind="diagnostic",
        title=_("Diagnostic : %(profile)s") % {"profile": session.get_profile_display()},
        detail=_("Nouveau test, à comparer avec le précédent")
        if session.previous_id
        else _("Premier test"),
        url=session.get_absolute_url(),
        icon="test",
    )


DIAGNOSTIC_SOURCE = timeline.Source(
    "diagnostic",
    rows=lambda person, user: person.diagnostic_sessions.finished(),
    fields=("pk", "finished_at", "profile", "previous_id"),
    entry=diagnostic_entry,
)


def diagnostic_actions(person, user) -> list[timeline.Action]:
    """The button on the person's page: their diagnostics, and from there a new one."""
    return [
        timeline.Action(
            label=_("Diagnostic"),
            url=reverse("diagnostic:person_diagnostics", args=[person.pk]),
            icon="test",
        )
    ]


def latest_skills(person) -> dict | None:
    """The last finished diagnostic as a skill source for learning's recommendations: the
    profile, and the levels of the areas it measured only (``results.measured_levels``)."""
    session = (
        person.diagnostic_sessions.finished()
        .only("person", "profile", "area_levels", "area_answers")
        .order_by("-finished_at")
        .first()
    )
    if session is None:
        return None
    return {"profile": session.profile, "levels": results.measured_levels(session)}
