"""Simulators: safe copies of real online tasks (webmail, job board, public-service account,
passwords, scams, video interview), beside learning as an activity app.

Everything happens on our server and nothing leaves it: no e-mail, application or file is ever
sent anywhere. Each simulator is a small module of ``sims/`` that turns a learner's actions into
recorded steps (``Step``: facts the check reads, and what was typed, erased with the person) and
checks the steps with a pure function (``check``), which gives feedback in plain words. An
attempt belongs to a logged-in account or, for a visitor, to their session; it is attached to
the account when the visitor logs in (``services.attach_session_attempts``, on Django's
``user_logged_in``). Uploaded files are type-checked by their first bytes, at most 2 MB, and
live only as long as the attempt (``uploads.py``, decision 0014).

Helpers see, through ``people.access.fetch_person``, which simulators a person finished and
which steps they missed (``staff_views.py``); ``services.struggles(person_ids)`` gives the same
for a group (a cohort, wired by an app allowed to import both). The person's timeline shows the
simulators finished (``tremplin.people.timeline``).
Imports ``core``, ``accounts``, ``spaces`` and ``people``; never ``learning`` or ``workshops``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulatorsConfig(AppConfig):
    name = "tremplin.simulators"
    label = "simulators"
    verbose_name = _("Simulateurs")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from tremplin.people import timeline
        from tremplin.simulators.services import attach_on_login
        from tremplin.simulators.timeline import SIMULATOR_SOURCE, simulator_actions

        timeline.register_source(SIMULATOR_SOURCE)
        timeline.register_actions(simulator_actions)
        user_logged_in.connect(attach_on_login, dispatch_uid="simulators-attach-on-login")
