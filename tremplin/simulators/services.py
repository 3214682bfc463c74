"""Simulator attempts: start, record steps, keep a file, finish, attach to an account, count
what a group found hard."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tremplin.people import services as people_services
from tremplin.people.models import Person
from tremplin.simulators import engine
from tremplin.simulators.models import Attempt, Step, Upload

SESSION_KEY = "simulators"
# A visitor's attempt (no account) is deleted this long after its last step, with its files.
VISITOR_ATTEMPT_DAYS = 7


def _owner_person(user) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        Person.objects.filter(account=user, anonymised_at__isnull=True)
        .select_related("home_space")
        .first()
    )


def _session_ids(session) -> dict:
    return dict(session.get(SESSION_KEY, {})) if session is not None else {}


def current_attempt(request, slug: str) -> Attempt | None:
    """The unfinished attempt of this simulator: the account's, else the session's."""
    user = request.user
    if user.is_authenticated:
        return (
            Attempt.objects.filter(user=user, simulator=slug, finished_at__isnull=True)
            .order_by("-started_at")
            .first()
        )
    pk = _session_ids(request.session).get(slug)
    if pk is None:
        return None
    return Attempt.objects.filter(pk=pk, user__isnull=True, finished_at__isnull=True).first()


def last_finished(request, slug: str) -> Attempt | None:
    user = request.user
    attempts = Attempt.objects.filter(simulator=slug, finished_at__isnull=False)
    if user.is_authenticated:
        return attempts.filter(user=user).order_by("-finished_at").first()
    pk = _session_ids(request.session).get(f"{slug}:done")
    return attempts.filter(pk=pk, user__isnull=True).first() if pk else None


def _forget_old_visitor_attempts(now: datetime) -> None:
    cutoff = now - timedelta(days=VISITOR_ATTEMPT_DAYS)
    old = Attempt.objects.filter(user__isnull=True, updated_at__lt=cutoff)
    Step.objects.filter(attempt__in=old).delete()
    Upload.objects.filter(attempt__in=old).delete()
    old.delete()


@transaction.atomic
def start_attempt(request, slug: str, *, now: datetime | None = None) -> Attempt:
    """A new attempt of the simulator for the account or the session. An unfinished attempt of
    the same simulator (abandoned) is deleted with its steps and files; a visitor's attempts
    untouched for ``VISITOR_ATTEMPT_DAYS`` are deleted too. Keeps the learner's person active."""
    now = now or timezone.now()
    _forget_old_visitor_attempts(now)
    previous = current_attempt(request, slug)
    if previous is not None:
        _delete(previous)
    user = request.user if request.user.is_authenticated else None
    person = _owner_person(user)
    attempt = Attempt.objects.create(
        simulator=slug,
        user=user,
        person=person,
        organisation=person.organisation if person else None,
        space=person.home_space if person else None,
        started_at=now,
        updated_at=now,
    )
    if user is None:
        ids = _session_ids(request.session)
        ids[slug] = attempt.pk
        request.session[SESSION_KEY] = ids
    if person is not None:
        people_services.touch(person, now=now)
    return attempt


def _delete(attempt: Attempt) -> None:
    attempt.steps.all().delete()
    attempt.uploads.all().delete()
    attempt.delete()


def context_of(attempt: Attempt) -> engine.Context:
    steps = tuple(
        engine.StepRecord(action=action, facts=facts, typed=typed)
        for action, facts, typed in attempt.steps.order_by("at", "pk").values_list(
            "action", "facts", "typed"
        )
    )
    uploads = {
        purpose: engine.UploadInfo(purpose=purpose, name=name, kind=kind, size=size)
        for purpose, name, kind, size in attempt.uploads.values_list(
            "purpose", "name", "kind", "size"
        )
    }
    return engine.Context(
        steps=steps,
        uploads=uploads,
        secret_hash=attempt.secret_hash,
        seed=f"{attempt.pk}:{attempt.started_at.isoformat()}",
    )


@transaction.atomic
def record(attempt: Attempt, result: engine.Result, *, now: datetime | None = None) -> Attempt:
    """Saves what an action did: its steps, the file it keeps (replacing the attempt's file of
    the same purpose), the practice password's hash. The attempt row is locked, so two quick
    posts are recorded one after the other. Keeps the learner's person active."""
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    for step in result.steps:
        Step.objects.create(
            organisation_id=attempt.organisation_id,
            attempt=attempt,
            action=step.action,
            facts=dict(step.facts),
            typed=dict(step.typed),
            at=now,
        )
    if result.forget_upload:
        attempt.uploads.filter(purpose=result.forget_upload).delete()
    if result.upload is not None:
        purpose, checked = result.upload
        attempt.uploads.filter(purpose=purpose).delete()
        Upload.objects.create(
            organisation_id=attempt.organisation_id,
            attempt=attempt,
            purpose=purpose,
            name=checked.name,
            kind=checked.kind,
            size=checked.size,
            content=checked.content,
            uploaded_at=now,
        )
    fields = ["updated_at"]
    attempt.updated_at = now
    if result.secret_hash:
        attempt.secret_hash = result.secret_hash
        fields.append("secret_hash")
    attempt.save(update_fields=fields)
    if attempt.person_id is not None:
        people_services.touch(Person(pk=attempt.person_id), now=now)
    return attempt


@transaction.atomic
def finish_attempt(request, attempt: Attempt, *, now: datetime | None = None) -> engine.Review:
    """Checks the attempt's steps, records the verdict and the missed checks, and deletes its
    files (they were kept only for the attempt). Idempotent: a finished attempt keeps its
    first verdict."""
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    simulator = engine.get(attempt.simulator)
    review = simulator.check(context_of(attempt).steps)
    if attempt.finished_at is None:
        attempt.finished_at = now
        attempt.updated_at = now
        attempt.is_passed = review.is_passed
        attempt.failed_checks = review.failed_codes
        attempt.secret_hash = ""
        attempt.save(
            update_fields=["finished_at", "updated_at", "is_passed", "failed_checks", "secret_hash"]
        )
        attempt.uploads.all().delete()
        if attempt.user_id is None:
            ids = _session_ids(request.session)
            ids.pop(attempt.simulator, None)
            ids[f"{attempt.simulator}:done"] = attempt.pk
            request.session[SESSION_KEY] = ids
    return review


def file_of(request, slug: str, purpose: str) -> Upload | None:
    attempt = current_attempt(request, slug)
    return attempt.uploads.filter(purpose=purpose).first() if attempt else None


@transaction.atomic
def attach_session_attempts(session, user) -> int:
    """Gives a visitor's attempts (kept in their session) to the account they just logged in
    with, and to its person: progress made before logging in is not lost. Returns how many."""
    ids = [pk for pk in _session_ids(session).values() if isinstance(pk, int)]
    if not ids:
        return 0
    person = _owner_person(user)
    attempts = Attempt.objects.select_for_update().filter(pk__in=ids, user__isnull=True)
    count = attempts.update(
        user=user,
        person=person,
        organisation=person.organisation if person else None,
        space=person.home_space if person else None,
    )
    if person is not None:
        Step.objects.filter(attempt_id__in=ids).update(organisation=person.organisation)
        Upload.objects.filter(attempt_id__in=ids).update(organisation=person.organisation)
        people_services.touch(person)
    session[SESSION_KEY] = {}
    return count


def attach_on_login(sender, request, user, **kwargs) -> None:
    """Django's ``user_logged_in``: the visitor's attempts become the account's."""
    session = getattr(request, "session", None)
    if session is not None and user.kind == user.Kind.LEARNER:
        attach_session_attempts(session, user)


# ---------------------------------------------------------------------------------------------
# What helpers see


@dataclass
class SimulatorSummary:
    simulator: engine.Simulator
    attempts: int = 0
    finished: int = 0
    passed: int = 0
    people_finished: int = 0
    misses: list = None  # [(label, count)], most frequent first

    @property
    def is_done(self) -> bool:
        return self.passed > 0


def struggles(person_ids) -> list[SimulatorSummary]:
    """For a group of people (one person, a cohort): per simulator, the attempts, those
    finished and passed, how many people finished it, and the checks missed most often (a
    label and a count, most frequent first). One query. The caller has already checked that
    it may see these people (``fetch_person``, a cohort of its spaces)."""
    rows = Attempt.objects.filter(person_id__in=list(person_ids)).values_list(
        "simulator", "person_id", "finished_at", "is_passed", "failed_checks"
    )
    summaries = {slug: SimulatorSummary(sim) for slug, sim in engine.registry().items()}
    counters = {slug: Counter() for slug in summaries}
    finishers = {slug: set() for slug in summaries}
    for slug, person_id, finished_at, is_passed, failed in rows:
        if slug not in summaries:
            continue
        summary = summaries[slug]
        summary.attempts += 1
        if finished_at is not None:
            summary.finished += 1
            summary.passed += bool(is_passed)
            finishers[slug].add(person_id)
            counters[slug].update(failed or [])
    for slug, summary in summaries.items():
        labels = summary.simulator.check_labels
        summary.people_finished = len(finishers[slug])
        summary.misses = [
            (labels.get(code, code), count) for code, count in counters[slug].most_common(5)
        ]
    return list(summaries.values())
