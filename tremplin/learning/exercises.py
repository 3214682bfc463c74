"""Checking an exercise's answer on the server: one pure function per type.

Each function takes the exercise page and the submitted form data (a ``QueryDict`` or any mapping
with ``getlist``), returns a ``Grade`` (right, partly right or all wrong, and what is wrong), and
raises ``ValidationError({field: message})`` with a
plain message when the submission is malformed (nothing chosen, an unknown key, a position used
twice). A malformed answer is not a wrong answer: nothing is recorded for it.

Field names, shared with the form and the templates:

- single: ``answer`` (one key); multiple: ``answer`` (several keys);
- order: ``position-1`` … ``position-n``, each holding an item key;
- match: ``match-<pair key>``, each holding the key of the chosen right-hand text;
- fill: ``blank-1`` … ``blank-n``, typed text;
- task: ``answer``, ``done`` (« Je l'ai fait ») or ``help`` (« J'ai besoin d'aide »), the value
  of the button touched. « J'ai besoin d'aide » is recorded like a wrong answer: the page stays
  to do, and the person's helpers see the attempt.
"""

import hashlib
import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.text import fold
from tremplin.learning.content import Option, Page


def _values(data, name: str) -> list[str]:
    getlist = getattr(data, "getlist", None)
    if getlist is not None:
        return [str(value) for value in getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _one(data, name: str) -> str:
    values = _values(data, name)
    return values[0].strip() if len(values) == 1 else ""


@dataclass(frozen=True)
class Grade:
    """What an answer is worth: right, partly right (``is_partial``) or all wrong, and ``notes``
    saying which part is wrong and why (the option's ``why`` in the content, where there is one).
    """

    is_right: bool
    is_partial: bool = False
    notes: tuple[str, ...] = ()


def _quoted(text: str) -> str:
    return _("« %(text)s »") % {"text": text}


def _option_note(option: Option) -> str:
    if option.why:
        return _("%(option)s : %(why)s") % {"option": _quoted(option.text), "why": option.why}
    return _("%(option)s : ce n'est pas une bonne réponse.") % {"option": _quoted(option.text)}


def check_single(page: Page, data) -> Grade:
    keys = {choice.key for choice in page.choices}
    values = _values(data, "answer")
    if len(values) != 1 or values[0] not in keys:
        raise ValidationError({"answer": _("Choisissez une réponse.")})
    if values[0] == page.answer[0]:
        return Grade(True)
    chosen = next(choice for choice in page.choices if choice.key == values[0])
    return Grade(False, notes=(_option_note(chosen),))


def check_multiple(page: Page, data) -> Grade:
    keys = {choice.key for choice in page.choices}
    values = _values(data, "answer")
    if not values:
        raise ValidationError({"answer": _("Cochez au moins une réponse.")})
    if any(value not in keys for value in values):
        raise ValidationError({"answer": _("Cochez seulement les réponses proposées.")})
    chosen, right = set(values), set(page.answer)
    if chosen == right:
        return Grade(True)
    notes = [_option_note(c) for c in page.choices if c.key in chosen - right]
    missing = len(right - chosen)
    if missing:
        notes.append(
            ngettext(
                "Il manque %(count)s bonne réponse : cochez-la aussi.",
                "Il manque %(count)s bonnes réponses : cochez-les aussi.",
                missing,
            )
            % {"count": missing}
        )
    return Grade(False, is_partial=bool(chosen & right), notes=tuple(notes))


def check_order(page: Page, data) -> Grade:
    keys = [item.key for item in page.items]
    chosen = [_one(data, f"position-{number}") for number in range(1, len(keys) + 1)]
    errors = {}
    for number, value in enumerate(chosen, start=1):
        if value not in keys:
            errors[f"position-{number}"] = _("Choisissez une étape pour cette place.")
    if errors:
        raise ValidationError(errors)
    if len(set(chosen)) != len(chosen):
        raise ValidationError(
            _("Chaque étape va à une seule place. Une étape est choisie deux fois.")
        )
    if chosen == keys:
        return Grade(True)
    texts = {item.key: item.text for item in page.items}
    misplaced = [
        _("%(step)s n'est pas à la bonne place.") % {"step": _quoted(texts[value])}
        for value, key in zip(chosen, keys, strict=True)
        if value != key
    ]
    in_place = len(keys) - len(misplaced)
    return Grade(False, is_partial=in_place > 0, notes=tuple(misplaced))


def check_match(page: Page, data) -> Grade:
    keys = [pair.key for pair in page.pairs]
    errors = {}
    chosen = {}
    for key in keys:
        value = _one(data, f"match-{key}")
        if value not in keys:
            errors[f"match-{key}"] = _("Choisissez une réponse dans la liste.")
        chosen[key] = value
    if errors:
        raise ValidationError(errors)
    if all(chosen[key] == key for key in keys):
        return Grade(True)
    rights = {pair.key: pair.right for pair in page.pairs}
    wrong = [
        _("%(left)s ne va pas avec %(right)s.")
        % {"left": _quoted(pair.left), "right": _quoted(rights[chosen[pair.key]])}
        for pair in page.pairs
        if chosen[pair.key] != pair.key
    ]
    return Grade(False, is_partial=len(wrong) < len(keys), notes=tuple(wrong))


def check_fill(page: Page, data) -> Grade:
    errors = {}
    typed = []
    for number in range(1, len(page.answer) + 1):
        value = _one(data, f"blank-{number}")
        if not value:
            errors[f"blank-{number}"] = _("Écrivez un mot dans la case.")
        elif len(value) > 200:
            errors[f"blank-{number}"] = _("La réponse est trop longue : un ou quelques mots.")
        typed.append(fold(value))
    if errors:
        raise ValidationError(errors)
    verdicts = [
        value in {fold(accepted) for accepted in answers}
        for value, answers in zip(typed, page.answer, strict=True)
    ]
    if all(verdicts):
        return Grade(True)
    notes = ()
    if len(verdicts) > 1:
        notes = tuple(
            _("Case %(number)s : ce mot ne va pas.") % {"number": number}
            for number, verdict in enumerate(verdicts, start=1)
            if not verdict
        )
    return Grade(False, is_partial=any(verdicts), notes=notes)


TASK_DONE, TASK_HELP = "done", "help"


def check_task(page: Page, data) -> Grade:
    value = _one(data, "answer")
    if value not in {TASK_DONE, TASK_HELP}:
        raise ValidationError({"answer": _("Touchez « Je l'ai fait » ou « J'ai besoin d'aide ».")})
    return Grade(value == TASK_DONE)


CHECKS = {
    "single": check_single,
    "multiple": check_multiple,
    "order": check_order,
    "match": check_match,
    "fill": check_fill,
    "task": check_task,
}


def grade(page: Page, data) -> Grade:
    """The answer's grade; ValidationError when the submission is malformed."""
    return CHECKS[page.type](page, data)


def check_answer(page: Page, data) -> bool:
    """True when right, False when wrong; ValidationError when the submission is malformed."""
    return grade(page, data).is_right


def shuffled(page: Page, options, *, seed: str = "", never_as_given: bool = True) -> list:
    """Options in an order of their own for each learner (``seed``: see ``learner_seed``) and
    exercise, the same on every visit. With ``never_as_given`` (steps of an ``order``
    exercise, right-hand texts of a ``match``, whose file order is the answer) never the file
    order; choices go without it, so that no place, first or other, holds the right one."""
    options = list(options)
    if len(options) < 2:
        return options
    key = f"{seed}/{page.module_slug}/{page.stem}".encode()
    generator = random.Random(hashlib.sha256(key).digest())
    result = options[:]
    generator.shuffle(result)
    if never_as_given and result == options:
        result = result[1:] + result[:1]
    return result


def learner_seed(request) -> str:
    """What makes one learner's shuffles their own: their account, or the session of a visitor."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    session = getattr(request, "session", None)
    if session is None:
        return ""
    if session.session_key is None:
        session.save()
    return f"session:{session.session_key}"


def right_options(page: Page, *, seed: str = "") -> list[Option]:
    """The right-hand texts of a match exercise as options keyed by their pair."""
    return shuffled(page, [Option(pair.key, pair.right) for pair in page.pairs], seed=seed)


def model_answer(page: Page) -> dict[str, list[str]]:
    """The submission of someone who knows the answer (demo data, tests): field → values."""
    if page.type in {"single", "multiple"}:
        return {"answer": list(page.answer)}
    if page.type == "task":
        return {"answer": [TASK_DONE]}
    if page.type == "order":
        return {f"position-{n}": [item.key] for n, item in enumerate(page.items, start=1)}
    if page.type == "match":
        return {f"match-{pair.key}": [pair.key] for pair in page.pairs}
    return {f"blank-{n}": [accepted[0]] for n, accepted in enumerate(page.answer, start=1)}
