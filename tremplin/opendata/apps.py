"""Open data: the network's public places and their services, in the two national standards.

- **data·inclusion v1** (the French standard of social-inclusion structures and services):
  ``/opendata/data-inclusion/structures.json`` and ``…/services.json``;
- **lieux de médiation numérique** v1.0.2 (La MedNum and ANCT's TableSchema, read by the
  Cartographie nationale): ``/opendata/lieux-mediation-numerique.csv`` and ``….json``;
- ``/opendata/datapackage.json``: a Frictionless data package naming each file, its schema and
  the licence (Licence Ouverte 2.0), and ``/opendata/``, a page that explains them.

Only what the public directory already shows is published: a space's address, hours, contacts
and services; never a person, never a staff member. Identifiers are stable: a structure is
``<organisation slug>--<space slug>``, a service ``<structure id>--<service key>``. A space that
would break a file (no address, a postcode of no French commune…) is left out and named on the
``/opendata/`` page, so that one bad row never spoils the rest (decision 0012).
Sits at the level of ``impact``: reads ``spaces``; nothing imports it.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "tremplin.opendata"
    label = "opendata"
    verbose_name = _("Données ouvertes")
