"""Re-estimates item parameters from recorded answers (``manage.py calibrate_items``).

Joint estimation in its simplest sound form: each finished sitting's ability is fixed at its
final EAP estimate, then each item's 2PL parameters maximise the likelihood of its answers
(SciPy's L-BFGS-B, bounded to the ranges of the content contract, with a weak pull towards the
current values so that an item with few or lopsided answers does not drift to a bound).
"""

from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone
from scipy.optimize import minimize
from scipy.special import expit, log_expit

from tremplin.diagnostic import bank as current_bank
from tremplin.diagnostic.content import DIFFICULTY_RANGE, DISCRIMINATION_RANGE
from tremplin.diagnostic.models import DiagnosticSession, ItemCalibration, Response

MOVED_BY = 0.3  # a change of a or b larger than this is reported as a move
PULL = 0.05  # weight of the pull towards the current values (a weak normal prior)


@dataclass(frozen=True)
class Estimate:
    item_id: str
    responses: int
    old_a: float
    old_b: float
    new_a: float
    new_b: float

    @property
    def moved(self) -> bool:
        return abs(self.new_a - self.old_a) > MOVED_BY or abs(self.new_b - self.old_b) > MOVED_BY


def fit_item(thetas: np.ndarray, correct: np.ndarray, *, a: float, b: float) -> tuple[float, float]:
    """Maximum likelihood (a, b) for one item, given the abilities of those who answered it."""

    def loss(params):
        slope, location = params
        z = slope * (thetas - location)
        log_likelihood = np.sum(correct * log_expit(z) + (1 - correct) * log_expit(-z))
        return -log_likelihood + PULL * ((slope - a) ** 2 + (location - b) ** 2)

    def gradient(params):
        slope, location = params
        residual = correct - expit(slope * (thetas - location))
        return np.array(
            [
                -np.sum(residual * (thetas - location)) + 2 * PULL * (slope - a),
                np.sum(residual * slope) + 2 * PULL * (location - b),
            ]
        )

    result = minimize(
        loss,
        x0=np.array([a, b]),
        jac=gradient,
        method="L-BFGS-B",
        bounds=[DISCRIMINATION_RANGE, DIFFICULTY_RANGE],
    )
    return float(result.x[0]), float(result.x[1])


def estimate_items(*, min_responses: int) -> list[Estimate]:
    """New parameters for every item with at least ``min_responses`` answers in finished
    sittings; items with fewer are left as they are."""
    loaded = current_bank.current()
    thetas = dict(
        DiagnosticSession.objects.finished().filter(theta__isnull=False).values_list("pk", "theta")
    )
    answers: dict[str, list[tuple[float, bool]]] = {}
    rows = Response.objects.filter(session_id__in=thetas).values_list(
        "item_id", "session_id", "is_correct"
    )
    for item_id, session_id, is_correct in rows.iterator():
        answers.setdefault(item_id, []).append((thetas[session_id], is_correct))
    estimates = []
    for item_id, pairs in sorted(answers.items()):
        item = loaded.content.items.get(item_id)
        if item is None or len(pairs) < min_responses:
            continue
        data = np.array(pairs, dtype=float)
        new_a, new_b = fit_item(data[:, 0], data[:, 1], a=item.discrimination, b=item.difficulty)
        estimates.append(
            Estimate(item_id, len(pairs), item.discrimination, item.difficulty, new_a, new_b)
        )
    return estimates


def save_estimates(estimates: list[Estimate]) -> None:
    """Stores the new parameters; the bank of this process is reloaded with them."""
    now = timezone.now()
    with transaction.atomic():
        for estimate in estimates:
            ItemCalibration.objects.update_or_create(
                item_id=estimate.item_id,
                defaults={
                    "discrimination": round(estimate.new_a, 3),
                    "difficulty": round(estimate.new_b, 3),
                    "responses": estimate.responses,
                    "calibrated_at": now,
                },
            )
    current_bank.reload()
