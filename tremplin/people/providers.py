"""The people app's own timeline entries: intake, consent, and the visible journal events."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.people.models import JournalEntry
from tremplin.people.timeline import Entry, Source

VISIBLE_JOURNAL_ACTIONS = {
    JournalEntry.Action.UPDATE: ("journal", gettext_lazy("Fiche modifiée")),
    JournalEntry.Action.EXPORT: ("print", gettext_lazy("Données exportées")),
    JournalEntry.Action.ERASE: ("cross", gettext_lazy("Fiche effacée")),
    JournalEntry.Action.ANONYMISE: ("cross", gettext_lazy("Fiche anonymisée")),
}


def intake_entries(person, user) -> list[Entry]:
    return [Entry(at=person.created_at, kind="intake", title=_("Premier accueil"), icon="user")]


def consent_entry(consent, person, user) -> Entry:
    return Entry(
        at=consent.recorded_at,
        kind="consent",
        title=consent.get_action_display(),
        detail=_("%(channel)s, texte version %(version)s")
        % {"channel": consent.get_channel_display(), "version": consent.text.version},
        icon="check",
    )


def journal_entry(row, person, user) -> Entry:
    icon, title = VISIBLE_JOURNAL_ACTIONS[row.action]
    return Entry(
        at=row.at,
        kind="journal",
        title=str(title),
        detail=_("par %(actor)s") % {"actor": row.actor or _("Tremplin")},
        icon=icon,
    )


SOURCES = (
    Source(
        "consent",
        rows=lambda person, user: person.consents.all(),
        fields=("recorded_at", "action", "channel", "text__version"),
        entry=consent_entry,
    ),
    Source(
        "journal",
        rows=lambda person, user: person.journal.filter(action__in=list(VISIBLE_JOURNAL_ACTIONS)),
        fields=("at", "action", "actor__first_name", "actor__last_name", "actor__username"),
        entry=journal_entry,
    ),
)
