"""Demo network, diagnostic: finished diagnostics for about two people in three, each simulated
by the real engine on the real bank from an ability drawn for the person; one in four of them
came back for a re-test that shows progress. Ahmed Diallo (the ``apprenant`` account) has two."""

import datetime

import numpy as np
from django.utils import timezone

from tremplin.diagnostic import bank as current_bank
from tremplin.diagnostic.engine import Diagnosis, logistic, prior_from_screening
from tremplin.diagnostic.models import (
    RESUME_ALPHABET,
    RESUME_CODE_LENGTH,
    DiagnosticSession,
    Response,
)
from tremplin.spaces.models import Membership

SHARE_DIAGNOSED = 0.65
SHARE_RETESTED = 0.25
EMAIL_USES = ("never", "with_help", "alone")
LEARNER_SEED = 2026


def seed(network) -> None:
    people = list(getattr(network, "people", []))
    organisation = network.organisation
    if DiagnosticSession.objects.filter(organisation=organisation).exists():
        return
    rng = network.rng
    numbers = np.random.default_rng(rng.randint(0, 2**31))
    loaded = current_bank.current()
    helpers = _helpers_by_space(organisation)
    codes = set()
    now = timezone.now()
    learner = getattr(network, "learner_person", None)
    count = 0
    for person in people:
        is_learner = learner is not None and person.pk == learner.pk
        if not is_learner and rng.random() > SHARE_DIAGNOSED:
            continue
        theta = -0.9 if is_learner else float(numbers.normal(-0.4, 1.3))
        days_ago = rng.randint(90, 330)
        helper = rng.choice(helpers.get(person.home_space_id, [None]))
        first = _sitting(person, theta, now - datetime.timedelta(days=days_ago), helper, None)
        sessions = [first]
        if is_learner or rng.random() < SHARE_RETESTED:
            later = now - datetime.timedelta(days=rng.randint(5, days_ago - 60))
            gain = 0.6 if is_learner else 0.9
            sessions.append(_sitting(person, theta + gain, later, helper, first))
        # The demo learner's answers come from their own generator, so that their profile
        # (beginner, then progress) does not move when other demo data changes.
        draws = np.random.default_rng(LEARNER_SEED) if is_learner else numbers
        for sitting in sessions:
            _record(sitting, loaded, draws, rng, codes)
            count += 1
    network.stdout.write(f"  diagnostic: {count} finished diagnostics")


def _helpers_by_space(organisation) -> dict:
    helpers = {}
    for membership in Membership.objects.filter(organisation=organisation).select_related("user"):
        helpers.setdefault(membership.space_id, []).append(membership.user)
    return helpers


def _sitting(person, theta, finished_at, helper, previous) -> dict:
    return {
        "person": person,
        "theta": theta,
        "finished_at": finished_at,
        "helper": helper,
        "previous": previous,
    }


def _record(sitting: dict, loaded, numbers, rng, codes: set) -> None:
    person, theta = sitting["person"], sitting["theta"]
    has_smartphone = bool(numbers.random() < logistic(2.0 * (theta + 1.6)))
    email_use = EMAIL_USES[int(np.clip(round(theta + 1.0), 0, 2))]
    mean, sd = prior_from_screening(has_smartphone=has_smartphone, email_use=email_use)
    diagnosis = Diagnosis(loaded.engine, prior_mean=mean, prior_sd=sd)
    engine = loaded.engine
    while (item_id := diagnosis.next_item()) is not None:
        i = engine.index[item_id]
        diagnosis.answer(
            item_id, bool(numbers.random() < logistic(engine.a[i] * (theta - engine.b[i])))
        )
    result = diagnosis.result()
    code = _code(rng, codes)
    finished_at = sitting["finished_at"]
    session = DiagnosticSession.objects.create(
        organisation_id=person.organisation_id,
        space_id=person.home_space_id,
        person=person,
        helper=sitting["helper"],
        previous=sitting["previous"]["session"] if sitting["previous"] else None,
        resume_code=code,
        state=DiagnosticSession.State.FINISHED,
        has_smartphone=has_smartphone,
        email_use=email_use,
        prior_mean=mean,
        prior_sd=sd,
        item_parameters={
            engine.ids[i]: [float(engine.a[i]), float(engine.b[i])] for i in diagnosis.asked
        },
        profile=result.profile,
        theta=result.theta,
        se=result.se,
        area_levels=result.levels,
        area_thetas=result.area_thetas,
        area_answers=result.area_answers,
        probabilities=result.probabilities,
        stop_reason=result.stop_reason,
        started_at=finished_at - datetime.timedelta(minutes=diagnosis.count),
        finished_at=finished_at,
    )
    sitting["session"] = session
    Response.objects.bulk_create(
        Response(
            organisation_id=person.organisation_id,
            session=session,
            item_id=engine.ids[i],
            answer=loaded.content.items[engine.ids[i]].text("fr")["answer"] if is_correct else [],
            is_correct=is_correct,
            is_dont_know=not is_correct,
            at=session.started_at + datetime.timedelta(seconds=40 * step),
        )
        for step, (i, is_correct) in enumerate(zip(diagnosis.asked, diagnosis.correct, strict=True))
    )


def _code(rng, codes: set) -> str:
    while True:
        code = "".join(rng.choice(RESUME_ALPHABET) for _ in range(RESUME_CODE_LENGTH))
        if code not in codes:
            codes.add(code)
            return code
