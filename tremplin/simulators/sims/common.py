"""Reading what a learner wrote, for the checks: greeting, closing, length, file chosen."""

import re

from tremplin.core.text import fold

GREETINGS = ("bonjour", "bonsoir", "madame", "monsieur", "cher ", "chere ", "hello")
CLOSINGS = (
    "cordialement",
    "bien a vous",
    "merci",
    "salutations",
    "bonne journee",
    "bonne soiree",
    "respectueusement",
    "a bientot",
)


def words(text: str) -> int:
    return len(re.findall(r"\w+", text or ""))


def text_facts(text: str) -> dict:
    """Whether a message opens with a greeting and ends politely, and how long it is."""
    lines = [fold(line) for line in (text or "").splitlines() if line.strip()]
    head = lines[0] if lines else ""
    tail = " ".join(lines[-3:]) if lines else ""
    return {
        "greeting": head.startswith(GREETINGS),
        "closing": any(closing in tail for closing in CLOSINGS),
        "words": words(text),
    }


def same_address(typed: str, expected: str) -> bool:
    return (typed or "").strip().lower() == expected.lower()


def is_cv(facts: dict) -> bool:
    """The file is a CV as a PDF: the practice CV, or the learner's own PDF."""
    return facts.get("source") == "sample-cv" or (
        facts.get("source") == "own" and facts.get("kind") == "pdf"
    )
