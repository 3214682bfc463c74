"""The shape every simulator shares, and the registry of the six.

A simulator (one module of ``sims/``) is three functions over plain data:

- ``show(screen, context, form=None, query=None) -> Page``: what a screen displays, computed
  from the steps recorded so far (a simulator keeps no other state);
- ``act(screen, context, data, files) -> Result``: what a POST on a screen does: the steps it
  records, the file it keeps, the next screen (or ``FINISH``), or ``Invalid`` with the bound
  form when the input is malformed (nothing is recorded then);
- ``check(steps) -> Review``: the pure verdict over the recorded steps, each ``Finding`` a
  stable ``code`` (what the helpers' view counts) and a plain sentence for the learner.

Steps are ``StepRecord(action, facts, typed)``: the check reads ``facts`` only; ``typed`` is
what the learner wrote, shown back on the simulated screens.
"""

import hashlib
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

from django.utils.functional import Promise

FINISH = "bilan"


@dataclass(frozen=True)
class StepRecord:
    action: str
    facts: Mapping = field(default_factory=dict)
    typed: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class UploadInfo:
    purpose: str
    name: str
    kind: str
    size: int


@dataclass(frozen=True)
class Context:
    """What a simulator sees of an attempt."""

    steps: tuple[StepRecord, ...] = ()
    uploads: Mapping[str, UploadInfo] = field(default_factory=dict)
    secret_hash: str = ""
    seed: str = ""  # stable per attempt: shuffles and generated codes

    def done(self, action: str, **facts) -> bool:
        """Whether a step ``action`` with these facts was recorded."""
        return any(
            step.action == action and all(step.facts.get(k) == v for k, v in facts.items())
            for step in self.steps
        )

    def last(self, action: str) -> StepRecord | None:
        return next((s for s in reversed(self.steps) if s.action == action), None)

    def shuffled(self, items, salt: str = "") -> list:
        items = list(items)
        digest = hashlib.sha256(f"{self.seed}:{salt}".encode()).digest()
        random.Random(int.from_bytes(digest[:8], "big")).shuffle(items)
        return items

    def code(self, salt: str = "code", digits: int = 6) -> str:
        digest = hashlib.sha256(f"{self.seed}:{salt}".encode()).digest()
        return f"{int.from_bytes(digest[:8], 'big') % 10**digits:0{digits}d}"


@dataclass(frozen=True)
class Page:
    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str
    content_type: str = "application/pdf"


@dataclass(frozen=True)
class Result:
    steps: tuple[StepRecord, ...] = ()
    next: str = ""  # a screen name (with an optional "?query"), or FINISH
    upload: tuple[str, object] | None = None  # (purpose, uploads.CheckedFile)
    forget_upload: str = ""  # purpose of a kept file to delete
    secret_hash: str = ""
    download: Download | None = None
    # A mistake worth recording (a weak password refused): the steps are saved and this bound
    # form, with its errors, is shown again instead of redirecting.
    form: object = None


class Invalid(Exception):
    """Malformed input on a screen: the bound form (with its errors) to show again."""

    def __init__(self, form):
        super().__init__("invalid")
        self.form = form


@dataclass(frozen=True)
class Finding:
    code: str
    is_ok: bool
    text: str | Promise


@dataclass(frozen=True)
class Review:
    findings: tuple[Finding, ...]

    @property
    def is_passed(self) -> bool:
        return all(finding.is_ok for finding in self.findings)

    @property
    def failed_codes(self) -> list[str]:
        return [finding.code for finding in self.findings if not finding.is_ok]

    @property
    def done(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_ok]

    @property
    def missed(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.is_ok]


def finding(code: str, is_ok: bool, ok_text, missed_text) -> Finding:
    return Finding(code=code, is_ok=is_ok, text=ok_text if is_ok else missed_text)


@dataclass(frozen=True)
class Simulator:
    slug: str
    title: str | Promise
    summary: str | Promise
    minutes: int
    icon: str
    tasks: tuple
    first_screen: str
    screens: frozenset
    show: Callable[..., Page]
    act: Callable[..., Result]
    check: Callable[[tuple[StepRecord, ...]], Review]
    # Labels of the checks, for the helpers' view (code -> short text).
    check_labels: Mapping = field(default_factory=dict)


@cache
def registry() -> dict[str, Simulator]:
    """The six simulators, in the order of the job-seeker pathway."""
    from tremplin.simulators.sims import (
        account,
        interview,
        jobboard,
        passwords,
        scams,
        webmail,
    )

    return {
        sim.SIMULATOR.slug: sim.SIMULATOR
        for sim in (webmail, jobboard, account, passwords, scams, interview)
    }


def get(slug: str) -> Simulator | None:
    return registry().get(slug)
