"""Checking an exercise's answer on the server: one pure function per type.

Each function takes the exercise page and the submitted form data (a ``QueryDict`` or any mapping
with ``getlist``), returns True or False, and raises ``ValidationError({field: message})`` with a
plain message when the submission is malformed (nothing chosen, an unknown key, a position used
twice). A malformed answer is not a wrong answer: nothing is recorded for it.

Field names, shared with the form and the templates:

- single: ``answer`` (one key); multiple: ``answer`` (several keys);
- order: ``position-1`` … ``position-n``, each holding an item key;
- match: ``match-<pair key>``, each holding the key of the chosen right-hand text;
- fill: ``blank-1`` … ``blank-n``, typed text.
"""

import random

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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


def check_single(page: Page, data) -> bool:
    keys = {choice.key for choice in page.choices}
    values = _values(data, "answer")
    if len(values) != 1 or values[0] not in keys:
        raise ValidationError({"answer": _("Choisissez une réponse.")})
    return values[0] == page.answer[0]


def check_multiple(page: Page, data) -> bool:
    keys = {choice.key for choice in page.choices}
    values = _values(data, "answer")
    if not values:
        raise ValidationError({"answer": _("Cochez au moins une réponse.")})
    if any(value not in keys for value in values):
        raise ValidationError({"answer": _("Cochez seulement les réponses proposées.")})
    return set(values) == set(page.answer)


def check_order(page: Page, data) -> bool:
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
    return chosen == keys


def check_match(page: Page, data) -> bool:
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
    return all(chosen[key] == key for key in keys)


def check_fill(page: Page, data) -> bool:
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
    return all(
        value in {fold(accepted) for accepted in answers}
        for value, answers in zip(typed, page.answer, strict=True)
    )


CHECKS = {
    "single": check_single,
    "multiple": check_multiple,
    "order": check_order,
    "match": check_match,
    "fill": check_fill,
}


def check_answer(page: Page, data) -> bool:
    """True when right, False when wrong; ValidationError when the submission is malformed."""
    return CHECKS[page.type](page, data)


def shuffled(page: Page, options) -> list:
    """The same shuffle for everyone and every visit (seeded by the page), never the file order."""
    options = list(options)
    if len(options) < 2:
        return options
    generator = random.Random(f"{page.module_slug}/{page.stem}")
    result = options[:]
    for _attempt in range(10):
        generator.shuffle(result)
        if result != options:
            break
    return result


def right_options(page: Page) -> list[Option]:
    """The right-hand texts of a match exercise as options keyed by their pair."""
    return shuffled(page, [Option(pair.key, pair.right) for pair in page.pairs])


def model_answer(page: Page) -> dict[str, list[str]]:
    """The submission of someone who knows the answer (demo data, tests): field → values."""
    if page.type in {"single", "multiple"}:
        return {"answer": list(page.answer)}
    if page.type == "order":
        return {f"position-{n}": [item.key] for n, item in enumerate(page.items, start=1)}
    if page.type == "match":
        return {f"match-{pair.key}": [pair.key] for pair in page.pairs}
    return {f"blank-{n}": [accepted[0]] for n, accepted in enumerate(page.answer, start=1)}
