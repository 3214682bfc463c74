"""Re-estimates item parameters from recorded answers (``manage.py calibrate_items``).

Joint estimation in its simplest sound form: each finished sitting's ability is fixed at its
final EAP estimate, then each item's 2PL parameters maximise the likelihood of its answers
(Newton steps, bounded to the ranges of the content contract, with a weak pull towards the
current values so that an item with few or lopsided answers does not drift to a bound).
"""

from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone

from tremplin.diagnostic import bank as current_bank
from tremplin.diagnostic.content import DIFFICULTY_RANGE, DISCRIMINATION_RANGE
from tremplin.diagnostic.engine import logistic
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
    """Maximum likelihood (a, b) for one item, given the abilities of those who answered it.

    Newton's method on two parameters: each step uses the loss's curvature, or its expected
    curvature (Fisher scoring, never negative) where the loss is not convex, and is halved until
    the loss falls. A parameter pushed against a bound of its range stays there while the other
    one moves.
    """
    low = np.array([DISCRIMINATION_RANGE[0], DIFFICULTY_RANGE[0]])
    high = np.array([DISCRIMINATION_RANGE[1], DIFFICULTY_RANGE[1]])
    start = np.array([a, b], dtype=float)

    def loss(params: np.ndarray) -> float:
        z = params[0] * (thetas - params[1])
        misfit = np.sum(correct * np.logaddexp(0, -z) + (1 - correct) * np.logaddexp(0, z))
        return misfit + PULL * float(np.sum((params - start) ** 2))  # - log likelihood + pull

    params = np.clip(start, low, high)
    current = loss(params)
    for _iteration in range(100):
        gradient, curvatures = _derivatives(params, thetas, correct, start)
        free = ~(((params <= low) & (gradient > 0)) | ((params >= high) & (gradient < 0)))
        if not free.any():
            break
        block = np.ix_(free, free)
        # The Hessian where it is positive definite, the Fisher matrix (always is) elsewhere.
        curvature = next(c[block] for c in curvatures if np.all(np.linalg.eigvalsh(c[block]) > 0))
        step = np.zeros(2)
        step[free] = np.linalg.solve(curvature, -gradient[free])
        for _halving in range(40):
            candidate = np.clip(params + step, low, high)
            value = loss(candidate)
            if value <= current:
                break
            step /= 2
        else:
            break
        moved = np.max(np.abs(candidate - params))
        params, current = candidate, value
        if moved < 1e-10:
            break
    return float(params[0]), float(params[1])


def _derivatives(params, thetas, correct, start) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """The loss's gradient, then its curvature (Hessian) and expected curvature (Fisher)."""
    slope, location = params
    distance = thetas - location
    p = logistic(slope * distance)
    residual, weight = correct - p, p * (1.0 - p)
    pull = 2 * PULL * np.eye(2)
    gradient = np.array([-np.sum(residual * distance), np.sum(residual * slope)])
    gradient += 2 * PULL * (params - start)
    cross = -np.sum(weight * slope * distance)
    fisher = np.array([[np.sum(weight * distance**2), cross], [cross, np.sum(weight * slope**2)]])
    hessian = fisher + np.sum(residual) * np.array([[0.0, 1.0], [1.0, 0.0]])
    return gradient, (hessian + pull, fisher + pull)


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
