"""Accompaniment: each help given to a person, support plans (goals and steps), mandates.

A procedure done *for* a person needs a mandate: the person's agreement, recorded, for given
procedures and a limited time (one day to twelve months), revocable at any time. Entries and
buttons reach the person's page through ``tremplin.people.timeline``. Each model's
``PERSONAL_DATA`` says what erasure blanks (notes, goal and step titles) and keeps.
Imports ``core``, ``accounts``, ``spaces`` and ``people``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tremplin.core.apps import SPACE_STAFF


class AccompanimentConfig(AppConfig):
    name = "tremplin.accompaniment"
    label = "accompaniment"
    verbose_name = _("Accompagnement")
    staff_nav = [
        ("accompaniment:accompaniment_list", _("Accompagnements"), "help", 20, SPACE_STAFF),
    ]

    def ready(self):
        from tremplin.accompaniment import providers
        from tremplin.people import timeline

        for source in providers.SOURCES:
            timeline.register_source(source)
        timeline.register_actions(providers.accompaniment_actions)
