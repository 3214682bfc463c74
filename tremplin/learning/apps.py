"""Learning: modules, lessons and exercises as content files, pathways, progress, certificates.

Imports ``core``, ``accounts``, ``spaces`` and ``people``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "tremplin.learning"
    label = "learning"
    verbose_name = _("Apprentissage")
