"""The adaptive engine: plain Python with NumPy, no Django, no HTTP.

Model: item response theory on one ability scale θ (logits), with a lower asymptote for the items
a person can get right by guessing: ``P(correct | θ) = c + (1 - c) logistic(a (θ - b))``. ``c`` is
fixed by the item's format (``1/k`` for a choice or tap item of ``k`` options, 0 for typed and
multiple-select items: decision record 0015); with ``c = 0`` this is the 2PL.

- Ability: expected a posteriori (EAP) on a fixed quadrature grid, with a normal prior whose
  mean and spread come from the screening questions.
- Selection: among the areas that are not ahead of the others (content balancing), the unseen
  item whose answer is expected to leave the least uncertainty (entropy) about the profile;
  or, with ``selection="information"``, the largest Fisher information averaged over the current
  posterior. Exposure control: one of the ``randomesque`` best items, drawn from a generator
  seeded by the sitting and the question number (the same question on every replay). An item's
  ``enemies`` are not asked once it has been. At the ``pretest_positions``, an unscored question:
  a new (``pretest``) item, or an item that has few answers, so that every item collects answers.
- Decision: the profile of least expected cost, where classing an *excluded* person otherwise
  costs ``excluded_cost`` and any other error 1 (with 1 everywhere, the most probable profile).
- Stopping: the expected cost of that decision falls to ``1 -`` the decision threshold
  (``decide_at`` at first, falling linearly to ``decide_at_last`` by ``max_items``: someone still
  undecided after many items sits near a cut point, where more items buy little), or the standard
  error falls under ``se_below``, or ``max_items`` have been asked, or the bank is exhausted.
- Profiles: cut points on θ (``excluded_below``, ``advanced_from``), chosen where the device-basics
  items and the everyday items of the bank put the profiles' definitions (decision record 0003).
- Level per area: the expected share of the area's items the person would get right, at an area
  estimate shrunk towards the overall one (1 below half, 2 below four in five, 3 above).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

GRID = np.linspace(-4.0, 4.0, 81)
_LOG_SQRT_2PI = np.log(np.sqrt(2 * np.pi))
PROFILES = ("excluded", "beginner", "advanced")
AREAS = ("device", "information", "communication", "content", "safety", "problem_solving")


@dataclass(frozen=True)
class ItemParameters:
    id: str
    area: str
    discrimination: float
    difficulty: float
    guessing: float = 0.0  # the lower asymptote c: the chance of a right answer by guessing
    enemies: tuple[str, ...] = ()  # items that must not be asked in the same sitting
    pretest: bool = False  # a new item: asked only in pretest slots, never scored


@dataclass(frozen=True)
class Rules:
    excluded_below: float = -1.5
    advanced_from: float = 0.5
    decide_at: float = 0.98
    decide_at_last: float | None = 0.6  # the threshold falls linearly to this by max_items
    se_below: float = 0.2
    min_items: int = 4
    max_items: int = 40
    balance_slack: int = 2
    selection: str = "profile_entropy"  # or "information"
    area_shrinkage_sd: float = 0.8
    randomesque: int = 2  # the next item is drawn among this many best ones
    # The share of sittings an item should not exceed: ``exposure_control`` sets each item's
    # probability of being asked (Sympson-Hetter) from the shares observed.
    max_exposure: float = 0.33
    # Question numbers (1-based) that are unscored pretest slots: about one in ten.
    pretest_positions: tuple[int, ...] = (6, 16, 26, 36)
    # What classing an *excluded* person otherwise costs, against 1 for any other error: they
    # would be sent to group training instead of one-to-one support (decision record 0015).
    excluded_cost: float = 1.5


DEFAULT_RULES = Rules()


class Bank:
    """Item parameters as arrays, with probabilities and information precomputed on the grid.

    ``answered`` (optional): how many answers each item has, which the pretest slots use;
    ``keep``: each item's Sympson-Hetter probability of being asked when chosen (``set_exposure``,
    ``exposure_control``)."""

    def __init__(
        self,
        items: Sequence[ItemParameters],
        *,
        answered: Mapping[str, int] | None = None,
        keep: Mapping[str, float] | None = None,
    ):
        if not items:
            raise ValueError("An item bank needs at least one item.")
        self.items = tuple(items)
        self.ids = [item.id for item in self.items]
        self.index = {item_id: i for i, item_id in enumerate(self.ids)}
        if len(self.index) != len(self.ids):
            raise ValueError("Item ids must be unique.")
        self.a = np.array([item.discrimination for item in self.items], dtype=float)
        self.b = np.array([item.difficulty for item in self.items], dtype=float)
        self.c = np.array([item.guessing for item in self.items], dtype=float)
        self.operational = np.array([not item.pretest for item in self.items], dtype=bool)
        self.areas = sorted({item.area for item in self.items}, key=_area_order)
        self.area_of = np.array([self.areas.index(item.area) for item in self.items])
        # enemies[i]: the items that item i excludes from the rest of the sitting (both ways).
        pairs = {
            (self.index[item.id], self.index[other])
            for item in self.items
            for other in item.enemies
            if other in self.index and other != item.id
        }
        self.enemies = [
            np.array(
                sorted({j for i, j in pairs if i == k} | {i for i, j in pairs if j == k}),
                dtype=int,
            )
            for k in range(len(self.items))
        ]
        # known[i, k]: probability that a person at grid point k knows the answer to item i (2PL);
        # p[i, k]: probability of a right answer, knowing it or guessing.
        self.known = logistic(self.a[:, None] * (GRID[None, :] - self.b[:, None]))
        self.p = self.c[:, None] + (1.0 - self.c[:, None]) * self.known
        self.log_p = np.log(np.clip(self.p, 1e-12, 1.0))
        self.log_q = np.log(np.clip(1.0 - self.p, 1e-12, 1.0))
        # Fisher information, a² (Q / P) ((P - c) / (1 - c))²: the 2PL's a² P Q when c = 0.
        self.information = (
            (self.a[:, None] ** 2)
            * (1.0 - self.p)
            / np.clip(self.p, 1e-12, 1.0)
            * ((self.p - self.c[:, None]) / (1.0 - self.c[:, None])) ** 2
        )
        self.set_exposure(answered or {}, keep or {})

    def set_exposure(self, answered: Mapping[str, int], keep: Mapping[str, float]) -> None:
        """The answers each item has (the pretest slots favour the items with few) and each
        item's probability of being asked when the selection picks it (1 when not given)."""
        self.answered = dict(answered)
        self.keep_by_id = dict(keep)
        self.keep = np.array([self.keep_by_id.get(i, 1.0) for i in self.ids], dtype=float)

    def __len__(self) -> int:
        return len(self.items)

    def with_parameters(self, pinned: Mapping[str, Sequence[float]]) -> Bank:
        """This bank with the given items' ``[a, b, c]`` in place of theirs: the parameters a
        sitting answered them under (``[a, b]``, pinned before the lower asymptote existed, means
        ``c = 0``). Ids no longer in the bank are ignored; when nothing differs, the bank itself
        (nothing recomputed)."""
        changed = {}
        for item_id, values in pinned.items():
            if item_id not in self.index:
                continue
            a, b, c = (float(v) for v in (*values, 0.0)[:3])
            i = self.index[item_id]
            if (self.a[i], self.b[i], self.c[i]) != (a, b, c):
                changed[item_id] = (a, b, c)
        if not changed:
            return self
        return Bank(
            [
                replace(
                    item,
                    discrimination=changed[item.id][0],
                    difficulty=changed[item.id][1],
                    guessing=changed[item.id][2],
                )
                if item.id in changed
                else item
                for item in self.items
            ],
            answered=self.answered,
            keep=self.keep_by_id,
        )

    def parameters_of(self, item_id: str) -> list[float]:
        """``[a, b, c]`` of an item, as a sitting pins them."""
        i = self.index[item_id]
        return [float(self.a[i]), float(self.b[i]), float(self.c[i])]


def logistic(x):
    """``1 / (1 + e^-x)``, elementwise: SciPy's ``expit``, to the last bit.

    As in SciPy, e^-x comes from the C library (``math.exp``): NumPy's vectorised ``exp``
    differs from it in the last bit for about one value in fifty, and the engine's figures were
    kept bit for bit when SciPy left. It runs once per item and grid point, when a bank loads.
    """
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + _exp(-np.asarray(x, dtype=float)))


def _c_exp(value: float) -> float:
    try:
        return math.exp(value)
    except OverflowError:  # the C library answers infinity, and the logistic 0
        return math.inf


_exp = np.vectorize(_c_exp, otypes=[float])


def normal_log_density(x, mean: float, sd: float) -> np.ndarray:
    """Log density of the normal law (SciPy's ``norm.logpdf``, same operations in the same order)."""
    z = (np.asarray(x, dtype=float) - mean) / sd
    return -(z**2) / 2.0 - _LOG_SQRT_2PI - np.log(sd)


def _area_order(area: str) -> tuple[int, str]:
    return (AREAS.index(area) if area in AREAS else len(AREAS), area)


def prior_from_screening(*, has_smartphone: bool, email_use: str) -> tuple[float, float]:
    """Starting estimate (mean, standard deviation) from the two screening answers.

    ``email_use`` is ``"never"``, ``"with_help"`` or ``"alone"``. A person with no smartphone
    who never sends an email starts low and with a narrow prior, so that a few failed
    device-basics items settle the *excluded* profile (decision record 0003).
    """
    score = int(has_smartphone) + {"never": 0, "with_help": 1, "alone": 2}[email_use]
    means = (-2.2, -1.0, -0.2, 0.9)
    spreads = (0.8, 0.85, 0.85, 0.95)
    return means[score], spreads[score]


@dataclass
class Result:
    profile: str
    theta: float
    se: float
    probabilities: dict[str, float]
    levels: dict[str, int]
    area_thetas: dict[str, float]
    area_answers: dict[str, int]
    items: int
    stop_reason: str


@dataclass
class Diagnosis:
    """One person's test: feed answers, ask for the next item, read the result.

    Rebuilt from the recorded answers at each request: the replay is a few array additions.
    ``seed`` makes the exposure control's draws the sitting's own (the same on every replay).
    """

    bank: Bank
    prior_mean: float = 0.0
    prior_sd: float = 1.0
    rules: Rules = DEFAULT_RULES
    seed: int = 0
    asked: list[int] = field(default_factory=list)  # scored answers only
    correct: list[bool] = field(default_factory=list)
    pretested: list[int] = field(default_factory=list)  # unscored answers (pretest slots)

    def __post_init__(self):
        self.log_prior = normal_log_density(GRID, self.prior_mean, self.prior_sd)
        self.log_posterior = self.log_prior.copy()
        self.area_counts = np.zeros(len(self.bank.areas), dtype=int)
        self.seen = np.zeros(len(self.bank), dtype=bool)
        self.available = self.bank.operational.copy()  # may still be asked and scored

    @classmethod
    def replay(
        cls,
        bank: Bank,
        answers: Iterable[tuple],
        *,
        prior_mean: float = 0.0,
        prior_sd: float = 1.0,
        rules: Rules = DEFAULT_RULES,
        seed: int = 0,
    ) -> Diagnosis:
        """``answers``: ``(item_id, is_correct)`` or ``(item_id, is_correct, is_pretest)``."""
        diagnosis = cls(bank, prior_mean=prior_mean, prior_sd=prior_sd, rules=rules, seed=seed)
        for item_id, is_correct, *pretest in answers:
            if item_id in bank.index:  # an item removed from the bank since: its answer is ignored
                diagnosis.answer(item_id, is_correct, scored=not (pretest and pretest[0]))
        return diagnosis

    def answer(self, item_id: str, is_correct: bool, *, scored: bool = True) -> None:
        """Records an answer (``scored=False``: a pretest slot, which changes no estimate).
        Raises ValueError for an unknown or already answered item."""
        i = self.bank.index[item_id]
        if self.seen[i]:
            raise ValueError(f"Item {item_id} was already asked.")
        self.seen[i] = True
        self.available[i] = False
        self.available[self.bank.enemies[i]] = False
        if not scored or not self.bank.operational[i]:
            self.pretested.append(i)
            return
        self.asked.append(i)
        self.correct.append(bool(is_correct))
        self.area_counts[self.bank.area_of[i]] += 1
        self.log_posterior += self.bank.log_p[i] if is_correct else self.bank.log_q[i]

    @property
    def count(self) -> int:
        """Scored answers: what the stopping rule and the result count."""
        return len(self.asked)

    @property
    def questions(self) -> int:
        """Every question asked, pretest slots included."""
        return len(self.asked) + len(self.pretested)

    def posterior(self) -> np.ndarray:
        weights = np.exp(self.log_posterior - self.log_posterior.max())
        return weights / weights.sum()

    def estimate(self) -> tuple[float, float]:
        """EAP estimate and posterior standard deviation (the standard error)."""
        weights = self.posterior()
        mean = float(weights @ GRID)
        return mean, float(np.sqrt(max(weights @ (GRID - mean) ** 2, 0.0)))

    def profile_probabilities(self) -> dict[str, float]:
        weights = self.posterior()
        low = GRID < self.rules.excluded_below
        high = GRID >= self.rules.advanced_from
        excluded, advanced = float(weights[low].sum()), float(weights[high].sum())
        return {
            "excluded": excluded,
            "beginner": max(0.0, 1.0 - excluded - advanced),
            "advanced": advanced,
        }

    def stop_reason(self) -> str | None:
        """Why the test should stop now, or None while it should go on."""
        rules = self.rules
        if not self.available.any():
            return "bank_exhausted"
        if self.count >= rules.max_items:
            return "max_items"
        if self.count < rules.min_items:
            return None
        if self.risk() <= 1.0 - self.decision_threshold():
            return "profile_decided"
        if self.estimate()[1] <= rules.se_below:
            return "precision_reached"
        return None

    def decision_threshold(self) -> float:
        """The posterior probability a profile needs to stop the test now. It may fall as items
        accumulate: someone still undecided after many items sits near a cut point, where
        more items buy little."""
        rules = self.rules
        if rules.decide_at_last is None or rules.max_items <= rules.min_items:
            return rules.decide_at
        progress = (self.count - rules.min_items) / (rules.max_items - rules.min_items)
        return rules.decide_at + (rules.decide_at_last - rules.decide_at) * min(
            1.0, max(0.0, progress)
        )

    def next_step(self) -> tuple[str, bool] | None:
        """The next question and whether it is scored, or None when the test is done. A
        pretest slot (``rules.pretest_positions``) asks an unscored item while there is one."""
        if self.stop_reason() is not None:
            return None
        if self.questions + 1 in self.rules.pretest_positions:
            pretest = self.pretest_item()
            if pretest is not None:
                return pretest, False
        return self.best_item(), True

    def next_item(self) -> str | None:
        """The next question's item id, or None when done."""
        step = self.next_step()
        return step[0] if step is not None else None

    def _generator(self) -> np.random.Generator:
        return np.random.default_rng([abs(int(self.seed)), self.questions])

    def pretest_item(self) -> str | None:
        """An unscored item for a pretest slot: a new (pretest) item not yet asked, else an
        item not yet asked drawn with weight ``1 / (1 + answers it has)``."""
        bank = self.bank
        unseen = ~self.seen
        blocked = np.zeros(len(bank), dtype=bool)
        for i in np.flatnonzero(self.seen):
            blocked[bank.enemies[i]] = True
        candidates = unseen & ~blocked & ~bank.operational
        if not candidates.any():
            candidates = self.available.copy()
        if not candidates.any():
            return None
        indexes = np.flatnonzero(candidates)
        weights = 1.0 / (1.0 + np.array([bank.answered.get(bank.ids[i], 0) for i in indexes]))
        chosen = self._generator().choice(indexes, p=weights / weights.sum())
        return bank.ids[int(chosen)]

    def best_item(self) -> str:
        bank = self.bank
        remaining_areas = np.unique(bank.area_of[self.available])
        floor = self.area_counts[remaining_areas].min()
        open_areas = remaining_areas[
            self.area_counts[remaining_areas] < floor + self.rules.balance_slack
        ]
        eligible = self.available & np.isin(bank.area_of, open_areas)
        posterior = self.posterior()
        if self.rules.selection == "information":
            score = bank.information @ posterior
        else:
            score = -self._expected_profile_entropy(posterior)
        allowed = eligible & self._exposure_allowed()
        if allowed.any():
            eligible = allowed
        score[~eligible] = -np.inf
        if self.rules.randomesque <= 1:
            return bank.ids[int(np.argmax(score))]
        best = np.argsort(-score, kind="stable")[: min(self.rules.randomesque, eligible.sum())]
        return bank.ids[int(self._generator().choice(best))]

    def _exposure_allowed(self) -> np.ndarray:
        """Sympson-Hetter's rule, drawn once per sitting: an item whose ``keep`` probability is
        under 1 may be asked in this sitting with that probability; when it may not, it is left
        out for the whole sitting."""
        keep = self.bank.keep
        if (keep >= 1.0).all():
            return np.ones(len(self.bank), dtype=bool)
        draws = np.random.default_rng([abs(int(self.seed)), 104_729]).random(len(self.bank))
        return draws < keep

    def _expected_profile_entropy(self, posterior: np.ndarray) -> np.ndarray:
        """For every item: the expected uncertainty (entropy) about the profile after its answer.
        The item that most reduces it is the one that best decides the profile."""
        regions = self._profile_regions()
        right = self.bank.p @ (posterior[:, None] * regions)  # items × profiles
        wrong = (1.0 - self.bank.p) @ (posterior[:, None] * regions)
        return _entropy(right) + _entropy(wrong)

    def _profile_regions(self) -> np.ndarray:
        low = GRID < self.rules.excluded_below
        high = GRID >= self.rules.advanced_from
        return np.stack([low, ~low & ~high, high], axis=1).astype(float)

    def profile(self) -> str:
        """The profile of least expected cost (``rules.excluded_cost``): the most probable one
        when every error costs the same; else *excluded* as soon as its probability, weighed,
        exceeds the others'."""
        risks = self._risks()
        return min(PROFILES, key=lambda name: risks[name])

    def risk(self) -> float:
        """The expected cost of giving ``profile()`` now: the probability that it is wrong when
        every error costs the same. The test stops once it is at most ``1 - threshold``."""
        return min(self._risks().values())

    def _risks(self) -> dict[str, float]:
        probabilities = self.profile_probabilities()
        excluded = probabilities["excluded"] * self.rules.excluded_cost
        return {
            "excluded": probabilities["beginner"] + probabilities["advanced"],
            "beginner": excluded + probabilities["advanced"],
            "advanced": excluded + probabilities["beginner"],
        }

    def area_estimates(self) -> dict[str, float]:
        """Per area: EAP from that area's answers, with as prior (sd ``area_shrinkage_sd``) the
        estimate from everything else: the screening prior and the other areas' answers. Each
        answer counts once (a prior at the overall estimate would count the area's answers
        twice, and push its level away from the others')."""
        return {area: mean for area, (mean, _se) in self.area_posteriors().items()}

    def area_posteriors(self) -> dict[str, tuple[float, float]]:
        """Per area: the estimate of ``area_estimates`` and its standard error (the posterior
        standard deviation), which the reliable-change rule of the results compares."""
        likelihoods = np.zeros((len(self.bank.areas), GRID.size))
        for i, is_correct in zip(self.asked, self.correct, strict=True):
            likelihoods[self.bank.area_of[i]] += (
                self.bank.log_p[i] if is_correct else self.bank.log_q[i]
            )
        total = likelihoods.sum(axis=0)
        posteriors = {}
        for area_index, area in enumerate(self.bank.areas):
            own = likelihoods[area_index]
            rest = _eap(self.log_prior + (total - own))
            log_prior = normal_log_density(GRID, rest, self.rules.area_shrinkage_sd)
            posteriors[area] = _eap_and_sd(log_prior + own)
        return posteriors

    def area_levels(self, thetas: dict[str, float] | None = None) -> dict[str, int]:
        """1, 2 or 3 from the expected share of the area's items the person knows."""
        thetas = thetas if thetas is not None else self.area_estimates()
        return {
            area: expected_level(self.bank, thetas[area], area=area) for area in self.bank.areas
        }

    def result(self) -> Result:
        theta, se = self.estimate()
        thetas = self.area_estimates()
        return Result(
            profile=self.profile(),
            theta=round(theta, 3),
            se=round(se, 3),
            probabilities={k: round(v, 4) for k, v in self.profile_probabilities().items()},
            levels=self.area_levels(thetas),
            area_thetas={k: round(v, 3) for k, v in thetas.items()},
            area_answers={
                area: int(count)
                for area, count in zip(self.bank.areas, self.area_counts, strict=True)
                if count
            },
            items=self.count,
            stop_reason=self.stop_reason() or "stopped_early",
        )


def exposure_control(
    keep: Mapping[str, float], shares: Mapping[str, float], *, target: float
) -> dict[str, float]:
    """New Sympson-Hetter probabilities from the shares of sittings each item was asked in
    while ``keep`` applied: an item over ``target`` is kept less often (``keep × target /
    share``), one under it more often, up to 1. Repeated (by ``calibrate_items``, or the
    benchmark), it brings every item under ``target``."""
    updated = {}
    for item_id, share in shares.items():
        value = keep.get(item_id, 1.0)
        if share > 0:
            value = min(1.0, value * target / share)
        if value < 1.0:
            updated[item_id] = round(max(value, 0.01), 4)
    return updated


def _eap(log_density: np.ndarray) -> float:
    weights = np.exp(log_density - log_density.max())
    return float((weights / weights.sum()) @ GRID)


def _eap_and_sd(log_density: np.ndarray) -> tuple[float, float]:
    weights = np.exp(log_density - log_density.max())
    weights = weights / weights.sum()
    mean = float(weights @ GRID)
    return mean, float(np.sqrt(max(weights @ (GRID - mean) ** 2, 0.0)))


def expected_level(bank: Bank, theta: float, *, area: str | None = None) -> int:
    """1, 2 or 3 from the expected share of the items a person at ``theta`` knows (right
    without guessing): those of ``area``, or of the whole bank (the overall level); pretest
    items left out. 1 below half, 2 below four in five."""
    members = bank.operational & (
        bank.area_of == bank.areas.index(area)
        if area is not None
        else np.ones(len(bank), dtype=bool)
    )
    share = float(logistic(bank.a[members] * (theta - bank.b[members])).mean())
    return 1 if share < 0.5 else 2 if share < 0.8 else 3


def _entropy(masses: np.ndarray) -> np.ndarray:
    """Σ over outcomes of P(outcome) × entropy of the profile given it, from unnormalised rows."""
    totals = masses.sum(axis=1, keepdims=True)
    shares = masses / np.where(totals > 0, totals, 1.0)
    logs = np.log(np.where(shares > 0, shares, 1.0))
    return -(masses * logs).sum(axis=1)


def profile_of(theta: float, rules: Rules = DEFAULT_RULES) -> str:
    """The true profile of an ability (used by the simulation and the tests)."""
    if theta < rules.excluded_below:
        return "excluded"
    if theta >= rules.advanced_from:
        return "advanced"
    return "beginner"
