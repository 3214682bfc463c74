"""People: the person record, consent, the audit journal, the timeline, data-protection rights.

Holds the minimum a space needs about a person who comes for help, the consent that comes before
any record, the append-only journal of who read or changed what, and the timeline that other apps
feed through ``tremplin.people.timeline`` without the people app importing them.
Data-protection export and erasure walk ``Person._meta.related_objects``: a model of any app
that points at Person is exported automatically, and its ``ERASABLE_FIELDS`` (free text) are
blanked on erasure. Apps that do something with a person call ``people.services.touch(person)``:
it resets the clock of automatic anonymisation (``TREMPLIN_ANONYMISE_AFTER_MONTHS``, 24 by
default), run daily by ``manage.py anonymise_inactive`` (cron) or its task in ``tasks.py``.
Imports ``core``, ``accounts`` and ``spaces``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tremplin.core.apps import SPACE_STAFF


class PeopleConfig(AppConfig):
    name = "tremplin.people"
    label = "people"
    verbose_name = _("Personnes")
    staff_nav = [
        ("people:person_list", _("Personnes"), "people", 10, SPACE_STAFF),
        ("people:person_create", _("Nouvel accueil"), "plus", 11, SPACE_STAFF),
    ]

    def ready(self):
        from tremplin.people import providers, timeline

        timeline.register(providers.intake_entries)
        timeline.register(providers.consent_entries)
        timeline.register(providers.journal_entries)
