"""Facilitator guides: one sheet per in-person workshop of a course, read from content files.

A course mixes online modules and group workshops at the space (issue 17: the job-seeker course,
32 hours). ``content/learning/guides/index.yaml`` names the pathway, the course's target hours
and the guides in order; each guide is ``<slug>.fr.md`` and ``<slug>.en.md``, all in YAML front
matter (goal, duration, material, timed steps, difficulties, linked modules and simulators, what
the learner takes home) with optional facilitator notes in Markdown below. The contract is
``content/learning/guides/README.md``.

``read_guides`` never raises: it returns the guides it could build and every problem in readable
sentences (a module or simulator that does not exist, steps whose minutes do not add up to the
duration, an English sheet that differs from the French one), which ``check_content`` prints.
``guides(lang)`` is the cached list the staff pages use; ``guide_pdf`` prints one sheet.

Simulators are known by their slugs in ``timing.SIMULATOR_MINUTES`` (decision 0014): this app
never imports ``simulators``. ``workshop_prefill`` gives what the workshops app needs to schedule a
session from a guide; it travels in the query string of « Programmer cet atelier » (workshops may
not import learning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import override

from tremplin.core.pdf import Section, new_document
from tremplin.learning import content, timing

FOLDER = "guides"
INDEX = "index.yaml"
# The parts of a session, in the order a facilitator runs them (a break may sit anywhere).
STEP_KINDS = ("welcome", "demonstration", "pairs", "break", "alone", "wrap-up")
REQUIRED_STEP_KINDS = {"welcome", "demonstration", "pairs", "alone", "wrap-up"}
MATERIAL_KEYS = ("devices", "accounts", "printed", "wifi")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Step:
    kind: str
    title: str
    minutes: int
    text: str
    starts_at: int = 0  # minutes from the start of the session

    @property
    def span(self) -> str:
        """« 0:15 – 0:40 »: when the step starts and ends, from the start of the session."""
        return f"{_clock(self.starts_at)} – {_clock(self.starts_at + self.minutes)}"


@dataclass(frozen=True)
class Difficulty:
    problem: str
    answer: str


@dataclass(frozen=True)
class Material:
    key: str  # one of MATERIAL_KEYS
    items: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    slug: str
    number: int
    title: str
    duration_minutes: int
    goal: str
    modules: tuple[str, ...]
    simulators: tuple[str, ...]
    material: tuple[Material, ...]
    steps: tuple[Step, ...]
    difficulties: tuple[Difficulty, ...]
    takeaways: tuple[str, ...]
    notes_html: str = ""
    notes_text: str = ""

    @property
    def duration(self) -> str:
        return timing.duration(self.duration_minutes)


@dataclass
class GuideTree:
    root: Path
    pathway: str = ""
    course_hours: float = 0
    online_minutes: float = 0  # the pathway's estimated learner time (timing.py)
    order: list[str] = field(default_factory=list)
    data: dict[tuple[str, str], dict] = field(default_factory=dict)  # (slug, lang) → front matter
    problems: list[str] = field(default_factory=list)

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{FOLDER}/{where}: {message}")

    @property
    def workshop_minutes(self) -> int:
        return sum(self.data[(slug, "fr")]["duration_minutes"] for slug in self.slugs)

    @property
    def slugs(self) -> list[str]:
        """Guides readable in French, in the order of the index."""
        return [slug for slug in self.order if (slug, "fr") in self.data]


def _clock(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}"


# ---------------------------------------------------------------------------------------------
# Reading and checking


def read_guides(root: Path | None = None, tree: content.Tree | None = None) -> GuideTree:
    """The guides under ``<root>/guides`` checked against the modules of ``tree`` (read from
    ``root`` when not given). No folder means no guides, not a problem."""
    root = Path(root or content.content_root())
    tree = tree or content.read_tree(root)
    guides = GuideTree(root=root / FOLDER)
    if not guides.root.is_dir():
        return guides
    _read_index(guides, tree)
    guides.online_minutes = timing.pathway_estimate(tree, guides.pathway).minutes
    for slug in guides.order:
        for lang in content.LANGUAGES:
            _read_guide(guides, tree, slug, lang)
        _compare_languages(guides, slug)
    listed = set(guides.order)
    for path in sorted(guides.root.glob("*.md")):
        slug = path.name.split(".", 1)[0]
        if path.name != "README.md" and slug not in listed:
            guides.problem(path.name, f"the guide '{slug}' is not listed in {INDEX}")
    numbers = [guides.data[(s, "fr")]["number"] for s in guides.slugs]
    if len(set(numbers)) != len(numbers):
        guides.problem(INDEX, "two guides share a number")
    return guides


def _read_index(guides: GuideTree, tree: content.Tree) -> None:
    path = guides.root / INDEX
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        guides.problem(INDEX, f"missing or unreadable ({error.__class__.__name__})")
        return
    if not isinstance(data, dict):
        guides.problem(INDEX, "must be a mapping of fields")
        return
    guides.pathway = str(data.get("pathway") or "")
    if guides.pathway not in tree.pathways:
        guides.problem(INDEX, f"unknown pathway '{guides.pathway}'")
    hours = data.get("course_hours")
    if not isinstance(hours, int | float) or isinstance(hours, bool) or hours <= 0:
        guides.problem(INDEX, "'course_hours' must be the course's planned hours (a number)")
    else:
        guides.course_hours = hours
    order = data.get("guides")
    if not isinstance(order, list) or not order or not all(isinstance(s, str) for s in order):
        guides.problem(INDEX, "'guides' must list the guide slugs in order")
        return
    if len(set(order)) != len(order):
        guides.problem(INDEX, "a guide is listed twice")
    guides.order = list(dict.fromkeys(order))


def _text_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _read_guide(guides: GuideTree, tree: content.Tree, slug: str, lang: str) -> None:
    where = f"{slug}.{lang}.md"
    path = guides.root / where
    if not SLUG.match(slug):
        guides.problem(INDEX, f"'{slug}' is not a slug (lowercase letters, digits, hyphens)")
        return
    if not path.is_file():
        missing = "the guide is missing" if lang == "fr" else "the English translation is missing"
        guides.problem(where, missing)
        return
    try:
        data, body = content.split_front_matter(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        guides.problem(where, str(error))
        return
    before = len(guides.problems)
    if data.get("slug") != slug:
        guides.problem(where, f"slug '{data.get('slug')}' must be the file name '{slug}'")
    for name in ("title", "goal"):
        if not str(data.get(name) or "").strip():
            guides.problem(where, f"'{name}' is missing")
    for name in ("number", "duration_minutes"):
        value = data.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            guides.problem(where, f"'{name}' must be a positive whole number")
    _check_links(guides, tree, where, data)
    _check_material(guides, where, data.get("material"))
    _check_steps(guides, where, data)
    difficulties = data.get("difficulties")
    if (
        not isinstance(difficulties, list)
        or not difficulties
        or not all(
            isinstance(d, dict) and str(d.get("problem") or "").strip() and d.get("answer")
            for d in difficulties
        )
    ):
        guides.problem(where, "'difficulties' must list {problem, answer} entries")
    if not _text_list(data.get("takeaways")) or not data.get("takeaways"):
        guides.problem(where, "'takeaways' must list what the learner takes home")
    if len(guides.problems) == before:
        data["body"] = body
        guides.data[(slug, lang)] = data


def _check_links(guides: GuideTree, tree: content.Tree, where: str, data: dict) -> None:
    modules = data.get("modules")
    if not _text_list(modules) or not modules:
        guides.problem(where, "'modules' must list the slugs of the modules it practises")
    else:
        pathway = tree.pathways.get(guides.pathway, {}).get("modules") or []
        for slug in modules:
            if slug not in tree.modules:
                guides.problem(where, f"unknown module '{slug}' (no modules/{slug}/module.yaml)")
            elif guides.pathway in tree.pathways and slug not in pathway:
                guides.problem(where, f"module '{slug}' is not in pathway '{guides.pathway}'")
    simulators = data.get("simulators", [])
    if not _text_list(simulators):
        guides.problem(where, "'simulators' must list simulator slugs (or be [])")
    else:
        for slug in simulators:
            if slug not in timing.SIMULATOR_MINUTES:
                known = ", ".join(sorted(timing.SIMULATOR_MINUTES))
                guides.problem(where, f"unknown simulator '{slug}' (known: {known})")


def _check_material(guides: GuideTree, where: str, material) -> None:
    if not isinstance(material, dict) or set(material) - set(MATERIAL_KEYS):
        keys = ", ".join(MATERIAL_KEYS)
        guides.problem(where, f"'material' must be a mapping with the keys {keys}")
        return
    for key in MATERIAL_KEYS:
        if not _text_list(material.get(key)) or not material.get(key):
            guides.problem(where, f"'material.{key}' must list at least one line")


def _check_steps(guides: GuideTree, where: str, data: dict) -> None:
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps or not all(isinstance(s, dict) for s in steps):
        guides.problem(where, "'steps' must list {kind, title, minutes, text} entries")
        return
    for number, step in enumerate(steps, start=1):
        minutes = step.get("minutes")
        if step.get("kind") not in STEP_KINDS:
            guides.problem(where, f"step {number}: kind must be one of {', '.join(STEP_KINDS)}")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
            guides.problem(where, f"step {number}: 'minutes' must be a positive whole number")
        if not str(step.get("title") or "").strip() or not str(step.get("text") or "").strip():
            guides.problem(where, f"step {number}: needs a 'title' and a 'text'")
    missing = REQUIRED_STEP_KINDS - {step.get("kind") for step in steps}
    if missing:
        guides.problem(where, f"steps lack the part(s): {', '.join(sorted(missing))}")
    total = sum(s["minutes"] for s in steps if isinstance(s.get("minutes"), int))
    if isinstance(data.get("duration_minutes"), int) and total != data["duration_minutes"]:
        guides.problem(
            where,
            f"the steps last {total} min but 'duration_minutes' says {data['duration_minutes']}",
        )


def _shape(data: dict) -> tuple:
    steps = tuple((s.get("kind"), s.get("minutes")) for s in data.get("steps") or [])
    material = tuple(len(data["material"].get(key) or []) for key in MATERIAL_KEYS)
    return (
        data.get("number"),
        data.get("duration_minutes"),
        tuple(data.get("modules") or ()),
        tuple(data.get("simulators") or ()),
        steps,
        material,
        len(data.get("difficulties") or []),
        len(data.get("takeaways") or []),
    )


def _compare_languages(guides: GuideTree, slug: str) -> None:
    french, english = guides.data.get((slug, "fr")), guides.data.get((slug, "en"))
    if french and english and _shape(french) != _shape(english):
        guides.problem(
            f"{slug}.en.md",
            "number, duration, modules, simulators, steps (kind and minutes) or the number of "
            "material lines, difficulties and takeaways differ from the French guide",
        )
        del guides.data[(slug, "en")]


def course_report(guides: GuideTree) -> list[str]:
    """The course's total for ``check_content``: online time (estimated) + workshops."""
    if not guides.slugs:
        return []
    online = guides.online_minutes
    workshops = guides.workshop_minutes
    total = online + workshops
    target = guides.course_hours * 60
    line = (
        f"course {guides.pathway}: online {timing.duration(online)} + "
        f"{len(guides.slugs)} workshops {timing.duration(workshops)} = {timing.duration(total)}"
    )
    if target:
        gap = target - total
        line += f" (planned {timing.duration(target)}"
        line += f", {timing.duration(abs(gap))} {'to add' if gap > 0 else 'over'})" if gap else ")"
    return [line]


# ---------------------------------------------------------------------------------------------
# What the pages use


def _plain(markdown_text: str) -> str:
    """Facilitator notes as plain lines for the PDF: no ``**``, bullets as « • »."""
    lines = []
    for line in markdown_text.strip().splitlines():
        line = line.replace("**", "").strip()
        if line.startswith(("- ", "* ")):
            line = "• " + line[2:]
        lines.append(line)
    return "\n".join(lines)


def _build(data: dict) -> Guide:
    steps, start = [], 0
    for step in data["steps"]:
        steps.append(
            Step(
                kind=step["kind"],
                title=str(step["title"]).strip(),
                minutes=step["minutes"],
                text=str(step["text"]).strip(),
                starts_at=start,
            )
        )
        start += step["minutes"]
    body = data.get("body") or ""
    return Guide(
        slug=data["slug"],
        number=data["number"],
        title=str(data["title"]).strip(),
        duration_minutes=data["duration_minutes"],
        goal=str(data["goal"]).strip(),
        modules=tuple(data["modules"]),
        simulators=tuple(data.get("simulators") or ()),
        material=tuple(Material(key, tuple(data["material"][key])) for key in MATERIAL_KEYS),
        steps=tuple(steps),
        difficulties=tuple(
            Difficulty(str(d["problem"]).strip(), str(d["answer"]).strip())
            for d in data["difficulties"]
        ),
        takeaways=tuple(data["takeaways"]),
        notes_html=content.render_markdown(body) if body.strip() else "",
        notes_text=_plain(body),
    )


@cache
def _cached(root: str) -> GuideTree:
    return read_guides(Path(root), content._cached_tree(root))


@cache
def _cached_guides(root: str, lang: str) -> tuple[Guide, ...]:
    tree = _cached(root)
    built = [_build(tree.data.get((slug, lang)) or tree.data[(slug, "fr")]) for slug in tree.slugs]
    return tuple(sorted(built, key=lambda guide: guide.number))


def guides(lang: str = "fr") -> tuple[Guide, ...]:
    """The readable guides in ``lang`` (French when the English sheet is missing), in order."""
    lang = lang if lang in content.LANGUAGES else "fr"
    return _cached_guides(str(content.content_root()), lang)


def guide(slug: str, lang: str = "fr") -> Guide | None:
    return next((g for g in guides(lang) if g.slug == slug), None)


def course(lang: str = "fr") -> dict:
    """The course the guides belong to: its pathway, and its minutes planned, online
    (estimated), in workshops and in all."""
    tree = _cached(str(content.content_root()))
    workshops = sum(g.duration_minutes for g in guides(lang))
    return {
        "pathway": tree.pathway,
        "planned_minutes": round(tree.course_hours * 60),
        "online_minutes": tree.online_minutes,
        "workshop_minutes": workshops,
        "total_minutes": tree.online_minutes + workshops,
    }


def clear_cache() -> None:
    _cached.cache_clear()
    _cached_guides.cache_clear()


def workshop_prefill(sheet: Guide) -> dict[str, str]:
    """The query string of « Programmer cet atelier »: the workshops app prefills a session with
    it (it may not import this app). ``guide`` is the stable slug; ``title`` and ``minutes``
    are the sheet's; ``modules`` the linked module slugs, comma-separated."""
    return {
        "guide": sheet.slug,
        "title": sheet.title,
        "minutes": str(sheet.duration_minutes),
        "modules": ",".join(sheet.modules),
    }


# ---------------------------------------------------------------------------------------------
# The printed sheet


def sheet_sections(sheet: Guide, module_titles: dict[str, str]) -> list[Section]:
    """The guide as titled parts of plain lines, for the PDF (and its tests)."""
    material_titles = material_labels()
    sections = [
        Section(_("Objectif"), [sheet.goal]),
        Section(
            _("Matériel à préparer"),
            [f"{material_titles[m.key]} : " + " ; ".join(m.items) for m in sheet.material],
        ),
        Section(
            _("Déroulé"),
            [f"{s.span} · {s.title} ({s.minutes} min)\n{s.text}" for s in sheet.steps],
        ),
        Section(
            _("Difficultés fréquentes"),
            [f"{d.problem}\n→ {d.answer}" for d in sheet.difficulties],
        ),
        Section(
            _("Modules et simulateurs liés"),
            [
                _("Modules : %(list)s")
                % {"list": ", ".join(module_titles.get(m, m) for m in sheet.modules)},
                _("Simulateurs : %(list)s")
                % {
                    "list": ", ".join(simulator_labels().get(s, s) for s in sheet.simulators)
                    or _("aucun")
                },
            ],
        ),
        Section(_("Ce que la personne emporte"), [f"• {t}" for t in sheet.takeaways]),
    ]
    if sheet.notes_text:
        sections.append(Section(_("Notes pour l'animateur"), [sheet.notes_text]))
    return sections


def material_labels() -> dict[str, str]:
    return {
        "devices": _("Appareils"),
        "accounts": _("Comptes à préparer"),
        "printed": _("Feuilles imprimées"),
        "wifi": _("Wi-Fi de l'espace"),
    }


def simulator_labels() -> dict[str, str]:
    """Names of the simulators (decision 0014), as their list page says them."""
    return {
        "messagerie": _("Messagerie"),
        "offres-emploi": _("Offres d'emploi"),
        "compte-en-ligne": _("Compte en ligne"),
        "mot-de-passe": _("Mot de passe"),
        "arnaques": _("Arnaques"),
        "entretien-video": _("Entretien en visio"),
    }


def simulator_url(slug: str) -> str:
    """Each simulator's stable address (decision 0014); this app does not import simulators."""
    return f"/learn/simulateurs/{slug}/"


def guide_pdf(sheet: Guide, module_titles: dict[str, str], lang: str = "fr") -> bytes:
    with override(lang):
        pdf = new_document(title=sheet.title, lang=lang)
        pdf.add_page()
        pdf.heading(
            _("Atelier %(number)s · %(title)s") % {"number": sheet.number, "title": sheet.title}
        )
        pdf.paragraph(_("Durée : %(duration)s") % {"duration": sheet.duration})
        pdf.sections(sheet_sections(sheet, module_titles))
        return pdf.to_bytes()
