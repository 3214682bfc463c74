"""« Vos données » as a document the person can read (GDPR art. 15 and the information of
art. 13): who holds their data, what (in the words of the forms, never codes or internal
numbers), why, for how long, and whom to ask to use their rights.

The activity apps' part comes through the person's timeline (``tremplin.people.timeline``): the
helps received, diagnostics, learning and mandates are listed in the same words staff read on
the person's page, so that this app never imports them. The complete, machine-readable copy
stays the JSON export.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.pdf import Section, french_date, new_document
from tremplin.people import timeline
from tremplin.people.forms import PERSON_FIELDS
from tremplin.people.models import Person

CNIL_CONTACT = "www.cnil.fr/plaintes – CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07"

# The record's fields, in the order of the form, as the person reads them.
RECORD_FIELDS = [name for name in PERSON_FIELDS if name != "home_space"]

# Where the form's label is written for staff, the words the person reads instead.
RECORD_LABELS = {
    "is_job_seeker": gettext_lazy("Inscription à France Travail"),
    "has_income_support": gettext_lazy("Minimum social touché (RSA, ASS, AAH…)"),
    "needs_adapted_support": gettext_lazy("Besoin d'un accompagnement adapté"),
}

# Timeline kinds, each with the section it goes in; any other kind (an app added later) goes in
# « Autres activités ». Intake and consent have their own sections.
ACTIVITY_SECTIONS = {
    "accompaniment": gettext_lazy("Les aides reçues"),
    "mandate": gettext_lazy("Vos mandats (démarches faites à votre place, avec votre accord)"),
    "support_plan": gettext_lazy("Votre plan d'accompagnement"),
    "diagnostic": gettext_lazy("Vos tests de compétences numériques"),
    "learning": gettext_lazy("Votre apprentissage"),
    "journal": gettext_lazy("Ce qui a été fait sur votre fiche"),
}
OWN_SECTIONS = {"intake", "consent"}


def _space_contact(space) -> str:
    parts = [f"{space.name}, {space.address}, {space.postcode} {space.town}"]
    parts += [value for value in [space.phone, space.email] if value]
    return " – ".join(parts)


def _value(person: Person, name: str) -> str:
    value = getattr(person, name)
    labels_of = {
        "languages": person.language_labels,
        "equipment": person.equipment_labels,
        "connectivity": person.connectivity_labels,
        "goals": person.goal_labels,
    }
    if name in labels_of:
        value = ", ".join(labels_of[name]())
    elif isinstance(value, bool):
        value = _("oui") if value else _("non")
    elif person._meta.get_field(name).choices:
        value = getattr(person, f"get_{name}_display")()
    return str(value) if value not in (None, "") else _("non renseigné")


def _label(name: str) -> str:
    label = str(RECORD_LABELS.get(name) or Person._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _record_lines(person: Person) -> list[str]:
    lines = [f"{_label(name)} : {_value(person, name)}" for name in RECORD_FIELDS]
    lines.append(_("Fiche créée le %(day)s") % {"day": french_date(person.created_at)})
    lines.append(
        _("Dernière venue ou activité le %(day)s") % {"day": french_date(person.last_activity_at)}
    )
    if person.is_anonymised:
        lines.append(_("Fiche effacée le %(day)s") % {"day": french_date(person.anonymised_at)})
    return lines


def _consent_lines(person: Person) -> list[str]:
    return [
        _("%(action)s le %(day)s (%(channel)s, texte version %(version)s)")
        % {
            "action": consent.get_action_display(),
            "day": french_date(consent.recorded_at),
            "channel": consent.get_channel_display().lower(),
            "version": consent.text.version,
        }
        for consent in person.consents.select_related("text").order_by("recorded_at", "pk")
    ] or [_("Aucun accord enregistré.")]


def _activity_sections(person: Person, *, user) -> list[Section]:
    """The timeline's entries, grouped by kind in the order of ``ACTIVITY_SECTIONS``."""
    grouped: dict[str, list[str]] = {}
    for entry in reversed(timeline.entries_for(person, user)):  # oldest first
        if entry.kind in OWN_SECTIONS:
            continue
        key = entry.kind if entry.kind in ACTIVITY_SECTIONS else "other"
        line = f"{french_date(entry.at)} – {entry.title}"
        if entry.detail:
            line += f" – {entry.detail}"
        grouped.setdefault(key, []).append(line)
    titles = {**ACTIVITY_SECTIONS, "other": gettext_lazy("Autres activités")}
    return [Section(str(titles[key]), grouped[key]) for key in titles if key in grouped]


def _months_in_words(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return _("%(years)s ans (%(months)s mois)") % {"years": years, "months": months}
    return _("%(months)s mois") % {"months": months}


def person_data_sections(person: Person, *, user) -> list[Section]:
    """The text of « Vos données », section by section (``person_data_pdf`` prints it)."""
    space = person.home_space
    organisation = person.organisation
    months = settings.TREMPLIN_ANONYMISE_AFTER_MONTHS
    return [
        Section(
            _("Qui garde vos données"),
            [
                _(
                    "%(organisation)s garde vos données. C'est l'association responsable de ce "
                    "qui est noté sur vous."
                )
                % {"organisation": organisation.name},
                _("Votre espace : %(space)s") % {"space": _space_contact(space)},
                _(
                    "Seules les personnes qui vous aident dans votre espace et l'équipe "
                    "nationale du réseau peuvent lire votre fiche. Chaque lecture est notée."
                ),
            ],
        ),
        Section(_("Votre fiche"), _record_lines(person)),
        Section(_("Votre accord"), _consent_lines(person)),
        *_activity_sections(person, user=user),
        Section(
            _("Pourquoi nous gardons ces informations"),
            [
                _(
                    "Parce que vous l'avez accepté, et seulement pour : vous aider dans vos "
                    "démarches et pour apprendre le numérique ; suivre ce qui a déjà été fait "
                    "avec vous, pour ne pas tout redemander ; faire des statistiques sans nom "
                    "pour les personnes qui financent le réseau."
                ),
                _("Vos données ne sont jamais vendues ni utilisées pour de la publicité."),
            ],
        ),
        Section(
            _("Pour combien de temps"),
            [
                _(
                    "Tant que vous venez. Après %(duration)s sans aucune activité avec vous, "
                    "votre fiche est effacée automatiquement. Il reste seulement des chiffres "
                    "sans nom, pour les statistiques."
                )
                % {"duration": _months_in_words(months)},
            ],
        ),
        Section(
            _("Vos droits et à qui les demander"),
            [
                _(
                    "Vous pouvez à tout moment : voir vos données (c'est ce document), les faire "
                    "corriger, les faire effacer, ou retirer votre accord. Une copie complète "
                    "pour ordinateur (fichier JSON) peut aussi vous être remise."
                ),
                _("Demandez-le à l'accueil de votre espace : %(space)s.")
                % {"space": _space_contact(space)},
                _(
                    "Si la réponse ne vous convient pas, vous pouvez vous plaindre auprès de la "
                    "CNIL (Commission nationale de l'informatique et des libertés) : %(cnil)s."
                )
                % {"cnil": CNIL_CONTACT},
            ],
        ),
    ]


def person_data_pdf(person: Person, *, user, now: datetime.datetime | None = None) -> bytes:
    """« Vos données » as a PDF to hand to the person."""
    moment = now or timezone.now()
    title = _("Vos données chez %(organisation)s") % {"organisation": person.organisation.name}
    pdf = new_document(title=title)
    pdf.add_page()
    pdf.heading(title)
    pdf.paragraph(
        _("Document fait le %(day)s pour %(name)s.") % {"day": french_date(moment), "name": person}
    )
    pdf.sections(person_data_sections(person, user=user))
    return pdf.to_bytes()
