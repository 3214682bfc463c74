"""People: the person record, consent, the audit journal, the timeline, data-protection rights.

Holds the minimum a space needs about a person who comes for help, the consent that comes before
any record, the append-only journal of who read or changed what, and the timeline that other apps
feed through ``tremplin.people.timeline`` without the people app importing them.
Imports ``core``, ``accounts`` and ``spaces``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tremplin.people"
    label = "people"
    verbose_name = _("Personnes")
