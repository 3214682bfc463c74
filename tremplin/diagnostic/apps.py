"""Diagnostic: the competence framework, the item bank, the adaptive test and its results.

Imports ``core``, ``accounts``, ``spaces`` and ``people``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticConfig(AppConfig):
    name = "tremplin.diagnostic"
    label = "diagnostic"
    verbose_name = _("Diagnostic")
