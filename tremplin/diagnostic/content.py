"""Reads and validates the competence framework and the item bank (``content/diagnostic``).

Plain Python and PyYAML, no Django: the benchmark and the ``check_diagnostic_content`` command
use it as it is. The contract of the files is ``content/diagnostic/README.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tremplin.core.text import fold
from tremplin.diagnostic.engine import AREAS, ItemParameters

LANGUAGES = ("fr", "en")
ITEM_TYPES = ("choice", "multiple", "tap", "text")
INTERACTIVE_TYPES = ("tap", "text")
GUESSABLE_TYPES = ("choice", "tap")
GUESSING_RANGE = (0.0, 0.5)
SCREEN_KINDS = ("phone", "message", "email", "web")
DISCRIMINATION_RANGE = (0.5, 2.5)
DIFFICULTY_RANGE = (-3.5, 3.0)
MIN_ITEMS = 80
MIN_INTERACTIVE_SHARE = 0.25
MAX_ILLUSTRATION_BYTES = 2048


class ContentError(Exception):
    """The content breaks its contract; ``problems`` lists every problem found, one per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Competence:
    code: str
    area: str
    name: dict
    levels: dict


@dataclass(frozen=True)
class Area:
    code: str
    name: dict
    competences: tuple[Competence, ...]


@dataclass(frozen=True)
class Item:
    id: str
    area: str
    competence: str
    type: str
    discrimination: float
    difficulty: float
    calibration: str
    texts: dict = field(repr=False)
    guessing: float = 0.0
    enemies: tuple[str, ...] = ()
    pretest: bool = False

    @property
    def is_interactive(self) -> bool:
        return self.type in INTERACTIVE_TYPES

    def text(self, language: str) -> dict:
        return self.texts.get(language) or self.texts["fr"]

    def parameters(self) -> ItemParameters:
        return ItemParameters(
            self.id,
            self.area,
            self.discrimination,
            self.difficulty,
            guessing=self.guessing,
            enemies=self.enemies,
            pretest=self.pretest,
        )


def default_guessing(item_type: str, options: int) -> float:
    """The lower asymptote by format: one chance in ``k`` for a choice or tap item of ``k``
    options (a person who does not know can still touch the right button), none for a typed
    answer or a multiple-select item (every right box, and only those, is rarely guessed)."""
    return round(1.0 / options, 4) if item_type in GUESSABLE_TYPES and options else 0.0


@dataclass(frozen=True)
class Content:
    areas: tuple[Area, ...]
    items: dict[str, Item]

    @property
    def competences(self) -> dict[str, Competence]:
        return {c.code: c for area in self.areas for c in area.competences}

    def area(self, code: str) -> Area:
        return next(area for area in self.areas if area.code == code)

    def parameters(self) -> list[ItemParameters]:
        return [item.parameters() for item in self.items.values()]


def check_answer(item: Item, submitted: list[str]) -> bool:
    """Whether the submitted answer is right. Text answers accept either language's answers."""
    if item.type == "text":
        accepted = {fold(a) for lang in LANGUAGES for a in item.text(lang)["answer"]}
        return bool(submitted) and fold(submitted[0]) in accepted
    return sorted(set(submitted)) == sorted(set(item.text("fr")["answer"]))


def load_content(
    directory: Path, *, min_items: int = MIN_ITEMS, min_interactive: float = MIN_INTERACTIVE_SHARE
) -> Content:
    """Reads ``framework.yaml`` and ``items/*.yaml``; raises ContentError listing every problem."""
    problems: list[str] = []
    framework = _read_yaml(directory / "framework.yaml", problems)
    areas = _parse_framework(framework, problems) if framework is not None else ()
    competences = {c.code: c for area in areas for c in area.competences}
    items: dict[str, Item] = {}
    item_files = sorted((directory / "items").glob("*.yaml"))
    if not item_files:
        problems.append(f"{directory / 'items'}: no item file")
    for path in item_files:
        raw_items = _read_yaml(path, problems)
        if raw_items is None:
            continue
        if not isinstance(raw_items, list):
            problems.append(f"{path.name}: the file must be a list of items")
            continue
        for position, raw in enumerate(raw_items, start=1):
            item = _parse_item(raw, f"{path.name} #{position}", competences, problems)
            if item is None:
                continue
            if item.id in items:
                problems.append(f"{path.name}: item id {item.id} is used twice")
            if item.area != path.stem:
                problems.append(f"{item.id}: competence {item.competence} is not in {path.stem}")
            items[item.id] = item
    if len(items) < min_items:
        problems.append(f"the bank has {len(items)} items, at least {min_items} are needed")
    interactive = sum(item.is_interactive for item in items.values())
    if items and interactive / len(items) < min_interactive:
        problems.append(
            f"{interactive} interactive items out of {len(items)}: "
            f"at least {min_interactive:.0%} must be tap or text"
        )
    for area in areas:
        if items and not any(item.area == area.code for item in items.values()):
            problems.append(f"area {area.code} has no item")
    for item in items.values():
        for enemy in item.enemies:
            if enemy not in items or enemy == item.id:
                problems.append(f"{item.id}: enemy {enemy} is not another item of the bank")
    if problems:
        raise ContentError(problems)
    return Content(areas=areas, items=items)


def _read_yaml(path: Path, problems: list[str]):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path}: missing")
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: not valid YAML ({error})")
    return None


def _bilingual(value, where: str, problems: list[str]) -> dict:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGUAGES
    ):
        problems.append(f"{where}: needs a non-empty fr and en text")
        return {lang: "" for lang in LANGUAGES}
    return {lang: value[lang] for lang in LANGUAGES}


def _parse_framework(framework, problems: list[str]) -> tuple[Area, ...]:
    if not isinstance(framework, dict) or not isinstance(framework.get("areas"), list):
        problems.append("framework.yaml: needs a list of areas")
        return ()
    areas = []
    for raw_area in framework["areas"]:
        code = raw_area.get("code") if isinstance(raw_area, dict) else None
        if code not in AREAS:
            problems.append(f"framework.yaml: unknown area {code!r} (expected one of {AREAS})")
            continue
        competences = []
        for raw in raw_area.get("competences") or []:
            c_code = str(raw.get("code", ""))
            if not c_code.startswith(f"{code}."):
                problems.append(f"framework.yaml: competence {c_code!r} must start with {code}.")
                continue
            levels = raw.get("levels") or {}
            competences.append(
                Competence(
                    code=c_code,
                    area=code,
                    name=_bilingual(raw.get("name"), c_code, problems),
                    levels={
                        level: _bilingual(levels.get(level), f"{c_code} level {level}", problems)
                        for level in (1, 2, 3)
                    },
                )
            )
        if not competences:
            problems.append(f"framework.yaml: area {code} has no competence")
        areas.append(
            Area(code, _bilingual(raw_area.get("name"), code, problems), tuple(competences))
        )
    missing = set(AREAS) - {area.code for area in areas}
    if missing:
        problems.append(f"framework.yaml: missing areas {sorted(missing)}")
    return tuple(sorted(areas, key=lambda area: AREAS.index(area.code)))


def _parse_item(raw, where: str, competences: dict, problems: list[str]) -> Item | None:
    if not isinstance(raw, dict) or not raw.get("id"):
        problems.append(f"{where}: an item needs an id")
        return None
    item_id = str(raw["id"])
    before = len(problems)
    competence = competences.get(raw.get("competence"))
    if competence is None:
        problems.append(f"{item_id}: unknown competence {raw.get('competence')!r}")
    item_type = raw.get("type")
    if item_type not in ITEM_TYPES:
        problems.append(f"{item_id}: type must be one of {ITEM_TYPES}")
    a, b = raw.get("discrimination"), raw.get("difficulty")
    if (
        not isinstance(a, int | float)
        or not DISCRIMINATION_RANGE[0] <= a <= DISCRIMINATION_RANGE[1]
    ):
        problems.append(f"{item_id}: discrimination {a!r} outside {DISCRIMINATION_RANGE}")
    if not isinstance(b, int | float) or not DIFFICULTY_RANGE[0] <= b <= DIFFICULTY_RANGE[1]:
        problems.append(f"{item_id}: difficulty {b!r} outside {DIFFICULTY_RANGE}")
    if not str(raw.get("calibration") or "").strip():
        problems.append(f"{item_id}: calibration must say why the parameters were chosen")
    guessing = raw.get("guessing")
    if guessing is not None and (
        not isinstance(guessing, int | float)
        or not GUESSING_RANGE[0] <= guessing <= GUESSING_RANGE[1]
    ):
        problems.append(f"{item_id}: guessing {guessing!r} outside {GUESSING_RANGE}")
    enemies = raw.get("enemies") or []
    if not isinstance(enemies, list) or not all(isinstance(e, str) for e in enemies):
        problems.append(f"{item_id}: enemies must be a list of item ids")
        enemies = []
    if not isinstance(raw.get("pretest", False), bool):
        problems.append(f"{item_id}: pretest must be true or false")
    texts = {}
    for lang in LANGUAGES:
        block = raw.get(lang)
        if not isinstance(block, dict):
            problems.append(f"{item_id}: missing the {lang} block")
            continue
        _check_block(item_id, lang, item_type, block, problems)
        texts[lang] = block
    if len(texts) == 2 and item_type in ("choice", "multiple", "tap"):
        keys = [[str(o.get("key")) for o in texts[lang].get("options") or []] for lang in LANGUAGES]
        answers = [sorted(map(str, texts[lang].get("answer") or [])) for lang in LANGUAGES]
        if keys[0] != keys[1] or answers[0] != answers[1]:
            problems.append(f"{item_id}: fr and en must have the same option keys and answer")
    if len(problems) > before:
        return None
    for lang in LANGUAGES:
        block = texts[lang]
        block["answer"] = [str(answer) for answer in block["answer"]]
        for option in block.get("options") or []:
            option["key"] = str(option["key"])
    return Item(
        id=item_id,
        area=competence.area,
        competence=competence.code,
        type=item_type,
        discrimination=float(a),
        difficulty=float(b),
        calibration=str(raw["calibration"]).strip(),
        texts=texts,
        guessing=float(guessing)
        if guessing is not None
        else default_guessing(item_type, len(texts["fr"].get("options") or [])),
        enemies=tuple(enemies),
        pretest=bool(raw.get("pretest", False)),
    )


def _check_block(item_id: str, lang: str, item_type, block: dict, problems: list[str]) -> None:
    where = f"{item_id} ({lang})"
    if not str(block.get("question") or "").strip():
        problems.append(f"{where}: missing question")
    answer = block.get("answer")
    if not isinstance(answer, list) or not answer:
        problems.append(f"{where}: answer must be a non-empty list")
        answer = []
    if item_type in ("choice", "multiple", "tap"):
        options = block.get("options")
        if not isinstance(options, list) or not 2 <= len(options) <= 5:
            problems.append(f"{where}: needs 2 to 5 options")
            options = []
        keys = [str(o.get("key")) for o in options if isinstance(o, dict)]
        if len(set(keys)) != len(options) or not all(
            str(o.get("text") or "").strip() for o in options if isinstance(o, dict)
        ):
            problems.append(f"{where}: every option needs its own key and a text")
        if not set(map(str, answer)) <= set(keys):
            problems.append(f"{where}: answer {answer} is not among the option keys")
        if item_type in ("choice", "tap") and len(answer) != 1:
            problems.append(f"{where}: a {item_type} item has exactly one right option")
    if item_type == "tap":
        screen = block.get("screen")
        if not isinstance(screen, dict) or screen.get("kind") not in SCREEN_KINDS:
            problems.append(f"{where}: a tap item needs a screen with kind in {SCREEN_KINDS}")
        elif not isinstance(screen.get("lines", []), list):
            problems.append(f"{where}: screen lines must be a list")
    if item_type == "text" and not all(str(a).strip() for a in answer):
        problems.append(f"{where}: accepted answers cannot be empty")
    illustration = block.get("illustration")
    if illustration:
        _check_illustration(where, str(illustration), problems)


def _check_illustration(where: str, svg: str, problems: list[str]) -> None:
    lowered = svg.lower()
    if len(svg.encode()) > MAX_ILLUSTRATION_BYTES:
        problems.append(f"{where}: illustration over {MAX_ILLUSTRATION_BYTES} bytes")
    if not lowered.lstrip().startswith("<svg"):
        problems.append(f"{where}: illustration must be an <svg> element")
    if re.search(
        r"<script|\son\w+\s*=|style\s*=|<style|href\s*=\s*[\"']?(https?:|javascript:)", lowered
    ):
        problems.append(f"{where}: illustration has a script, a style or an outside link")
    labelled = 'role="img"' in lowered and "aria-label=" in lowered
    if not labelled and 'aria-hidden="true"' not in lowered:
        problems.append(f'{where}: illustration needs role="img" and aria-label, or aria-hidden')


# Words too common to give an answer away (French and English), and the shortest word counted.
_COMMON_WORDS = frozenset(
    "avec dans pour vous votre vos nous sont être cette celle elle elles ils leur leurs "
    "mais plus tout tous très faire fait quoi quel quelle quand comme bien aussi sans sous "
    "your with that this from have what when which there their they them then than into "
    "about would could should".split()
)
_MIN_WORD = 4


def _words(text: str) -> set[str]:
    return {
        word
        for word in re.findall(r"\w+", fold(text))
        if len(word) >= _MIN_WORD and word not in _COMMON_WORDS
    }


def answer_leaks(content: Content, *, language: str = "fr") -> list[str]:
    """Choice and tap items whose right option shares a word with the question (or its screen)
    that no wrong option shares: a person can then match words instead of knowing. One line
    per item, with the shared words."""
    leaks = []
    for item in content.items.values():
        if item.type not in GUESSABLE_TYPES:
            continue
        text = item.text(language)
        screen = text.get("screen") or {}
        asked = _words(
            " ".join([text["question"], str(screen.get("title", "")), *screen.get("lines", [])])
        )
        right = set(text["answer"])
        wrong_words = set().union(
            *(_words(o["text"]) for o in text["options"] if o["key"] not in right)
        )
        for option in text["options"]:
            if option["key"] in right:
                shared = (_words(option["text"]) & asked) - wrong_words
                if shared:
                    leaks.append(
                        f"{item.id}: the right option shares « {', '.join(sorted(shared))} » with the question"
                    )
    return leaks
