"""Spaces: the network's organisation, its digital solidarity spaces, who works where.

Holds the organisation (the network, first filter of every scope and the future distribution
key), spaces with address, opening hours (OpenStreetMap syntax, as the lieux de médiation
numérique schema) and services, staff memberships with their role per space, partner
organisations and their advisers, funders' access. Every account but a learner's belongs to one
organisation (``Affiliation``), the first filter of every scope; ``OrganisationScopedQuerySet``
and ``ActivityQuerySet`` (organisation, then the user's spaces) are the scopes other apps build
on, and ``capabilities.py`` is the one table of what each role may do, read by
``permissions.can(user, capability, space)`` (decision 0006, ``docs/roles.md``).
Imports ``core`` and ``accounts``.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "tremplin.spaces"
    label = "spaces"
    verbose_name = _("Espaces")
    learner_nav = [("spaces:directory", _("Trouver un lieu"), "place", 40)]
    staff_nav = [("accounts:home", _("Tableau de bord"), "home", 0)]
