"""Learning: modules, lessons and exercises as content files, pathways, progress, certificates.

Content lives as text under ``content/learning/`` (``content.py`` reads it once per process;
``manage.py check_content`` validates it). Exercises are checked on the server (``exercises.py``).
Learners without email get an account from a helper (linked to the person through
``people.Person.account``) and log in with a username and a 6-digit code, or a printed QR card
(``services.py``). Progress per page and module, pathway enrolments and
certificates are the only tables. The diagnostic feeds pathway recommendations through
``recommendation.register_skill_source`` (this app never imports it); the person's timeline shows
module completions and certificates through ``tremplin.people.timeline``, and a volunteer's
onboarding checklist the helper-training modules they completed through
``tremplin.spaces.activity``.
Imports ``core``, ``accounts``, ``spaces`` and ``people``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tremplin.core.apps import SPACE_STAFF


class LearningConfig(AppConfig):
    name = "tremplin.learning"
    label = "learning"
    verbose_name = _("Apprentissage")
    learner_nav = [("learning:home", _("Apprendre"), "learn", 20)]
    # Volunteers follow the helper training on the same pages as learners.
    staff_nav = [
        ("learning:home", _("Se former"), "learn", 60, SPACE_STAFF),
        ("learning:guide_list", _("Guides d'atelier"), "journal", 61, SPACE_STAFF),
    ]

    def ready(self):
        from tremplin.learning.for_spaces import completed_modules
        from tremplin.learning.timeline import SOURCES, learning_actions
        from tremplin.people import timeline
        from tremplin.spaces import activity

        for source in SOURCES:
            timeline.register_source(source)
        timeline.register_actions(learning_actions)
        activity.register_completed_modules(completed_modules)
