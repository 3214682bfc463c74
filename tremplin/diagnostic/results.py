"""What a finished diagnostic means, in plain words: profile, support, levels per area, progress.

Built here so that templates only show it (the public result page, the staff page, the timeline).
"""

import math

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tremplin.diagnostic import bank as current_bank
from tremplin.diagnostic.engine import expected_level
from tremplin.diagnostic.models import DiagnosticSession, Response
from tremplin.diagnostic.services import diagnosis_of

LEVEL_ICONS = {1: "arrow-right", 2: "check", 3: "certificate"}

# An area gets a level only from at least this many answers of its own: with fewer, its
# estimate is mostly the other areas' (decision record 0003, « Level per area »).
MIN_AREA_ANSWERS = 4
# « En progrès » only when the gain exceeds this many standard errors of the difference
# (the reliable-change index at 95 %): below it, a retest moves by chance alone.
RELIABLE_CHANGE_Z = 1.96


def is_reliable_progress(before: float, after: float, *, se_before: float, se_after: float) -> bool:
    """Whether ``after`` exceeds ``before`` by more than ``RELIABLE_CHANGE_Z`` standard errors
    of the difference, ``sqrt(se_before² + se_after²)``."""
    return after - before > RELIABLE_CHANGE_Z * math.sqrt(se_before**2 + se_after**2)


def read_answers(*sessions: DiagnosticSession) -> None:
    """Reads the answers of these sittings in one query and keeps them on each sitting object,
    for the functions below (a result page shows a sitting and the one before it)."""
    pending = [session for session in sessions if not hasattr(session, "_answers")]
    if not pending:
        return
    answers = {session.pk: [] for session in pending}
    rows = Response.objects.filter(session__in=pending).values_list(
        "session_id", "item_id", "is_pretest", "is_dont_know"
    )
    for session_id, *answer in rows.order_by("at", "pk"):
        answers[session_id].append(tuple(answer))
    for session in pending:
        session._answers = answers[session.pk]


def _answers_of(session: DiagnosticSession) -> list[tuple[str, bool, bool]]:
    """``(item id, is pretest, is « Je ne sais pas »)`` of each answer, in the order given."""
    read_answers(session)
    return session._answers


def answer_counts(session: DiagnosticSession) -> dict[str, int]:
    """The questions the sitting asked (pretest ones included) and its « Je ne sais pas »."""
    answers = _answers_of(session)
    return {"answers": len(answers), "dont_know": sum(dont_know for *_, dont_know in answers)}


def measured_levels(session: DiagnosticSession) -> dict[str, int]:
    """The sitting's levels for the areas it measured (``MIN_AREA_ANSWERS`` scored answers or
    more); the others are left out: the test did not ask enough there to say."""
    return {
        area: level
        for area, level in session.area_levels.items()
        if session.area_answers.get(area, 0) >= MIN_AREA_ANSWERS
    }


def _area_standard_errors(session: DiagnosticSession) -> dict[str, float]:
    """Replayed from the answers, with the parameters they were scored under."""
    return {area: se for area, (_mean, se) in diagnosis_of(session).area_posteriors().items()}


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
            "support": _("Des ateliers en petit groupe et des modules en ligne, à votre rythme."),
            "next": _(
                "Commencez les modules en ligne quand vous voulez. Pour un atelier, venez dans "
                "un lieu Tremplin près de chez vous."
            ),
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
                "Travaillez ce qui vous bloque avec les modules en ligne, ou venez poser vos "
                "questions dans un lieu Tremplin."
            ),
        },
    }
    return texts[profile]


def area_rows(session: DiagnosticSession) -> list[dict]:
    """One row per area: name, level in words (or « pas encore mesuré »), and on a re-test the
    level before and whether the area reliably progressed (``is_reliable_progress``, only where
    both sittings measured it)."""
    language = (get_language() or "fr")[:2]
    content = current_bank.current().content
    previous = session.previous if session.previous_id else None
    read_answers(*filter(None, (session, previous)))
    levels = measured_levels(session)
    before = measured_levels(previous) if previous else {}
    if levels and before:
        ses, ses_before = _area_standard_errors(session), _area_standard_errors(previous)
    rows = []
    for area in content.areas:
        if area.code not in session.area_levels:
            continue
        level, level_before = levels.get(area.code), before.get(area.code)
        progress = False
        if level is not None and level_before is not None:
            progress = is_reliable_progress(
                previous.area_thetas[area.code],
                session.area_thetas[area.code],
                se_before=ses_before[area.code],
                se_after=ses[area.code],
            )
        rows.append(
            {
                "code": area.code,
                "name": area.name.get(language, area.name["fr"]),
                "level": level,
                "label": level_label(level) if level else _("pas encore mesuré"),
                "icon": LEVEL_ICONS[level] if level else "",
                "before": level_before,
                "before_label": level_label(level_before)
                if level_before
                else (_("pas encore mesuré") if previous else ""),
                "is_progress": progress,
            }
        )
    return rows


def overall(session: DiagnosticSession) -> dict:
    """One level from all the answers (the whole bank's items at the sitting's estimate), and
    whether it reliably progressed since the previous sitting."""
    level = expected_level(current_bank.current().engine, session.theta)
    previous = session.previous if session.previous_id else None
    progress = previous is not None and is_reliable_progress(
        previous.theta, session.theta, se_before=previous.se, se_after=session.se
    )
    return {
        "level": level,
        "label": level_label(level),
        "icon": LEVEL_ICONS[level],
        "is_progress": progress,
    }


def summary(session: DiagnosticSession) -> dict:
    return {
        "profile": session.profile,
        "profile_label": session.get_profile_display(),
        "text": profile_text(session.profile),
        "overall": overall(session),
        "areas": area_rows(session),
        "is_retest": session.previous_id is not None,
    }
