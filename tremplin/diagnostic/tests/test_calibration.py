"""calibrate_items: recovers parameters from answers, reports moves, saves only without --dry-run."""

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from tremplin.diagnostic import bank
from tremplin.diagnostic.calibration import fit_item
from tremplin.diagnostic.engine import logistic
from tremplin.diagnostic.models import DiagnosticSession, ItemCalibration, Response, new_resume_code


def test_fit_item_recovers_known_parameters():
    rng = np.random.default_rng(0)
    thetas = rng.normal(0, 1.2, 3000)
    correct = (rng.random(3000) < logistic(1.8 * (thetas - 0.7))).astype(float)
    a, b = fit_item(thetas, correct, a=1.0, b=0.0)
    assert a == pytest.approx(1.8, abs=0.25)
    assert b == pytest.approx(0.7, abs=0.15)


def distinct_codes(count: int) -> list[str]:
    codes = set()
    while len(codes) < count:
        codes.add(new_resume_code())
    return sorted(codes)


def record_answers(organisation, items, *, shifted: str, by: float, people: int, seed=1):
    """Finished sittings where everyone answered every item, under the files' parameters except
    ``shifted``, whose real difficulty is ``by`` above the file's."""
    rng = np.random.default_rng(seed)
    thetas = rng.normal(0, 1, people)
    now = timezone.now()
    sessions = DiagnosticSession.objects.bulk_create(
        DiagnosticSession(
            organisation=organisation,
            resume_code=code,
            state=DiagnosticSession.State.FINISHED,
            theta=float(theta),
            finished_at=now,
        )
        for code, theta in zip(distinct_codes(people), thetas, strict=True)
    )
    Response.objects.bulk_create(
        Response(
            organisation=organisation,
            session=session,
            item_id=item.id,
            is_correct=bool(
                rng.random()
                < item.guessing
                + (1 - item.guessing)
                * logistic(
                    item.discrimination
                    * (theta - item.difficulty - (by if item.id == shifted else 0.0))
                )
            ),
        )
        for session, theta in zip(sessions, thetas, strict=True)
        for item in items.values()
    )


@pytest.fixture
def answers_off_the_file_values(small_bank, personas):
    """An item whose real difficulty is 1.5 above what the file says."""
    item = small_bank.content.items["information-00"]
    record_answers(
        personas.organisation, small_bank.content.items, shifted=item.id, by=1.5, people=400
    )
    return item


def test_calibrate_items_dry_run_reports_the_move_and_saves_nothing(answers_off_the_file_values):
    output = StringIO()
    call_command("calibrate_items", "--dry-run", stdout=output)
    assert "information-00: a" in output.getvalue()
    assert not ItemCalibration.objects.exists()


def test_calibrate_items_saves_new_parameters_that_override_the_file(answers_off_the_file_values):
    item = answers_off_the_file_values
    call_command("calibrate_items", stdout=StringIO())
    calibration = ItemCalibration.objects.get(item_id=item.id)
    assert calibration.responses == 400
    assert calibration.difficulty == pytest.approx(item.difficulty + 1.5, abs=0.4)
    loaded = bank.current()
    assert loaded.content.items[item.id].difficulty == calibration.difficulty
    assert loaded.engine.b[loaded.engine.index[item.id]] == calibration.difficulty


def test_items_with_too_few_answers_are_left_alone(answers_off_the_file_values):
    output = StringIO()
    call_command("calibrate_items", "--min-responses", "500", stdout=output)
    assert "0 item(s)" in output.getvalue()
    assert not ItemCalibration.objects.exists()
