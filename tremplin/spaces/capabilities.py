"""What each staff role may do: the one table of capabilities (PRODUCT.md, "The people who use it").

A role is held in one space (``Membership``); the national team holds every capability in every
space of its own organisation. ``tremplin.spaces.permissions.can(user, capability, space)`` is
the only reader of this table, and ``docs/roles.md`` shows it (a test keeps the two equal).

Partner advisers and funders hold no staff capability: advisers see their referrals, funders
aggregates only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.spaces.models import Membership


class Capability(models.TextChoices):
    INTAKE = "intake", _("Accueillir une personne, corriger sa fiche")
    DIAGNOSE = "diagnose", _("Faire passer le diagnostic")
    ACCOMPANY = "accompany", _("Noter l'aide donnée")
    LEARNER_ACCOUNT = "learner_account", _("Créer un compte apprenant, donner un code")
    TAKE_ATTENDANCE = "take_attendance", _("Inscrire une personne à un atelier, faire l'appel")
    SUPPORT_PLAN = "support_plan", _("Tenir un plan d'accompagnement")
    MANDATE = "mandate", _("Enregistrer un mandat")
    EXPORT_PERSON = "export_person", _("Exporter toute la fiche d'une personne")
    COHORT = "cohort", _("Suivre une cohorte, y inscrire des personnes")
    ERASE_PERSON = "erase_person", _("Effacer une fiche, noter un retrait du consentement")
    READ_JOURNAL = "read_journal", _("Lire le journal des accès")
    MANAGE_TEAM = "manage_team", _("Gérer l'équipe et ses seconds facteurs")
    READ_STATISTICS = "read_statistics", _("Lire les statistiques de l'espace")
    SCHEDULE = "schedule", _("Programmer et annuler les ateliers et permanences")
    RECEIVE_REFERRAL = "receive_referral", _("Recevoir une orientation, la faire avancer")
    FOLLOW_UP = "follow_up", _("Noter la situation d'une personne à 3 et 6 mois")
    SELL = "sell", _("Vendre une offre solidaire, annuler ou rembourser une vente")
    MANAGE_STOCK = "manage_stock", _("Recevoir, transférer et sortir du stock")
    MANAGE_SPACE = "manage_space", _("Tenir les horaires, services et accès de l'espace")
    MANAGE_CATALOGUE = "manage_catalogue", _("Tenir le catalogue solidaire et ses règles")


C = Capability
Role = Membership.Role

VOLUNTEER = frozenset({C.INTAKE, C.DIAGNOSE, C.ACCOMPANY, C.LEARNER_ACCOUNT, C.TAKE_ATTENDANCE})
MEDIATOR = VOLUNTEER | {
    C.SUPPORT_PLAN,
    C.MANDATE,
    C.EXPORT_PERSON,
    C.COHORT,
    C.RECEIVE_REFERRAL,
    C.FOLLOW_UP,
    C.SELL,
}
COORDINATOR = MEDIATOR | {
    C.ERASE_PERSON,
    C.READ_JOURNAL,
    C.MANAGE_TEAM,
    C.READ_STATISTICS,
    C.SCHEDULE,
    C.MANAGE_STOCK,
    C.MANAGE_SPACE,
}
# The national team alone holds the rest (the catalogue and its eligibility rules).

NATIONAL_TEAM = "admin"

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.VOLUNTEER: VOLUNTEER,
    Role.MEDIATOR: MEDIATOR,
    Role.COORDINATOR: COORDINATOR,
    NATIONAL_TEAM: frozenset(C.values),
}


def capabilities_of(role: str | None) -> frozenset[str]:
    return ROLE_CAPABILITIES.get(role, frozenset()) if role else frozenset()


def capability_table() -> str:
    """The table of ``docs/roles.md`` (Markdown), generated from ``ROLE_CAPABILITIES``."""
    columns = [
        (Role.VOLUNTEER, "bénévole"),
        (Role.MEDIATOR, "médiateur·rice"),
        (Role.COORDINATOR, "coordinateur·rice"),
        (NATIONAL_TEAM, "équipe nationale"),
    ]
    lines = [
        "| capability | " + " | ".join(label for _role, label in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for capability in Capability:
        marks = ["✓" if capability in ROLE_CAPABILITIES[role] else "" for role, _ in columns]
        lines.append(f"| `{capability.value}`: {capability.label} | " + " | ".join(marks) + " |")
    return "\n".join(lines) + "\n"
