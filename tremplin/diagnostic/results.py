"""What a finished diagnostic means, in plain words: profile, support, levels per area, progress.

Built here so that templates only show it (the public result page, the staff page, the timeline).
"""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tremplin.diagnostic import bank as current_bank
from tremplin.diagnostic.models import DiagnosticSession

LEVEL_ICONS = {1: "arrow-right", 2: "check", 3: "certificate"}


def level_label(level: int) -> str:
    return {1: _("Premiers pas"), 2: _("Sans aide, dans les cas simples"), 3: _("Autonome")}[level]


def profile_text(profile: str) -> dict:
    """Title, meaning, recommended support (PRODUCT.md, « The three profiles ») and next step."""
    texts = {
        "excluded": {
            "title": _("Accompagnement pas à pas"),
            "meaning": _(
                "Le numérique est encore difficile pour vous. C'est fréquent, et nous pouvons "
                "vous aider."
            ),
            "support": _(
                "Une personne vous aide, seule avec vous. Elle fait vos démarches avec vous, ou "
                "pour vous si vous le souhaitez."
            ),
            "next": _(
                "Venez dans un lieu Tremplin avec ce résultat. Nous prenons le temps, c'est "
                "gratuit."
            ),
        },
        "beginner": {
            "title": _("Formation pour bien démarrer"),
            "meaning": _("Vous connaissez les bases. Une formation vous aidera à aller plus loin."),
            "support": _(
                "Des ateliers en petit groupe et des exercices, à votre rythme. Si vous cherchez "
                "un emploi : le parcours « Le numérique pour trouver un emploi » (32 heures)."
            ),
            "next": _("Inscrivez-vous à un atelier dans un lieu Tremplin près de chez vous."),
        },
        "advanced": {
            "title": _("Quelques séances pour prendre confiance"),
            "meaning": _(
                "Vous savez déjà faire beaucoup de choses. Il vous manque parfois la confiance."
            ),
            "support": _(
                "Des séances courtes sur ce qui vous bloque, et des modules en ligne, chez vous."
            ),
            "next": _(
                "Choisissez les domaines à travailler ci-dessous, ou venez poser vos questions "
                "dans un lieu Tremplin."
            ),
        },
    }
    return texts[profile]


def area_rows(session: DiagnosticSession) -> list[dict]:
    """One row per area: name, level in words, and the level before when this is a re-test."""
    language = (get_language() or "fr")[:2]
    content = current_bank.current().content
    before = session.previous.area_levels if session.previous_id else {}
    rows = []
    for area in content.areas:
        level = session.area_levels.get(area.code)
        if level is None:
            continue
        previous = before.get(area.code)
        rows.append(
            {
                "code": area.code,
                "name": area.name.get(language, area.name["fr"]),
                "level": level,
                "label": level_label(level),
                "icon": LEVEL_ICONS[level],
                "before": previous,
                "before_label": level_label(previous) if previous else "",
                "progress": (level - previous) if previous else None,
            }
        )
    return rows


def summary(session: DiagnosticSession) -> dict:
    return {
        "profile": session.profile,
        "profile_label": session.get_profile_display(),
        "text": profile_text(session.profile),
        "areas": area_rows(session),
        "is_retest": session.previous_id is not None,
    }
