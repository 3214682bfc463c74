"""Learning content as data: the tree under ``content/learning/`` read once per process.

The contract is ``content/learning/README.md``. ``read_tree`` parses the whole tree and returns the
pathways and modules it could build together with every problem it met, in readable sentences;
``catalogue(lang)`` is the cached, per-language view the pages use (French when a text lacks its
English version); ``manage.py check_content`` prints the problems and fails when there are any.

Markdown is rendered with raw HTML escaped and only http(s), relative and ``mailto:`` links kept:
content is reviewed, but a slip must never reach a learner's browser as markup.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import markdown
import yaml
from django.conf import settings
from markdown.treeprocessors import Treeprocessor

LANGUAGES = ("fr", "en")
KINDS = {"lesson", "exercise", "task"}
EXERCISE_TYPES = {"single", "multiple", "order", "match", "fill"}
AUDIENCES = {"learners", "helpers"}
PROFILES = {"excluded", "beginner", "advanced"}
BLANK = "___"
# A guided task on the learner's own phone or the space's computer states an honest duration.
TASK_MINUTES = range(5, 21)
PICTURE_MAX_BYTES = 3 * 1024
SAFE_LINK = re.compile(r"^(https?://|/|#|mailto:|[\w./-]+$)", re.IGNORECASE)


def content_root() -> Path:
    return Path(
        getattr(settings, "LEARNING_CONTENT_DIR", settings.BASE_DIR / "content" / "learning")
    )


# ---------------------------------------------------------------------------------------------
# What the pages use


@dataclass(frozen=True)
class Option:
    key: str
    text: str
    why: str = ""  # choices only: why this option is right or wrong, shown when it is chosen


@dataclass(frozen=True)
class Pair:
    key: str
    left: str
    right: str


@dataclass(frozen=True)
class Page:
    module_slug: str
    stem: str
    number: int  # 1-based position in the module
    kind: str
    title: str
    body_html: str = ""
    illustration: str = ""
    alt: str = ""
    type: str = ""
    question: str = ""
    choices: tuple[Option, ...] = ()
    answer: tuple = ()
    items: tuple[Option, ...] = ()
    pairs: tuple[Pair, ...] = ()
    text: str = ""
    feedback_right: str = ""
    feedback_wrong: str = ""
    minutes: int = 0  # tasks only: the time the task takes on the device
    steps: tuple[str, ...] = ()  # tasks only: the checklist

    @property
    def is_exercise(self) -> bool:
        """Answered and recorded: exercises, and tasks (« Je l'ai fait » or « J'ai besoin
        d'aide », recorded like a right or a wrong answer)."""
        return self.kind in {"exercise", "task"}

    @property
    def is_task(self) -> bool:
        return self.kind == "task"

    @property
    def text_parts(self) -> list[str]:
        """The fill-in sentence cut at each blank: n blanks give n + 1 parts."""
        return self.text.split(BLANK)


@dataclass(frozen=True)
class Module:
    slug: str
    title: str
    summary: str
    minutes: int
    competences: tuple[str, ...]
    icon: str
    pages: tuple[Page, ...]

    def page(self, stem: str) -> Page | None:
        return next((page for page in self.pages if page.stem == stem), None)

    def page_after(self, page: Page) -> Page | None:
        return self.pages[page.number] if page.number < len(self.pages) else None


@dataclass(frozen=True)
class Pathway:
    slug: str
    title: str
    summary: str
    audience: str
    profiles: tuple[str, ...]
    modules: tuple[Module, ...]
    # Recommended to job seekers only (``job_seekers: true`` in the pathway file).
    is_for_job_seekers: bool = False

    @property
    def minutes(self) -> int:
        return sum(module.minutes for module in self.modules)

    @property
    def module_slugs(self) -> list[str]:
        return [module.slug for module in self.modules]


@dataclass
class Catalogue:
    pathways: dict[str, Pathway] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)

    def pathways_with(self, module_slug: str) -> list[Pathway]:
        return [p for p in self.pathways.values() if module_slug in p.module_slugs]


@dataclass
class Tree:
    """The raw tree: per language data, pictures, and the problems met while reading it."""

    root: Path
    modules: dict[str, dict] = field(default_factory=dict)  # slug → module.yaml data
    pages: dict[tuple[str, str, str], dict] = field(default_factory=dict)  # (slug, stem, lang)
    pathways: dict[str, dict] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")


# ---------------------------------------------------------------------------------------------
# Reading


class _SafeLinks(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not SAFE_LINK.match(value.strip()):
                    element.set(attribute, "#")


def render_markdown(text: str) -> str:
    """Markdown to HTML with raw HTML shown as text and unsafe links neutralised."""
    renderer = markdown.Markdown(extensions=[], output_format="html")
    renderer.preprocessors.deregister("html_block")
    renderer.inlinePatterns.deregister("html")
    renderer.treeprocessors.register(_SafeLinks(renderer), "safe_links", 0)
    return renderer.convert(text)


def split_front_matter(source: str) -> tuple[dict, str]:
    """``---`` YAML ``---`` then Markdown. Raises ValueError with a readable reason."""
    if not source.startswith("---"):
        raise ValueError("the file must start with a '---' line (YAML front matter)")
    parts = source.split("\n---", 1)
    if len(parts) != 2:
        raise ValueError("the front matter has no closing '---' line")
    head = parts[0][3:]
    body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    try:
        data = yaml.safe_load(head) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"unreadable YAML front matter ({error.__class__.__name__})") from error
    if not isinstance(data, dict):
        raise ValueError("the front matter must be a mapping of fields")
    return data, body


def _load_yaml(path: Path, tree: Tree) -> dict | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        tree.problem(_rel(tree, path), f"unreadable YAML ({error.__class__.__name__})")
        return None
    if not isinstance(data, dict):
        tree.problem(_rel(tree, path), "must be a mapping of fields")
        return None
    return data


def _rel(tree: Tree, path: Path) -> str:
    try:
        return path.relative_to(tree.root).as_posix()
    except ValueError:
        return str(path)


def read_tree(root: Path | None = None) -> Tree:
    """Reads every module and pathway; never raises on bad content, records problems instead."""
    tree = Tree(root=Path(root or content_root()))
    modules_dir, pathways_dir = tree.root / "modules", tree.root / "pathways"
    if not modules_dir.is_dir():
        tree.problem("modules", "the folder is missing")
    else:
        for folder in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
            _read_module(tree, folder)
    if not pathways_dir.is_dir():
        tree.problem("pathways", "the folder is missing")
    else:
        for path in sorted(pathways_dir.glob("*.yaml")):
            _read_pathway(tree, path)
    return tree


def _check_translated(tree: Tree, where: str, data: dict, name: str) -> None:
    value = data.get(name)
    if not isinstance(value, dict) or not str(value.get("fr") or "").strip():
        tree.problem(where, f"'{name}' needs a French text ({name}: {{fr: …, en: …}})")
    elif not str(value.get("en") or "").strip():
        tree.problem(where, f"'{name}' has no English translation")


def _read_module(tree: Tree, folder: Path) -> None:
    where = f"modules/{folder.name}/module.yaml"
    if not (folder / "module.yaml").is_file():
        tree.problem(f"modules/{folder.name}", "module.yaml is missing")
        return
    data = _load_yaml(folder / "module.yaml", tree)
    if data is None:
        return
    if data.get("slug") != folder.name:
        tree.problem(where, f"slug '{data.get('slug')}' must be the folder name '{folder.name}'")
    for name in ("title", "summary"):
        _check_translated(tree, where, data, name)
    minutes = data.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        tree.problem(where, "'minutes' must be a positive whole number")
    competences = data.get("competences", [])
    if not isinstance(competences, list) or not all(isinstance(c, str) for c in competences):
        tree.problem(where, "'competences' must be a list of competence codes")
    icon = data.get("icon")
    if not isinstance(icon, str) or icon not in icon_names():
        tree.problem(where, f"icon '{icon}' is not a symbol of static/img/icons.svg")
    pages = data.get("pages")
    if not isinstance(pages, list) or not pages or not all(isinstance(p, str) for p in pages):
        tree.problem(where, "'pages' must list the page stems in order")
        return
    if len(set(pages)) != len(pages):
        tree.problem(where, "a page is listed twice in 'pages'")
    tree.modules[folder.name] = data
    for stem in pages:
        for lang in LANGUAGES:
            _read_page(tree, folder, stem, lang)
        _compare_languages(tree, folder.name, stem)


def _read_page(tree: Tree, folder: Path, stem: str, lang: str) -> None:
    path = folder / f"{stem}.{lang}.md"
    where = f"modules/{folder.name}/{path.name}"
    if not path.is_file():
        if lang == "fr":
            tree.problem(where, "the page is missing")
        else:
            tree.problem(where, "the English translation is missing")
        return
    try:
        data, body = split_front_matter(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        tree.problem(where, str(error))
        return
    kind = data.get("kind")
    if kind not in KINDS:
        tree.problem(where, f"kind '{kind}' must be lesson, exercise or task")
        return
    if not str(data.get("title") or "").strip():
        tree.problem(where, "the page needs a title")
        return
    problems_before = len(tree.problems)
    if data.get("illustration"):
        _check_picture(tree, folder, where, data)
    if kind == "lesson" and not body.strip():
        tree.problem(where, "a lesson needs a text under the front matter")
    if kind == "exercise":
        _check_exercise(tree, where, data)
    if kind == "task":
        _check_task(tree, where, data)
    if len(tree.problems) == problems_before:
        data["body"] = body
        tree.pages[(folder.name, stem, lang)] = data


def _keys(entries) -> list[str] | None:
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return None
    return [str(entry.get("key", "")) for entry in entries]


def _check_exercise(tree: Tree, where: str, data: dict) -> None:
    kind = data.get("type")
    if kind not in EXERCISE_TYPES:
        tree.problem(where, f"type '{kind}' must be one of {', '.join(sorted(EXERCISE_TYPES))}")
        return
    if not str(data.get("question") or "").strip():
        tree.problem(where, "the exercise needs a question")
    feedback = data.get("feedback")
    if not isinstance(feedback, dict) or not feedback.get("right") or not feedback.get("wrong"):
        tree.problem(where, "feedback needs a 'right' and a 'wrong' text")
    if kind in {"single", "multiple"}:
        keys = _keys(data.get("choices"))
        if not keys or len(keys) < 2 or any(not k for k in keys):
            tree.problem(where, "'choices' needs at least two entries {key, text}")
            return
        if any(not str(c.get("text") or "").strip() for c in data["choices"]):
            tree.problem(where, "every choice needs a text")
        answer = data.get("answer")
        answer = [answer] if isinstance(answer, str) else answer
        if not isinstance(answer, list) or not answer:
            tree.problem(where, "'answer' must list the right key(s)")
        elif any(str(a) not in keys for a in answer):
            tree.problem(where, f"'answer' {answer} names a key that is not a choice")
        elif kind == "single" and len(answer) != 1:
            tree.problem(where, "a single-choice exercise has exactly one right key")
        if len(set(keys)) != len(keys):
            tree.problem(where, "two choices share a key")
    elif kind == "order":
        keys = _keys(data.get("items"))
        if not keys or len(keys) < 2 or any(not k for k in keys) or len(set(keys)) != len(keys):
            tree.problem(where, "'items' needs at least two entries {key, text} with unique keys")
    elif kind == "match":
        keys = _keys(data.get("pairs"))
        if not keys or len(keys) < 2 or any(not k for k in keys) or len(set(keys)) != len(keys):
            tree.problem(where, "'pairs' needs at least two entries {key, left, right}")
        elif any(not p.get("left") or not p.get("right") for p in data["pairs"]):
            tree.problem(where, "every pair needs a 'left' and a 'right' text")
    elif kind == "fill":
        text = str(data.get("text") or "")
        blanks = text.count(BLANK)
        answer = data.get("answer")
        if blanks == 0:
            tree.problem(where, f"'text' needs at least one blank written {BLANK}")
        elif (
            not isinstance(answer, list)
            or len(answer) != blanks
            or not all(isinstance(a, list) and a for a in answer)
        ):
            tree.problem(where, f"'answer' needs one list of accepted answers per blank ({blanks})")


def _check_task(tree: Tree, where: str, data: dict) -> None:
    """A task: what to do on one's own device, a checklist, an honest duration, and what the
    page says after « Je l'ai fait » (``feedback.right``) or « J'ai besoin d'aide » (``wrong``)."""
    minutes = data.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes not in TASK_MINUTES:
        tree.problem(
            where,
            f"a task states its 'minutes', a whole number from {TASK_MINUTES.start} "
            f"to {TASK_MINUTES.stop - 1}",
        )
    steps = data.get("steps")
    if (
        not isinstance(steps, list)
        or not steps
        or not all(isinstance(s, str) and s.strip() for s in steps)
    ):
        tree.problem(where, "a task needs 'steps': the checklist, one text per step")
    feedback = data.get("feedback")
    if not isinstance(feedback, dict) or not feedback.get("right") or not feedback.get("wrong"):
        tree.problem(where, "feedback needs a 'right' (done) and a 'wrong' (help) text")


def _exercise_shape(data: dict) -> tuple:
    kind = data.get("kind")
    if kind == "task":
        return (kind, data.get("minutes"), len(data.get("steps") or ()))
    if kind != "exercise":
        return (kind,)
    shape = [kind, data.get("type")]
    for name in ("choices", "items", "pairs"):
        shape.append(tuple(_keys(data.get(name)) or ()))
    if data.get("type") in {"single", "multiple"}:
        answer = data.get("answer")
        shape.append(tuple(sorted(map(str, [answer] if isinstance(answer, str) else answer))))
    if data.get("type") == "fill":
        shape.append(str(data.get("text")).count(BLANK))
    return tuple(shape)


def _compare_languages(tree: Tree, slug: str, stem: str) -> None:
    french, english = tree.pages.get((slug, stem, "fr")), tree.pages.get((slug, stem, "en"))
    if french and english and _exercise_shape(french) != _exercise_shape(english):
        tree.problem(
            f"modules/{slug}/{stem}.en.md",
            "kind, type, keys, answer or number of blanks differ from the French page",
        )
        del tree.pages[(slug, stem, "en")]


def _check_picture(tree: Tree, folder: Path, where: str, data: dict) -> None:
    name = str(data["illustration"])
    path = folder / name
    if "/" in name or not name.endswith(".svg"):
        tree.problem(where, f"illustration '{name}' must be an SVG file of the module folder")
        return
    if not path.is_file():
        tree.problem(where, f"illustration '{name}' is missing")
        return
    if not str(data.get("alt") or "").strip():
        tree.problem(where, f"illustration '{name}' needs an 'alt' text")
    for problem in svg_problems(path.read_bytes()):
        tree.problem(f"modules/{folder.name}/{name}", problem)


def svg_problems(source: bytes) -> list[str]:
    """An illustration is a small, inert SVG: no script, no style, no event handler, no link out."""
    problems = []
    if len(source) > PICTURE_MAX_BYTES:
        problems.append(f"{len(source)} bytes, more than {PICTURE_MAX_BYTES}")
    try:
        root = ElementTree.fromstring(source)
    except ElementTree.ParseError:
        return [*problems, "not a well-formed SVG file"]
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in {"script", "style", "foreignobject"}:
            problems.append(f"contains a <{tag}> element")
        for attribute, value in element.attrib.items():
            name = attribute.rsplit("}", 1)[-1].lower()
            if name == "style":
                problems.append("contains a style attribute")
            elif name.startswith("on"):
                problems.append(f"contains an event handler ({name})")
            elif name == "href" and not value.startswith("#"):
                problems.append("links outside the picture")
    return problems


def _read_pathway(tree: Tree, path: Path) -> None:
    where = f"pathways/{path.name}"
    data = _load_yaml(path, tree)
    if data is None:
        return
    if data.get("slug") != path.stem:
        tree.problem(where, f"slug '{data.get('slug')}' must be the file name '{path.stem}'")
    for name in ("title", "summary"):
        _check_translated(tree, where, data, name)
    if data.get("audience") not in AUDIENCES:
        tree.problem(where, "'audience' must be learners or helpers")
    profiles = data.get("profiles", [])
    if not isinstance(profiles, list) or set(profiles) - PROFILES:
        tree.problem(where, "'profiles' may only hold excluded, beginner, advanced")
    modules = data.get("modules")
    if not isinstance(modules, list) or not modules:
        tree.problem(where, "'modules' must list module slugs in order")
        return
    for slug in modules:
        if slug not in tree.modules:
            tree.problem(where, f"unknown module '{slug}'")
    tree.pathways[path.stem] = data


# ---------------------------------------------------------------------------------------------
# Building the per-language catalogue


def _text(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("fr") or "")
    return str(value or "")


def _page(slug: str, stem: str, number: int, data: dict) -> Page:
    feedback = data.get("feedback") or {}
    answer = data.get("answer") or ()
    if data.get("type") in {"single", "multiple"}:
        answer = tuple(str(a) for a in ([answer] if isinstance(answer, str) else answer))
    elif data.get("type") == "fill":
        answer = tuple(tuple(str(a) for a in accepted) for accepted in answer)
    return Page(
        module_slug=slug,
        stem=stem,
        number=number,
        kind=data["kind"],
        title=str(data["title"]),
        body_html=render_markdown(data.get("body", "")) if data.get("body", "").strip() else "",
        illustration=str(data.get("illustration") or ""),
        alt=str(data.get("alt") or ""),
        type="task" if data["kind"] == "task" else str(data.get("type") or ""),
        question=str(data.get("question") or ""),
        choices=tuple(
            Option(str(c["key"]), str(c["text"]), str(c.get("why") or ""))
            for c in data.get("choices") or ()
        ),
        answer=tuple(answer),
        items=tuple(Option(str(i["key"]), str(i["text"])) for i in data.get("items") or ()),
        pairs=tuple(
            Pair(str(p["key"]), str(p["left"]), str(p["right"])) for p in data.get("pairs") or ()
        ),
        text=str(data.get("text") or ""),
        feedback_right=str(feedback.get("right") or ""),
        feedback_wrong=str(feedback.get("wrong") or ""),
        minutes=data["minutes"] if data["kind"] == "task" else 0,
        steps=tuple(str(step) for step in data.get("steps") or ()),
    )


def build_catalogue(tree: Tree, lang: str) -> Catalogue:
    """Modules whose every page is readable, and pathways whose every module exists."""
    catalogue = Catalogue()
    for slug, data in tree.modules.items():
        pages = []
        for number, stem in enumerate(data["pages"], start=1):
            page = tree.pages.get((slug, stem, lang)) or tree.pages.get((slug, stem, "fr"))
            if page is None:
                break
            pages.append(_page(slug, stem, number, page))
        else:
            catalogue.modules[slug] = Module(
                slug=slug,
                title=_text(data.get("title"), lang),
                summary=_text(data.get("summary"), lang),
                minutes=data.get("minutes") if isinstance(data.get("minutes"), int) else 0,
                competences=tuple(data.get("competences") or ()),
                icon=str(data.get("icon") or "learn"),
                pages=tuple(pages),
            )
    for slug, data in tree.pathways.items():
        if not all(m in catalogue.modules for m in data["modules"]):
            continue
        catalogue.pathways[slug] = Pathway(
            slug=slug,
            title=_text(data.get("title"), lang),
            summary=_text(data.get("summary"), lang),
            audience=str(data.get("audience") or "learners"),
            profiles=tuple(data.get("profiles") or ()),
            modules=tuple(catalogue.modules[m] for m in data["modules"]),
            is_for_job_seekers=bool(data.get("job_seekers")),
        )
    return catalogue


@cache
def _cached_tree(root: str) -> Tree:
    return read_tree(Path(root))


@cache
def _cached_catalogue(root: str, lang: str) -> Catalogue:
    return build_catalogue(_cached_tree(root), lang)


def catalogue(lang: str = "fr") -> Catalogue:
    """The content in ``lang`` (French where a text is missing), parsed once per process."""
    lang = lang if lang in LANGUAGES else "fr"
    return _cached_catalogue(str(content_root()), lang)


def picture_path(module_slug: str, name: str) -> Path | None:
    """The file of an illustration that a readable page of the module uses, or None."""
    tree = _cached_tree(str(content_root()))
    used = {
        data.get("illustration")
        for (slug, _stem, _lang), data in tree.pages.items()
        if slug == module_slug
    }
    if name not in used:
        return None
    return tree.root / "modules" / module_slug / name


def clear_cache() -> None:
    _cached_tree.cache_clear()
    _cached_catalogue.cache_clear()


@cache
def icon_names() -> frozenset[str]:
    icons = settings.BASE_DIR / "tremplin" / "static" / "img" / "icons.svg"
    return frozenset(re.findall(r'<symbol id="([^"]+)"', icons.read_text(encoding="utf-8")))


def competence_codes(diagnostic_root: Path | None = None) -> set[str] | None:
    """Codes of content/diagnostic/framework.yaml (areas and competences), None without it."""
    path = (diagnostic_root or content_root().parent / "diagnostic") / "framework.yaml"
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    codes = set()
    for area in data.get("areas") or []:
        codes.add(str(area.get("code")))
        codes.update(str(c.get("code")) for c in area.get("competences") or [])
    return codes
