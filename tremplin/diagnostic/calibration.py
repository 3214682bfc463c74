"""Re-estimates item parameters from recorded answers (``manage.py calibrate_items``).

Marginal maximum likelihood by EM (Bock and Aitkin), over every answer of the finished sittings,
pretest slots included. No ability is fixed: each sitting's ability is a distribution on the
engine's grid, its prior the one its screening gave, so an answer never feeds the ability it is
fitted against (fixing abilities at final estimates that already held the item inflated the
discriminations). The adaptive choice of items depends only on answers already in the data,
so the marginal likelihood stays right under it.

- E step: each sitting's posterior on the grid under the current parameters; from it, per item
  and grid point, the expected number of people who answered and who answered right.
- M step: per item, the ``(a, b)`` that maximise the expected log-likelihood, the lower asymptote
  ``c`` staying at its value (1/k by format), by Fisher scoring within the content contract's
  ranges, with a weak pull towards the starting values.

Before new values apply, an item needs ``min_responses`` answers, a good fit (the root mean
square gap between observed and expected right answers along the grid, ``FIT_RMSD``) and no
local dependence with another item (Yen's Q3, the correlation of two items' residuals, more than
``Q3_EXCESS`` above the average pair). The others are reported and left as they are.

The exposure control (``engine.exposure_control``) is updated at the same time from the share
of the sittings since the last update that asked each item.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone

from tremplin.diagnostic import bank as current_bank
from tremplin.diagnostic.content import DIFFICULTY_RANGE, DISCRIMINATION_RANGE
from tremplin.diagnostic.engine import DEFAULT_RULES, GRID, exposure_control, logistic
from tremplin.diagnostic.models import DiagnosticSession, ItemCalibration, ItemExposure, Response

MOVED_BY = 0.3  # a change of a or b larger than this is reported as a move
PULL = 0.05  # weight of the pull towards the starting values (a weak normal prior)
FIT_RMSD = 0.1  # an item whose answers stray further from its curve is not applied
Q3_EXCESS = 0.2  # residual correlation above the pairs' average that flags local dependence
Q3_MIN_PAIRS = 50  # sittings two items need in common for their Q3 to be read
EXPOSURE_MIN_SITTINGS = 200  # sittings since the last update needed to update the control


@dataclass(frozen=True)
class Estimate:
    item_id: str
    responses: int
    old_a: float
    old_b: float
    new_a: float
    new_b: float
    rmsd: float = 0.0
    dependent_on: str = ""  # the item it is locally dependent with, if any

    @property
    def moved(self) -> bool:
        return abs(self.new_a - self.old_a) > MOVED_BY or abs(self.new_b - self.old_b) > MOVED_BY

    @property
    def fits(self) -> bool:
        return self.rmsd <= FIT_RMSD and not self.dependent_on


@dataclass
class Answers:
    """Answers as arrays: sitting index, item index, right or wrong; one prior per sitting."""

    sitting: np.ndarray
    item: np.ndarray
    correct: np.ndarray
    prior_mean: np.ndarray
    prior_sd: np.ndarray


def _probability(a, b, c, thetas):
    return c + (1.0 - c) * logistic(a * (thetas - b))


def fit_item(
    thetas: np.ndarray,
    correct: np.ndarray,
    *,
    a: float,
    b: float,
    c: float = 0.0,
    weights: np.ndarray | None = None,
) -> tuple[float, float]:
    """The ``(a, b)`` of one item that maximise the (weighted) likelihood of ``correct`` answers
    at abilities ``thetas``, its lower asymptote fixed at ``c``. ``correct`` may be expected
    counts of right answers out of ``weights`` (the EM's M step, one entry per grid point).

    Fisher scoring on two parameters, each step halved until the loss falls; a parameter pushed
    against a bound of its range stays there while the other one moves.
    """
    thetas = np.asarray(thetas, dtype=float)
    right = np.asarray(correct, dtype=float)
    total = np.ones_like(right) if weights is None else np.asarray(weights, dtype=float)
    low = np.array([DISCRIMINATION_RANGE[0], DIFFICULTY_RANGE[0]])
    high = np.array([DISCRIMINATION_RANGE[1], DIFFICULTY_RANGE[1]])
    start = np.array([a, b], dtype=float)

    def loss(params: np.ndarray) -> float:
        p = np.clip(_probability(params[0], params[1], c, thetas), 1e-12, 1 - 1e-12)
        misfit = -np.sum(right * np.log(p) + (total - right) * np.log(1 - p))
        return float(misfit + PULL * np.sum((params - start) ** 2))

    params = np.clip(start, low, high)
    current = loss(params)
    for _iteration in range(100):
        slope, location = params
        known = logistic(slope * (thetas - location))
        p = np.clip(c + (1 - c) * known, 1e-12, 1 - 1e-12)
        dp_dz = (1 - c) * known * (1 - known)
        residual = (right - total * p) / (p * (1 - p)) * dp_dz
        distance = thetas - location
        gradient = -np.array([np.sum(residual * distance), -np.sum(residual * slope)])
        gradient += 2 * PULL * (params - start)
        weight = total * dp_dz**2 / (p * (1 - p))
        cross = -np.sum(weight * distance * slope)
        fisher = np.array(
            [[np.sum(weight * distance**2), cross], [cross, np.sum(weight * slope**2)]]
        ) + 2 * PULL * np.eye(2)
        free = ~(((params <= low) & (gradient > 0)) | ((params >= high) & (gradient < 0)))
        if not free.any():
            break
        step = np.zeros(2)
        step[free] = np.linalg.solve(fisher[np.ix_(free, free)], -gradient[free])
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
        if moved < 1e-8:
            break
    return float(params[0]), float(params[1])


def _posteriors(answers: Answers, a, b, c) -> np.ndarray:
    """Each sitting's posterior on the grid (sittings × grid points)."""
    p = np.clip(_probability(a[:, None], b[:, None], c[:, None], GRID[None, :]), 1e-12, 1 - 1e-12)
    log_p, log_q = np.log(p), np.log(1 - p)
    sittings = answers.prior_mean.size
    log_post = (
        -0.5 * ((GRID[None, :] - answers.prior_mean[:, None]) / answers.prior_sd[:, None]) ** 2
    )
    contributions = np.where(answers.correct[:, None], log_p[answers.item], log_q[answers.item])
    log_post = log_post + _sum_by(answers.sitting, contributions, sittings)
    weights = np.exp(log_post - log_post.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True)


def _expected_counts(answers: Answers, posterior: np.ndarray, items: int):
    """Per item and grid point: expected answers and expected right answers."""
    rows = posterior[answers.sitting]
    total = _sum_by(answers.item, rows, items)
    right = _sum_by(answers.item, rows * answers.correct[:, None], items)
    return total, right


def _sum_by(index: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Rows of ``values`` summed by ``index`` (``size`` groups), one grid column at a time."""
    return np.stack(
        [np.bincount(index, weights=values[:, k], minlength=size) for k in range(values.shape[1])],
        axis=1,
    )


def marginal_maximum_likelihood(
    answers: Answers,
    a: np.ndarray,
    b: np.ndarray,
    c: np.ndarray,
    *,
    fit: np.ndarray | None = None,
    iterations: int = 200,
    tolerance: float = 1e-3,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """EM from the starting ``a``, ``b`` (``c`` fixed); only the items where ``fit`` is true are
    re-estimated (the others keep their values and still shape the posteriors). Returns the new
    ``a``, ``b`` and the final posteriors."""
    a, b = a.astype(float).copy(), b.astype(float).copy()
    fit = np.ones(a.size, dtype=bool) if fit is None else fit
    start_a, start_b = a.copy(), b.copy()
    for _iteration in range(iterations):
        posterior = _posteriors(answers, a, b, c)
        total, right = _expected_counts(answers, posterior, a.size)
        change = 0.0
        for j in np.flatnonzero(fit):
            new_a, new_b = fit_item(
                GRID, right[j], a=start_a[j], b=start_b[j], c=c[j], weights=total[j]
            )
            # The pull is towards the reviewed values, not the last iterate: the fixed point is
            # the maximum of the likelihood with that weak prior.
            change = max(change, abs(new_a - a[j]), abs(new_b - b[j]))
            a[j], b[j] = new_a, new_b
        if change < tolerance:
            break
    return a, b, _posteriors(answers, a, b, c)


def item_fit(answers: Answers, posterior, a, b, c) -> np.ndarray:
    """Per item: root mean square gap between the observed and the expected share of right
    answers along the grid, weighted by the expected number of answers at each point."""
    total, right = _expected_counts(answers, posterior, a.size)
    expected = _probability(a[:, None], b[:, None], c[:, None], GRID[None, :])
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = np.where(total > 0, right / np.where(total > 0, total, 1), expected)
        sums = total.sum(axis=1)
        return np.sqrt(
            np.where(
                sums > 0,
                (total * (observed - expected) ** 2).sum(axis=1) / np.where(sums > 0, sums, 1),
                0.0,
            )
        )


def local_dependence(answers: Answers, posterior, a, b, c, *, min_pairs: int = Q3_MIN_PAIRS):
    """Pairs of items whose residuals (answer minus its expected value given the sitting's
    posterior) correlate more than ``Q3_EXCESS`` above the average pair: ``{(i, j): q3}``."""
    expected = posterior @ _probability(a[:, None], b[:, None], c[:, None], GRID[None, :]).T
    residual = answers.correct.astype(float) - expected[answers.sitting, answers.item]
    sittings, items = answers.prior_mean.size, a.size
    matrix = np.full((sittings, items), np.nan)
    matrix[answers.sitting, answers.item] = residual
    present = ~np.isnan(matrix)
    values = np.where(present, matrix, 0.0)
    together = present.T.astype(float) @ present.astype(float)
    q3 = {}
    for i in range(items):
        for j in range(i + 1, items):
            if together[i, j] < min_pairs:
                continue
            both = present[:, i] & present[:, j]
            x, y = values[both, i], values[both, j]
            if x.std() > 0 and y.std() > 0:
                q3[(i, j)] = float(np.corrcoef(x, y)[0, 1])
    if not q3:
        return {}
    average = float(np.mean(list(q3.values())))
    return {pair: value for pair, value in q3.items() if value - average > Q3_EXCESS}


def _recorded_answers(index: dict[str, int]) -> tuple[Answers, np.ndarray]:
    sittings = list(
        DiagnosticSession.objects.finished().values_list("pk", "prior_mean", "prior_sd")
    )
    position = {pk: n for n, (pk, _m, _s) in enumerate(sittings)}
    rows = [
        (position[session_id], index[item_id], is_correct)
        for session_id, item_id, is_correct in Response.objects.filter(session_id__in=position)
        .values_list("session_id", "item_id", "is_correct")
        .iterator()
        if item_id in index
    ]
    data = np.array(rows, dtype=int).reshape(-1, 3)
    return (
        Answers(
            sitting=data[:, 0],
            item=data[:, 1],
            correct=data[:, 2].astype(bool),
            prior_mean=np.array([m for _pk, m, _s in sittings], dtype=float),
            prior_sd=np.array([s or 1.0 for _pk, _m, s in sittings], dtype=float),
        ),
        np.bincount(data[:, 1], minlength=len(index)),
    )


def estimate_items(*, min_responses: int) -> list[Estimate]:
    """New parameters for every item with at least ``min_responses`` answers in finished
    sittings, by marginal maximum likelihood; the fit and local-dependence checks are on each
    estimate (``Estimate.fits``). Items with fewer answers are left as they are."""
    engine = current_bank.current().engine
    answers, counts = _recorded_answers(engine.index)
    if answers.sitting.size == 0:
        return []
    enough = counts >= min_responses
    a, b, posterior = marginal_maximum_likelihood(answers, engine.a, engine.b, engine.c, fit=enough)
    rmsd = item_fit(answers, posterior, a, b, engine.c)
    dependent = {}
    for (i, j), _q3 in local_dependence(answers, posterior, a, b, engine.c).items():
        dependent.setdefault(i, engine.ids[j])
        dependent.setdefault(j, engine.ids[i])
    return [
        Estimate(
            engine.ids[j],
            int(counts[j]),
            float(engine.a[j]),
            float(engine.b[j]),
            float(a[j]),
            float(b[j]),
            rmsd=float(rmsd[j]),
            dependent_on=dependent.get(j, ""),
        )
        for j in np.flatnonzero(enough)
    ]


def save_estimates(estimates: list[Estimate]) -> list[Estimate]:
    """Stores the new parameters of the estimates that pass the checks, and returns those; the
    bank of this process is reloaded with them."""
    now = timezone.now()
    applied = [estimate for estimate in estimates if estimate.fits]
    with transaction.atomic():
        for estimate in applied:
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
    return applied


def update_exposure(
    *, now=None, target: float = DEFAULT_RULES.max_exposure
) -> dict[str, float] | None:
    """New Sympson-Hetter probabilities from the sittings finished since the last update
    (``ItemExposure``), when there are at least ``EXPOSURE_MIN_SITTINGS``; None otherwise."""
    now = now or timezone.now()
    last = ItemExposure.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    sittings = DiagnosticSession.objects.finished()
    if last is not None:
        sittings = sittings.filter(finished_at__gt=last)
    pks = list(sittings.values_list("pk", flat=True))
    if len(pks) < EXPOSURE_MIN_SITTINGS:
        return None
    counts: dict[str, int] = {}
    for item_id in (
        Response.objects.filter(session_id__in=pks).values_list("item_id", flat=True).iterator()
    ):
        counts[item_id] = counts.get(item_id, 0) + 1
    shares = {item_id: n / len(pks) for item_id, n in counts.items()}
    keep = exposure_control(
        dict(ItemExposure.objects.values_list("item_id", "keep")), shares, target=target
    )
    with transaction.atomic():
        ItemExposure.objects.exclude(item_id__in=keep).delete()
        for item_id, value in keep.items():
            ItemExposure.objects.update_or_create(
                item_id=item_id,
                defaults={"keep": value, "share": shares.get(item_id, 0.0), "updated_at": now},
            )
    current_bank.reload()
    return keep
