"""The calibration's regression test: from simulated *adaptive* sittings (the engine choosing
items from the parameters it was given, as in real use), marginal maximum likelihood recovers
the true parameters within stated bounds, and does better than the values it started from."""

import numpy as np

from tremplin.diagnostic.calibration import Answers, marginal_maximum_likelihood
from tremplin.diagnostic.engine import Bank, Diagnosis, ItemParameters, Rules, logistic
from tremplin.diagnostic.tests.factories import synthetic_parameters

SITTINGS = 2500
MIN_ANSWERS = 200
MEAN, SD = -0.3, 1.2


def adaptive_sittings(declared: Bank, true_a, true_b, true_c, *, seed: int) -> Answers:
    rng = np.random.default_rng(seed)
    thetas = rng.normal(MEAN, SD, SITTINGS)
    rules = Rules(pretest_positions=(3, 6, 9, 16), randomesque=3)
    sitting, item, correct = [], [], []
    for person, theta in enumerate(thetas):
        diagnosis = Diagnosis(declared, rules=rules, seed=person)
        while (step := diagnosis.next_step()) is not None:
            item_id, scored = step
            i = declared.index[item_id]
            right = rng.random() < true_c[i] + (1 - true_c[i]) * logistic(
                true_a[i] * (theta - true_b[i])
            )
            diagnosis.answer(item_id, right, scored=scored)
            sitting.append(person)
            item.append(i)
            correct.append(right)
    return Answers(
        sitting=np.array(sitting),
        item=np.array(item),
        correct=np.array(correct, dtype=bool),
        # The population the sittings come from sets the scale, as the screening priors do.
        prior_mean=np.full(SITTINGS, MEAN),
        prior_sd=np.full(SITTINGS, SD),
    )


def test_marginal_maximum_likelihood_recovers_parameters_from_adaptive_sittings():
    rng = np.random.default_rng(11)
    truth = synthetic_parameters(per_area=8, seed=5)
    true_a = np.array([p.discrimination for p in truth])
    true_b = np.array([p.difficulty for p in truth])
    # A third of the items can be guessed (three options): c fixed at 1/3, known to both.
    true_c = np.where(np.arange(len(truth)) % 3 == 0, 1 / 3, 0.0)
    # What the files declared: difficulties off by N(0, 0.5), discriminations by a factor.
    declared_a = np.clip(true_a * rng.lognormal(0, 0.3, len(truth)), 0.5, 2.5)
    declared_b = true_b + rng.normal(0, 0.5, len(truth))
    declared = Bank(
        [
            ItemParameters(p.id, p.area, float(a), float(b), guessing=float(c))
            for p, a, b, c in zip(truth, declared_a, declared_b, true_c, strict=True)
        ]
    )
    answers = adaptive_sittings(declared, true_a, true_b, true_c, seed=3)
    counts = np.bincount(answers.item, minlength=len(truth))
    enough = counts >= MIN_ANSWERS
    assert enough.sum() >= 0.6 * len(truth)  # pretest slots spread the answers

    a, b, _posterior = marginal_maximum_likelihood(
        answers, declared.a, declared.b, declared.c, fit=enough
    )

    b_error = np.abs(b - true_b)[enough]
    a_error = np.abs(a - true_a)[enough]
    assert np.mean(b_error) < 0.2, np.round(b_error, 2)
    assert np.quantile(b_error, 0.9) < 0.4, np.round(b_error, 2)
    assert np.mean(a_error) < 0.3, np.round(a_error, 2)
    # No inflation of the discriminations (the fault of fixing abilities at final estimates).
    assert abs(np.mean((a - true_a)[enough])) < 0.15
    assert np.mean(b_error) < 0.5 * np.mean(np.abs(declared_b - true_b)[enough])
    # Items with too few answers keep their declared values.
    assert np.array_equal(a[~enough], declared.a[~enough])
