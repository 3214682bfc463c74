"""The adaptive engine on its own: no Django, no HTTP."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tremplin.diagnostic.engine import (
    AREAS,
    GRID,
    Bank,
    Diagnosis,
    Rules,
    logistic,
    normal_log_density,
    prior_from_screening,
    profile_of,
)
from tremplin.diagnostic.tests.factories import synthetic_parameters

BANK = Bank(synthetic_parameters(per_area=15, seed=3))


def run(diagnosis: Diagnosis, theta: float, rng: np.random.Generator) -> Diagnosis:
    bank = diagnosis.bank
    while (item_id := diagnosis.next_item()) is not None:
        i = bank.index[item_id]
        diagnosis.answer(item_id, rng.random() < logistic(bank.a[i] * (theta - bank.b[i])))
    return diagnosis


def test_no_item_is_ever_asked_twice():
    rules = Rules(max_items=len(BANK), decide_at=1.1, decide_at_last=None, se_below=0.0)
    diagnosis = run(Diagnosis(BANK, rules=rules), 0.3, np.random.default_rng(1))
    assert diagnosis.count == len(BANK)
    assert len(set(diagnosis.asked)) == len(BANK)
    assert diagnosis.stop_reason() == "bank_exhausted"


def test_answering_an_item_twice_is_refused():
    diagnosis = Diagnosis(BANK)
    diagnosis.answer(BANK.ids[0], True)
    with pytest.raises(ValueError):
        diagnosis.answer(BANK.ids[0], False)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(theta=st.floats(min_value=-2.5, max_value=2.5), seed=st.integers(0, 10_000))
def test_estimate_converges_towards_true_ability_as_items_grow(theta, seed):
    """Property: after the whole bank the estimate is close to the truth, and, for a person away
    from the prior's centre (where five items cannot yet pull the estimate), closer on average
    than after a few items. Derandomised: the same examples on every run."""
    rng = np.random.default_rng(seed)
    errors = {5: [], len(BANK): []}
    for _repeat in range(6):
        rules = Rules(max_items=len(BANK), decide_at=1.1, decide_at_last=None, se_below=0.0)
        diagnosis = Diagnosis(BANK, rules=rules)
        for step in range(len(BANK)):
            item_id = diagnosis.best_item()
            i = BANK.index[item_id]
            diagnosis.answer(item_id, rng.random() < logistic(BANK.a[i] * (theta - BANK.b[i])))
            if step + 1 in errors:
                errors[step + 1].append(abs(diagnosis.estimate()[0] - theta))
    assert np.mean(errors[len(BANK)]) < 0.6
    if abs(theta) >= 1.0:
        assert np.mean(errors[len(BANK)]) <= np.mean(errors[5]) + 0.1
    assert diagnosis.estimate()[1] < 0.45


def test_standard_error_shrinks_with_each_answer():
    diagnosis = Diagnosis(BANK)
    errors = [diagnosis.estimate()[1]]
    for item_id in BANK.ids[:10]:
        diagnosis.answer(item_id, True)
        errors.append(diagnosis.estimate()[1])
    assert errors[-1] < errors[0]


def test_stopping_rule_stops_when_a_profile_is_decided():
    rules = Rules(decide_at=0.9, decide_at_last=None, se_below=0.0, min_items=3, max_items=30)
    diagnosis = run(Diagnosis(BANK, rules=rules), 2.5, np.random.default_rng(2))
    assert diagnosis.stop_reason() == "profile_decided"
    assert max(diagnosis.profile_probabilities().values()) >= 0.9
    assert diagnosis.next_item() is None


def test_decision_threshold_falls_from_first_to_last_value_by_the_maximum():
    rules = Rules(decide_at=0.99, decide_at_last=0.6, min_items=4, max_items=40)
    diagnosis = Diagnosis(BANK, rules=rules)
    thresholds = []
    for item_id in BANK.ids[:40]:
        thresholds.append(diagnosis.decision_threshold())
        diagnosis.answer(item_id, True)
    thresholds.append(diagnosis.decision_threshold())
    assert thresholds[0] == thresholds[4] == 0.99
    assert thresholds == sorted(thresholds, reverse=True)
    assert thresholds[-1] == pytest.approx(0.6)


def test_stopping_rule_never_goes_beyond_the_maximum():
    rules = Rules(decide_at=1.1, decide_at_last=None, se_below=0.0, max_items=7)
    for theta in (-2.0, -1.5, 0.5, 2.0):
        diagnosis = run(Diagnosis(BANK, rules=rules), theta, np.random.default_rng(4))
        assert diagnosis.count == 7
        assert diagnosis.stop_reason() == "max_items"


def test_stopping_rule_waits_for_the_minimum_number_of_items():
    rules = Rules(decide_at=0.5, decide_at_last=None, se_below=5.0, min_items=4)
    diagnosis = Diagnosis(BANK, rules=rules)
    for _step in range(3):
        diagnosis.answer(diagnosis.next_item(), True)
    assert diagnosis.next_item() is not None
    diagnosis.answer(diagnosis.next_item(), True)
    assert diagnosis.next_item() is None


def test_stopping_rule_stops_when_precise_enough():
    rules = Rules(decide_at=1.1, decide_at_last=None, se_below=0.6, min_items=1)
    diagnosis = run(Diagnosis(BANK, rules=rules), 0.0, np.random.default_rng(5))
    assert diagnosis.stop_reason() == "precision_reached"
    assert diagnosis.estimate()[1] <= 0.6


def test_screening_shortens_the_test_for_a_person_with_no_autonomy():
    """Someone with no smartphone who never emails, and who fails every item."""
    low_mean, low_sd = prior_from_screening(has_smartphone=False, email_use="never")
    screened = Diagnosis(BANK, prior_mean=low_mean, prior_sd=low_sd)
    unscreened = Diagnosis(BANK)
    for diagnosis in (screened, unscreened):
        while (item_id := diagnosis.next_item()) is not None:
            diagnosis.answer(item_id, False)
    assert screened.profile() == unscreened.profile() == "excluded"
    assert screened.count < unscreened.count
    assert screened.count <= 5


def test_screening_starts_with_an_easy_item_for_a_person_with_no_autonomy():
    mean, sd = prior_from_screening(has_smartphone=False, email_use="never")
    low_first = Diagnosis(BANK, prior_mean=mean, prior_sd=sd).next_item()
    mean, sd = prior_from_screening(has_smartphone=True, email_use="alone")
    high_first = Diagnosis(BANK, prior_mean=mean, prior_sd=sd).next_item()
    assert BANK.b[BANK.index[low_first]] < -1.0
    assert BANK.b[BANK.index[low_first]] < BANK.b[BANK.index[high_first]]


def test_screening_answers_order_the_starting_estimate():
    starts = [
        prior_from_screening(has_smartphone=phone, email_use=email)[0]
        for phone, email in [
            (False, "never"),
            (True, "never"),
            (True, "with_help"),
            (True, "alone"),
        ]
    ]
    assert starts == sorted(starts)


def test_content_balancing_keeps_areas_within_the_slack():
    rules = Rules(decide_at=1.1, decide_at_last=None, se_below=0.0, max_items=24, balance_slack=2)
    diagnosis = run(Diagnosis(BANK, rules=rules), 1.0, np.random.default_rng(6))
    counts = [int(c) for c in diagnosis.area_counts]
    assert len(counts) == len(AREAS)
    assert max(counts) - min(counts) <= 2


def test_result_gives_a_profile_and_a_level_per_area():
    diagnosis = run(Diagnosis(BANK), 2.0, np.random.default_rng(7))
    result = diagnosis.result()
    assert result.profile == "advanced"
    assert set(result.levels) == set(AREAS)
    assert all(level in (1, 2, 3) for level in result.levels.values())
    assert result.items == diagnosis.count
    assert abs(sum(result.probabilities.values()) - 1) < 1e-3


def test_failing_everything_gives_level_one_everywhere_and_the_excluded_profile():
    diagnosis = Diagnosis(BANK)
    while (item_id := diagnosis.next_item()) is not None:
        diagnosis.answer(item_id, False)
    result = diagnosis.result()
    assert result.profile == "excluded"
    assert set(result.levels.values()) == {1}


def test_replay_ignores_items_removed_from_the_bank():
    diagnosis = Diagnosis.replay(BANK, [(BANK.ids[0], True), ("gone-item", False)])
    assert diagnosis.count == 1


def test_true_profiles_follow_the_cut_points():
    rules = Rules()
    assert profile_of(rules.excluded_below - 0.01) == "excluded"
    assert profile_of(rules.excluded_below) == "beginner"
    assert profile_of(rules.advanced_from) == "advanced"


def test_pinned_parameters_replace_those_of_the_bank_for_their_items_only():
    first, second = BANK.ids[:2]
    assert BANK.with_parameters({first: [BANK.a[0], BANK.b[0]], "gone-item": [1.0, 0.0]}) is BANK
    pinned = BANK.with_parameters({first: [2.5, -3.5], "gone-item": [1.0, 0.0]})
    assert (pinned.a[0], pinned.b[0]) == (2.5, -3.5)
    assert pinned.ids == BANK.ids
    assert (pinned.a[1], pinned.b[1]) == (BANK.a[1], BANK.b[1])
    assert np.array_equal(pinned.p[1:], BANK.p[1:])
    assert second in pinned.index


def eap(log_density: np.ndarray) -> float:
    weights = np.exp(log_density - log_density.max())
    return float((weights / weights.sum()) @ GRID)


def test_each_answer_counts_once_in_the_level_of_its_area():
    """The area's answers shrink towards the estimate from everything else (the screening prior
    and the other areas' answers), not towards an overall estimate that already holds them."""
    rules = Rules()
    diagnosis = Diagnosis(BANK, prior_mean=0.5, prior_sd=0.9)
    device = [i for i in BANK.ids if i.startswith("device")][:3]
    safety = [i for i in BANK.ids if i.startswith("safety")][:2]
    for item_id, is_correct in [(device[0], True), (device[1], True), (device[2], False)]:
        diagnosis.answer(item_id, is_correct)
    for item_id in safety:
        diagnosis.answer(item_id, False)

    def likelihood(answers):
        return sum(
            BANK.log_p[BANK.index[i]] if right else BANK.log_q[BANK.index[i]]
            for i, right in answers
        )

    device_answers = [(device[0], True), (device[1], True), (device[2], False)]
    safety_answers = [(i, False) for i in safety]
    prior = normal_log_density(GRID, 0.5, 0.9)
    rest = eap(prior + likelihood(safety_answers))
    expected = eap(
        normal_log_density(GRID, rest, rules.area_shrinkage_sd) + likelihood(device_answers)
    )
    estimates = diagnosis.area_estimates()
    assert estimates["device"] == pytest.approx(expected, abs=1e-9)
    overall = eap(prior + likelihood(device_answers + safety_answers))
    unanswered = eap(normal_log_density(GRID, overall, rules.area_shrinkage_sd))
    assert estimates["content"] == pytest.approx(unanswered, abs=1e-9)  # no answer of its own


def test_a_guessable_item_lifts_the_chance_of_a_right_answer_at_the_bottom():
    item = BANK.items[0]
    guessable = Bank([replace(item, guessing=0.25)])
    assert guessable.p[0, 0] >= 0.25 > BANK.p[0, 0]
    assert np.all(guessable.information[0] <= BANK.information[0] + 1e-12)


def test_the_sitting_s_seed_draws_the_same_item_on_every_replay_and_varies_the_first_one():
    rules = Rules(randomesque=4)
    firsts = {Diagnosis(BANK, rules=rules, seed=seed).next_item() for seed in range(40)}
    assert len(firsts) > 1
    answers = [(Diagnosis(BANK, rules=rules, seed=5).next_item(), True)]
    again = [Diagnosis.replay(BANK, answers, rules=rules, seed=5).next_item() for _ in range(3)]
    assert len(set(again)) == 1


def test_enemy_items_are_never_asked_together():
    first, second = BANK.items[0], BANK.items[1]
    bank = Bank([replace(first, enemies=(second.id,)), *BANK.items[1:]])
    diagnosis = Diagnosis(bank)
    diagnosis.answer(first.id, True)
    assert not diagnosis.available[bank.index[second.id]]
    assert second.id not in {diagnosis.next_item()}


def test_a_pretest_slot_asks_an_unscored_new_item():
    new = replace(BANK.items[0], id="device-new", pretest=True)
    bank = Bank([*BANK.items, new])
    rules = Rules(pretest_positions=(2,), decide_at=1.1, decide_at_last=None, se_below=0.0)
    diagnosis = Diagnosis(bank, rules=rules)
    assert diagnosis.next_step()[1] is True
    diagnosis.answer(diagnosis.next_item(), True)
    assert diagnosis.next_step() == ("device-new", False)
    before = diagnosis.estimate()
    diagnosis.answer("device-new", False, scored=False)
    assert diagnosis.estimate() == before and diagnosis.count == 1 and diagnosis.questions == 2
    assert all(bank.ids[i] != "device-new" for i in diagnosis.asked)


def test_an_excluded_person_classed_otherwise_weighs_more_in_profile_and_stop():
    even = Diagnosis(BANK, prior_mean=-1.47, prior_sd=0.3, rules=Rules(excluded_cost=1.0))
    probabilities = even.profile_probabilities()
    assert 0.3 < probabilities["excluded"] < 0.5 < probabilities["beginner"]
    assert even.profile() == "beginner"
    assert even.risk() == pytest.approx(1 - probabilities["beginner"])
    weighed = Diagnosis(BANK, prior_mean=-1.47, prior_sd=0.3, rules=Rules(excluded_cost=2.0))
    assert weighed.profile() == "excluded"
    assert weighed.risk() == pytest.approx(1 - probabilities["excluded"])
    # Deciding *beginner* needs P(excluded) under half of 1 - threshold: a longer test near
    # the lower cut point.
    sure = Diagnosis(BANK, prior_mean=-0.9, prior_sd=0.2, rules=Rules(excluded_cost=2.0))
    assert sure.profile() == "beginner"
    assert sure.risk() == pytest.approx(
        2 * sure.profile_probabilities()["excluded"] + sure.profile_probabilities()["advanced"]
    )
