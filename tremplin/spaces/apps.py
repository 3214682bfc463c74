"""Spaces: the network's organisation, its digital solidarity spaces, who works where.

Holds the organisation (the network, first filter of every scope and the future distribution
key), spaces with address, opening hours (OpenStreetMap syntax, as the lieux de médiation
numérique schema) and services, staff memberships with their role per space, partner
organisations and their advisers, funders' access. Every account but a learner's belongs to one
organisation (``Affiliation``), the first filter of every scope; ``OrganisationScopedQuerySet``
and ``ActivityQuerySet`` (organisation, then the user's spaces) are the scopes other apps build
on, and ``capabilities.py`` is the one table of what each role may do, read by
``permissions.can(user, capability, space)`` (decision 0006, ``docs/roles.md``).

The team (decision 0012, ``team.py``, ``team_views.py``): single-use invitations that make a
staff account with its role, role changes and deactivation journaled in
``accounts.SecurityEvent``, the onboarding checklist, weekly availability
(``team.available_helpers(space, starts_at, ends_at)`` for the workshops), hours. The public
directory (``places.py``: every French commune, offline, from ``data/``; ``hours.py``: opening
hours, public holidays, open now). What happens above (next workshops, sessions helped,
drop-in slots, training modules completed) comes through the providers of ``activity.py``, as
the staff home's notices come through ``home.py``: this app never imports the apps above.
Imports ``core`` and ``accounts``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tremplin.core.apps import SPACE_STAFF


class SpacesConfig(AppConfig):
    name = "tremplin.spaces"
    label = "spaces"
    verbose_name = _("Espaces")
    learner_nav = [("spaces:directory", _("Trouver un lieu"), "place", 40)]
    staff_nav = [
        ("accounts:home", _("Tableau de bord"), "home", 0),
        ("spaces:helper_home", _("Mon accueil"), "check", 70, SPACE_STAFF),
    ]

    def ready(self):
        from tremplin.spaces import home, notices, signals

        signals.connect()

        home.register(notices.uncovered_slot_notices)
        home.register(notices.onboarding_notice)
