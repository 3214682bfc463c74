"""People: the person record, consent, the audit journal, the timeline, data-protection rights.

Holds the minimum a space needs about a person who comes for help, the consent that comes before
any record, the append-only journal of who read or changed what, and the timeline that other apps
feed through ``tremplin.people.timeline`` without the people app importing them.
Every view of any app that shows a person or their data opens the file through
``tremplin.people.access.fetch_person`` (record scope, 404 outside it, the read journaled once
per staff member, person and half hour; decision 0006).
Data-protection export and erasure read each model's ``PERSONAL_DATA`` (``core.personal_data``,
decision 0007): what erasure removes and keeps, and what the export leaves out; a consistency
test fails on a model that may hold personal data and does not say. Apps that do something with
a person call ``people.services.touch(person)`` (``touch_account`` for a learner's own account):
it resets the clock of automatic anonymisation (``TREMPLIN_ANONYMISE_AFTER_MONTHS``, 24 by
default), run daily by ``manage.py anonymise_inactive`` (cron) or its task in ``tasks.py``;
``manage.py purge_access_log`` deletes the login records after
``TREMPLIN_ACCESS_LOG_RETENTION_DAYS``.
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
        for source in providers.SOURCES:
            timeline.register_source(source)
