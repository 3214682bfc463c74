"""Diagnostic: the competence framework, the item bank, the adaptive test and its results.

The framework and the items are text files under ``content/diagnostic`` (``content.py`` reads and
validates them, ``bank.py`` loads them once per process with calibrated parameters laid over).
``engine.py`` is the adaptive test in plain Python (2PL, EAP, maximum information with content
balancing, profile-based stopping rule); ``services.py`` records sittings and answers;
``calibrate_items`` re-estimates item parameters from real answers. Decision record 0003.

Imports ``core``, ``accounts``, ``spaces`` and ``people``; feeds the person's timeline through
``tremplin.people.timeline``. One justified exception to "activity apps do not import each other":
it registers its latest result as a skill source in ``tremplin.learning.recommendation`` (the
registry learning offers for this purpose), so that learning recommends a pathway and skips
mastered modules without learning knowing the diagnostic.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticConfig(AppConfig):
    name = "tremplin.diagnostic"
    label = "diagnostic"
    verbose_name = _("Diagnostic")
    learner_nav = [("diagnostic:start", _("Faire le test"), "test", 10)]

    def ready(self):
        from tremplin.diagnostic.timeline import (
            DIAGNOSTIC_SOURCE,
            diagnostic_actions,
            latest_skills,
        )
        from tremplin.learning.recommendation import register_skill_source
        from tremplin.people import timeline

        timeline.register_source(DIAGNOSTIC_SOURCE)
        timeline.register_actions(diagnostic_actions)
        register_skill_source(latest_skills)
