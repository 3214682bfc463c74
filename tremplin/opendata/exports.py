"""The rows of the open-data files, built from the public spaces (see ``apps.py``).

Each builder takes the spaces and the site's base address (for links) and returns an ``Export``:
the rows, and the spaces left out with the reasons. A space is left out when a file would be
invalid with it, and logged as a warning.
"""

import logging
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.spaces import places
from tremplin.spaces.hours import parse_opening_hours
from tremplin.spaces.models import Space

logger = logging.getLogger(__name__)

SOURCE = "tremplin"
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
}
# The cartographie nationale's pivot when a place has no SIRET of its own.
UNKNOWN_PIVOT = "00000000000000"
PHONE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$")
EMAIL = re.compile(r"^[^@\s|]+@[^@\s|]+\.[^@\s|]+$")
SIRET = re.compile(r"^\d{14}$")

S = Space.Service
# Each service of a space as a data·inclusion service: a stable key, its thematics, its type.
SERVICE_MAP = {
    S.PROCEDURES: ("demarches", ["numerique--acceder-a-des-services-en-ligne"], "accompagnement"),
    S.EVERYDAY_TOOLS: (
        "outils-du-quotidien",
        ["numerique--maitriser-les-fondamentaux-du-numerique"],
        "atelier",
    ),
    S.EMPLOYMENT: (
        "insertion-professionnelle",
        [
            "numerique--maitriser-les-fondamentaux-du-numerique",
            "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
            "trouver-un-emploi--repondre-a-des-offres-demploi",
        ],
        "accompagnement",
    ),
    S.SAFETY: ("securite", ["numerique--maitriser-les-fondamentaux-du-numerique"], "atelier"),
    S.PARENTING: (
        "parentalite",
        [
            "numerique--maitriser-les-fondamentaux-du-numerique",
            "famille--soutien-a-la-parentalite-et-a-leducation",
        ],
        "atelier",
    ),
    S.LEISURE: ("loisirs", ["numerique--maitriser-les-fondamentaux-du-numerique"], "atelier"),
    S.UNDERSTANDING: (
        "comprendre-le-numerique",
        ["numerique--maitriser-les-fondamentaux-du-numerique"],
        "information",
    ),
    S.ACCESS: (
        "acces-internet-materiel",
        ["numerique--acceder-a-une-connexion-internet"],
        "aide-materielle",
    ),
    S.EQUIPMENT: (
        "materiel-prix-solidaire",
        ["numerique--acquerir-un-equipement"],
        "aide-materielle",
    ),
}
SERVICE_DESCRIPTIONS = {
    S.PROCEDURES: "On vous aide à faire vos démarches en ligne : CAF, impôts, France Travail, "
    "santé, retraite. Vous venez avec vos papiers, on fait avec vous.",
    S.EVERYDAY_TOOLS: "Apprendre à se servir d'un téléphone, d'un ordinateur, des courriels "
    "et d'internet, à son rythme, seul avec un aidant ou en petit groupe.",
    S.EMPLOYMENT: "Faire son CV, chercher des offres, répondre en ligne, préparer un entretien "
    "en vidéo : on vous accompagne dans votre recherche d'emploi.",
    S.SAFETY: "Reconnaître les arnaques, créer de bons mots de passe, protéger ses données : "
    "des ateliers pour utiliser le numérique sans risque.",
    S.PARENTING: "Suivre la scolarité de ses enfants en ligne, parler des écrans en famille : "
    "des ateliers pour les parents.",
    S.LEISURE: "Photos, vidéos, musique, appels à ses proches : découvrir ce que le numérique "
    "permet pour le plaisir.",
    S.UNDERSTANDING: "Comprendre comment marchent internet, les réseaux sociaux et "
    "l'intelligence artificielle, pour faire ses propres choix.",
    S.ACCESS: "Des ordinateurs, une imprimante, un scanner et le wifi en accès libre, avec de "
    "l'aide si besoin.",
    S.EQUIPMENT: "Ordinateurs et téléphones reconditionnés, cartes SIM et recharges à prix "
    "solidaire, avec un accompagnement pour bien s'en servir.",
}


@dataclass
class Export:
    rows: list[dict] = field(default_factory=list)
    left_out: list[tuple[Space, list[str]]] = field(default_factory=list)


def structure_id(space: Space) -> str:
    """Stable: organisation and space slugs never change once published."""
    return f"{space.organisation.slug}--{space.slug}"


def service_id(space: Space, service: str) -> str:
    return f"{structure_id(space)}--{SERVICE_MAP[service][0]}"


def problems_of(space: Space) -> list[str]:
    """Why a space cannot be published (empty when it can)."""
    problems = []
    if not 3 <= len(space.name.strip()) <= 150:
        problems.append(_("le nom doit avoir entre 3 et 150 caractères"))
    if not space.address.strip():
        problems.append(_("pas d'adresse"))
    if not space.town.strip():
        problems.append(_("pas de commune"))
    if not re.fullmatch(r"\d{5}", space.postcode or ""):
        problems.append(_("pas de code postal"))
    elif not places.communes_for_postcode(space.postcode):
        problems.append(_("le code postal %(code)s n'existe pas") % {"code": space.postcode})
    return problems


def publishable(spaces) -> Export:
    """The spaces that can be published, the others with their reasons (logged)."""
    export = Export()
    for space in spaces:
        problems = problems_of(space)
        if problems:
            logger.warning("Open data: space %s left out (%s)", space.pk, "; ".join(problems))
            export.left_out.append((space, problems))
        else:
            export.rows.append(space)
    return export


def public_spaces():
    return Space.objects.open_to_public().select_related("organisation").order_by("pk")


def osm_hours(space: Space) -> str | None:
    """Weekly hours in the OpenStreetMap syntax, closed on public holidays; None if unreadable."""
    if not space.opening_hours:
        return None
    try:
        parse_opening_hours(space.opening_hours)
    except ValueError:
        return None
    return f"{space.opening_hours.strip().rstrip(';')}; PH off"


def _phone(space: Space) -> str | None:
    return space.phone if PHONE.match(space.phone or "") else None


def _email(space: Space) -> str | None:
    return space.email if EMAIL.match(space.email or "") else None


def _insee(space: Space) -> str | None:
    commune = places.commune_of(space.postcode, space.town)
    return commune.insee if commune else None


def _coordinate(value) -> float | None:
    return float(value) if value is not None else None


def _description(space: Space) -> str | None:
    text = space.summary.strip()
    return text if len(text) >= 5 else None


# data·inclusion v1 ----------------------------------------------------------------------------


def data_inclusion_structures(spaces, *, base_url: str) -> Export:
    export = publishable(spaces)
    export.rows = [
        {
            "source": SOURCE,
            "id": structure_id(space),
            "nom": space.name.strip().rstrip("."),
            "date_maj": timezone.localdate(space.updated_at).isoformat(),
            "siret": _siret(space),
            "description": _description(space),
            "adresse": space.address,
            "complement_adresse": None,
            "code_postal": space.postcode,
            "code_insee": _insee(space),
            "commune": space.town,
            "latitude": _coordinate(space.latitude),
            "longitude": _coordinate(space.longitude),
            "telephone": _phone(space),
            "courriel": _email(space),
            "site_web": space.organisation.website or None,
            "lien_source": base_url + space.get_public_url(),
            "horaires_accueil": osm_hours(space),
            "accessibilite_lieu": space.accesslibre_url or None,
            "reseaux_porteurs": ["espaces-publics-numeriques"],
        }
        for space in export.rows
    ]
    return export


def _siret(space: Space) -> str | None:
    for value in (space.siret, space.organisation.siret):
        if SIRET.match(value or ""):
            return value
    return None


def data_inclusion_services(spaces, *, base_url: str) -> Export:
    export = publishable(spaces)
    rows = []
    for space in export.rows:
        for service in space.services:
            if service not in SERVICE_MAP:
                continue
            _key, thematics, kind = SERVICE_MAP[service]
            is_paid = service == S.EQUIPMENT
            rows.append(
                {
                    "source": SOURCE,
                    "id": service_id(space, service),
                    "structure_id": structure_id(space),
                    "nom": service,
                    "description": SERVICE_DESCRIPTIONS[service],
                    "date_maj": timezone.localdate(space.updated_at).isoformat(),
                    "type": kind,
                    "thematiques": thematics,
                    "frais": "payant" if is_paid else "gratuit",
                    "frais_precisions": "Prix solidaires, selon la situation." if is_paid else None,
                    "publics": ["tous-publics"],
                    "modes_accueil": ["en-presentiel"],
                    "modes_mobilisation": ["se-presenter", "telephoner"]
                    if _phone(space)
                    else ["se-presenter"],
                    "mobilisable_par": ["usagers", "professionnels"],
                    "adresse": space.address,
                    "code_postal": space.postcode,
                    "code_insee": _insee(space),
                    "commune": space.town,
                    "latitude": _coordinate(space.latitude),
                    "longitude": _coordinate(space.longitude),
                    "telephone": _phone(space),
                    "courriel": _email(space),
                    "horaires_accueil": osm_hours(space),
                    "lien_source": base_url + space.get_public_url(),
                }
            )
    export.rows = rows
    return export


# Lieux de médiation numérique v1.0.2 ----------------------------------------------------------

LMN_FIELDS = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
]


def lieux_mediation_numerique(spaces, *, base_url: str) -> Export:
    """One row per place, every field of the TableSchema present (empty when unknown)."""
    export = publishable(spaces)
    rows = []
    for space in export.rows:
        services = [value for value in space.services if value in S.values]
        access = ["Se présenter"] + (["Téléphoner"] if _phone(space) else [])
        access += ["Contacter par mail"] if _email(space) else []
        row = dict.fromkeys(LMN_FIELDS, "")
        row.update(
            {
                "id": structure_id(space),
                "pivot": _siret(space) or UNKNOWN_PIVOT,
                "nom": space.name.strip(),
                "commune": space.town,
                "code_postal": space.postcode,
                "code_insee": _insee(space) or "",
                "adresse": space.address,
                "latitude": _coordinate(space.latitude),
                "longitude": _coordinate(space.longitude),
                "typologie": "ASSO",
                "telephone": _phone(space) or "",
                "courriels": _email(space) or "",
                "site_web": space.organisation.website,
                "horaires": osm_hours(space) or "",
                "presentation_resume": space.summary[:280],
                "presentation_detail": space.access_details,
                "source": space.organisation.name,
                "itinerance": "Fixe",
                "date_maj": timezone.localdate(space.updated_at).isoformat(),
                "services": "|".join(services),
                "prise_en_charge_specifique": "|".join(
                    value for value in space.specific_support if value in Space.Support.values
                ),
                "frais_a_charge": "Gratuit|Payant" if S.EQUIPMENT in services else "Gratuit",
                "modalites_acces": "|".join(access),
                "modalites_accompagnement": "Accompagnement individuel|Dans un atelier collectif",
                "fiche_acces_libre": space.accesslibre_url,
                "prise_rdv": base_url + space.get_public_url(),
            }
        )
        rows.append(row)
    export.rows = rows
    return export
