"""How long a learner needs: an estimate made from the content itself, never declared by hand.

Issue 17 asks ``check_content`` to print each pathway's learner time. The estimate adds:

- the words a learner reads (page titles, lessons, questions, choices, steps, pairs, fill-in
  texts and the feedback of a right answer), at ``WORDS_PER_MINUTE`` (80, a slow reader);
- the time to *do* each exercise beyond reading it (``EXERCISE_MINUTES``, per type: choosing
  one option, ticking several, ordering steps, matching pairs, typing an answer);
- the minutes each guided task states (``kind: task``, 5 to 20: doing a real step on one's own
  phone or the space's computer, such as creating an e-mail address), beside the words of its
  checklist;
- the time of the CV builder (``TOOL_MINUTES``) when a page links to it, once per pathway;
- the time of each simulator a pathway's pages link to (``/learn/simulateurs/<slug>/``), once
  per pathway, from ``SIMULATOR_MINUTES``: the minutes the simulators' decision record
  (``docs/decisions/0014-simulators.md``) gives for one full run of each.

French pages are counted (the learner's language on the platform's first use).
"""

import re
from dataclasses import dataclass, field

from tremplin.learning import content

WORDS_PER_MINUTE = 80
EXERCISE_MINUTES = {"single": 1.0, "multiple": 1.5, "order": 1.5, "match": 1.5, "fill": 1.0}
# One full run of each simulator (decision 0014).
SIMULATOR_MINUTES = {
    "messagerie": 15,
    "offres-emploi": 15,
    "compte-en-ligne": 20,
    "mot-de-passe": 10,
    "arnaques": 15,
    "entretien-video": 10,
}
# Tools that make something real with the learner, by the path the pages link to: filling in
# one's own CV in the CV builder (about 30 boxes, typed slowly).
TOOL_MINUTES = {"/learn/cv/": 30}
SIMULATOR_LINK = re.compile(r"/learn/simulateurs/([a-z0-9-]+)/")
WORD = re.compile(r"[\w'’@.-]+")


def words(text: str) -> int:
    """Words as a reader meets them: « l'adresse » and « francetravail.fr » count once."""
    return len(WORD.findall(text or ""))


def page_words(data: dict) -> int:
    parts = [data.get("title"), data.get("body"), data.get("question"), data.get("text")]
    parts.extend(data.get("steps") or [])
    for name in ("choices", "items"):
        parts.extend(entry.get("text") for entry in data.get(name) or [])
    for pair in data.get("pairs") or []:
        parts.extend([pair.get("left"), pair.get("right")])
    parts.append((data.get("feedback") or {}).get("right"))
    return sum(words(str(part)) for part in parts if part)


@dataclass
class Estimate:
    """Minutes of one module or pathway, by what they come from."""

    words: int = 0
    exercises: int = 0
    exercise_minutes: float = 0.0
    tasks: int = 0
    task_minutes: float = 0.0
    simulators: set[str] = field(default_factory=set)
    tools: set[str] = field(default_factory=set)

    @property
    def reading_minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE

    @property
    def simulator_minutes(self) -> float:
        return sum(SIMULATOR_MINUTES.get(slug, 0) for slug in self.simulators)

    @property
    def tool_minutes(self) -> float:
        return sum(TOOL_MINUTES[path] for path in self.tools)

    @property
    def minutes(self) -> float:
        return (
            self.reading_minutes
            + self.exercise_minutes
            + self.task_minutes
            + self.simulator_minutes
            + self.tool_minutes
        )

    def add(self, other: "Estimate") -> None:
        self.words += other.words
        self.exercises += other.exercises
        self.exercise_minutes += other.exercise_minutes
        self.tasks += other.tasks
        self.task_minutes += other.task_minutes
        self.simulators |= other.simulators
        self.tools |= other.tools


def module_estimate(tree: content.Tree, slug: str, lang: str = "fr") -> Estimate:
    estimate = Estimate()
    for stem in tree.modules.get(slug, {}).get("pages") or []:
        data = tree.pages.get((slug, stem, lang))
        if data is None:
            continue
        estimate.words += page_words(data)
        if data.get("kind") == "exercise":
            estimate.exercises += 1
            estimate.exercise_minutes += EXERCISE_MINUTES.get(str(data.get("type")), 1.0)
        elif data.get("kind") == "task":
            estimate.tasks += 1
            estimate.task_minutes += int(data.get("minutes") or 0)
        body = str(data.get("body") or "")
        estimate.simulators |= set(SIMULATOR_LINK.findall(body))
        estimate.tools |= {path for path in TOOL_MINUTES if f"({path})" in body}
    return estimate


def pathway_estimate(tree: content.Tree, slug: str, lang: str = "fr") -> Estimate:
    estimate = Estimate()
    for module_slug in tree.pathways.get(slug, {}).get("modules") or []:
        estimate.add(module_estimate(tree, module_slug, lang))
    return estimate


def duration(minutes: float) -> str:
    """« 12 h 05 » or « 45 min »."""
    total = round(minutes)
    hours, rest = divmod(total, 60)
    return f"{hours} h {rest:02d}" if hours else f"{rest} min"


def pathway_report(tree: content.Tree) -> list[str]:
    """One readable line per pathway, for ``check_content``."""
    lines = []
    for slug in sorted(tree.pathways):
        estimate = pathway_estimate(tree, slug)
        simulators = ", ".join(sorted(estimate.simulators)) or "none"
        lines.append(
            f"pathway {slug}: about {duration(estimate.minutes)} of learner time "
            f"({estimate.words} words at {WORDS_PER_MINUTE}/min = "
            f"{duration(estimate.reading_minutes)}, {estimate.exercises} exercises = "
            f"{duration(estimate.exercise_minutes)}, {estimate.tasks} guided tasks = "
            f"{duration(estimate.task_minutes)}, simulators ({simulators}) = "
            f"{duration(estimate.simulator_minutes)}, CV builder = "
            f"{duration(estimate.tool_minutes)})"
        )
    return lines
