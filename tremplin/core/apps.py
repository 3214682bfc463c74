"""Core: what every app shares and nothing domain-specific.

Layouts (learner and staff), the form renderer and field templates, the icon sprite, the health
endpoint, the public home page, environment readers for settings, the demo-network command that
asks each app for its part (``<app>/demo.py``), and the testing helpers (personas, browser, axe and
weight checks). Request guards (``middleware``: bad input answers 400, pages for logged-in users
are never cached), per-address rate limits (``ratelimit``) and one-time form tokens
(``submissions``, ``{% submission_token %}``). Imports no other Tremplin app.

Apps add navigation entries through ``learner_nav`` / ``staff_nav`` on their AppConfig:
``(url name, lazy label, icon, order[, account kinds])``; icons are the symbols of
``static/img/icons.svg``; ``SPACE_STAFF`` limits an entry to the people who work in spaces.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Account kinds (accounts.User.Kind values) that work with people in spaces.
SPACE_STAFF = frozenset({"staff", "admin"})


class CoreConfig(AppConfig):
    name = "tremplin.core"
    label = "core"
    verbose_name = "Tremplin"
    learner_nav = [("core:home", _("Accueil"), "home", 0)]
