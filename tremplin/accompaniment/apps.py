"""Accompaniment: each help given to a person, support plans, mandates.

Imports ``core``, ``accounts``, ``spaces`` and ``people``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccompanimentConfig(AppConfig):
    name = "tremplin.accompaniment"
    label = "accompaniment"
    verbose_name = _("Accompagnement")
