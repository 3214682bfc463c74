"""Simulation benchmark of the adaptive diagnostic on the item bank's own parameters.

    .venv/bin/python bench/diagnostic_sim.py [--people 10000] [--seed 1]

Simulated people are drawn from a mixture that matches the three profiles of a digital-inclusion
network (about a fifth with no autonomy, half beginners, the rest advanced). Each answers the two
screening questions, then every item of the bank, under the 2PL model with the bank's own
parameters. The same answers are read by three ways of testing:

- the adaptive test (engine defaults: stops when a profile is decided),
- the whole bank,
- a fixed 32-item form balanced across the six areas (the length of the best-known French
  digital-skills certification), its items chosen for information at the two cut points.

All three start from the same screening prior and classify by the largest posterior profile
probability, so that only the choice of items differs. Targets (issue 5, PRODUCT.md):
(a) adaptive agreement ≥ the 32-item form's with a mean of at most 40% of its items (12.8);
(b) with a mean of at most 30% of the bank, agreement within 2 points of the whole bank's;
(c) gross errors (excluded classed advanced, or the reverse) under 0.5%.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tremplin.diagnostic.engine import (  # noqa: E402
    DEFAULT_RULES,
    GRID,
    PROFILES,
    Bank,
    Diagnosis,
    Rules,
    logistic,
    prior_from_screening,
    profile_of,
)

# Ability mixture: (weight, mean, sd) for people with no autonomy, beginners, advanced users.
POPULATION = ((0.2, -2.3, 0.6), (0.5, -0.5, 0.7), (0.3, 1.3, 0.7))
FIXED_FORM_SIZE = 32
EMAIL_USES = ("never", "with_help", "alone")


@dataclass
class Outcome:
    name: str
    items: np.ndarray  # items asked, per person
    profiles: list[str]
    stops: list[str] | None = None  # why the adaptive test stopped, per person


def draw_people(count: int, rng: np.random.Generator) -> np.ndarray:
    weights = np.array([w for w, _m, _s in POPULATION])
    component = rng.choice(len(POPULATION), size=count, p=weights / weights.sum())
    means = np.array([m for _w, m, _s in POPULATION])[component]
    spreads = np.array([s for _w, _m, s in POPULATION])[component]
    return rng.normal(means, spreads)


def draw_screening(thetas: np.ndarray, rng: np.random.Generator) -> list[tuple[bool, str]]:
    """Screening answers that follow ability, with realistic noise."""
    has_smartphone = rng.random(thetas.size) < logistic(2.0 * (thetas + 1.6))
    draw = rng.random(thetas.size)
    at_least_help = draw < logistic(1.7 * (thetas + 0.9))
    alone = draw < logistic(1.7 * (thetas - 0.3))
    email = np.where(alone, 2, np.where(at_least_help, 1, 0))
    return [(bool(s), EMAIL_USES[e]) for s, e in zip(has_smartphone, email, strict=True)]


def classify(bank: Bank, answers: np.ndarray, columns: np.ndarray, priors, rules: Rules):
    """Profiles from a fixed set of items (vectorised: one matrix product for everyone)."""
    log_post = np.array([_log_prior(mean, sd) for mean, sd in priors])
    chosen = answers[:, columns]
    log_post += chosen @ bank.log_p[columns] + (1 - chosen) @ bank.log_q[columns]
    weights = np.exp(log_post - log_post.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    excluded = weights[:, GRID < rules.excluded_below].sum(axis=1)
    advanced = weights[:, GRID >= rules.advanced_from].sum(axis=1)
    stacked = np.stack([excluded, 1 - excluded - advanced, advanced], axis=1)
    return [PROFILES[i] for i in stacked.argmax(axis=1)]


def _log_prior(mean: float, sd: float) -> np.ndarray:
    return -0.5 * ((GRID - mean) / sd) ** 2


def fixed_form(bank: Bank, size: int, rules: Rules) -> np.ndarray:
    """A form balanced across areas, each area's share filled with its most informative items
    at the two cut points."""
    at_cuts = bank.information[
        :, np.searchsorted(GRID, [rules.excluded_below, rules.advanced_from])
    ]
    score = at_cuts.sum(axis=1)
    areas = len(bank.areas)
    quotas = [size // areas + (1 if i < size % areas else 0) for i in range(areas)]
    chosen = []
    for area_index, quota in enumerate(quotas):
        members = np.flatnonzero(bank.area_of == area_index)
        chosen.extend(members[np.argsort(-score[members])][:quota])
    return np.array(sorted(chosen))


def run_adaptive(bank: Bank, answers: np.ndarray, priors, rules: Rules) -> Outcome:
    profiles, counts, stops = [], [], []
    for person, (mean, sd) in enumerate(priors):
        diagnosis = Diagnosis(bank, prior_mean=mean, prior_sd=sd, rules=rules)
        while (item_id := diagnosis.next_item()) is not None:
            diagnosis.answer(item_id, bool(answers[person, bank.index[item_id]]))
        profiles.append(diagnosis.profile())
        counts.append(diagnosis.count)
        stops.append(diagnosis.stop_reason())
    return Outcome("adaptive", np.array(counts), profiles, stops)


def simulate(bank: Bank, *, people: int, seed: int, rules: Rules = DEFAULT_RULES) -> dict:
    rng = np.random.default_rng(seed)
    thetas = draw_people(people, rng)
    truth = [profile_of(theta, rules) for theta in thetas]
    screening = draw_screening(thetas, rng)
    priors = [prior_from_screening(has_smartphone=s, email_use=e) for s, e in screening]
    answers = (
        rng.random((people, len(bank))) < logistic(bank.a * (thetas[:, None] - bank.b))
    ).astype(float)
    whole = np.arange(len(bank))
    form = fixed_form(bank, min(FIXED_FORM_SIZE, len(bank)), rules)
    outcomes = [
        run_adaptive(bank, answers, priors, rules),
        Outcome(
            "whole bank", np.full(people, len(bank)), classify(bank, answers, whole, priors, rules)
        ),
        Outcome(
            f"fixed {form.size}-item form",
            np.full(people, form.size),
            classify(bank, answers, form, priors, rules),
        ),
    ]
    rows = {}
    for outcome in outcomes:
        agree = np.mean([p == t for p, t in zip(outcome.profiles, truth, strict=True)])
        gross = np.mean(
            [
                {p, t} == {"excluded", "advanced"}
                for p, t in zip(outcome.profiles, truth, strict=True)
            ]
        )
        rows[outcome.name] = {
            "agreement": float(agree),
            "mean_items": float(outcome.items.mean()),
            "max_items": int(outcome.items.max()),
            "gross_errors": float(gross),
        }
    shares = {name: truth.count(name) / people for name in PROFILES}
    stops = outcomes[0].stops
    stop_mix = {reason: stops.count(reason) / people for reason in sorted(set(stops))}
    return {
        "rows": rows,
        "bank_size": len(bank),
        "form_size": int(form.size),
        "truth": shares,
        "stops": stop_mix,
        "rules": rules,
    }


def targets(report: dict) -> list[tuple[str, bool, str]]:
    rows = report["rows"]
    adaptive, whole = rows["adaptive"], rows["whole bank"]
    form = rows[f"fixed {report['form_size']}-item form"]
    a_limit = 0.4 * report["form_size"]
    b_limit = 0.3 * report["bank_size"]
    return [
        (
            "(a)",
            adaptive["agreement"] >= form["agreement"] and adaptive["mean_items"] <= a_limit,
            f"adaptive agreement {adaptive['agreement']:.1%} ≥ fixed form {form['agreement']:.1%}"
            f" with mean {adaptive['mean_items']:.1f} ≤ {a_limit:.1f} items",
        ),
        (
            "(b)",
            adaptive["agreement"] >= whole["agreement"] - 0.02
            and adaptive["mean_items"] <= b_limit,
            f"adaptive {adaptive['agreement']:.1%} within 2 points of whole bank "
            f"{whole['agreement']:.1%} with mean {adaptive['mean_items']:.1f} ≤ {b_limit:.1f} items",
        ),
        (
            "(c)",
            adaptive["gross_errors"] < 0.005,
            f"gross errors {adaptive['gross_errors']:.2%} < 0.50%",
        ),
    ]


def format_report(report: dict) -> str:
    lines = [
        f"Bank: {report['bank_size']} items. True profiles: "
        + ", ".join(f"{name} {share:.1%}" for name, share in report["truth"].items()),
        "",
        f"{'method':<22} {'agreement':>10} {'mean items':>11} {'max items':>10} {'gross errors':>13}",
    ]
    for name, row in report["rows"].items():
        lines.append(
            f"{name:<22} {row['agreement']:>10.1%} {row['mean_items']:>11.1f} "
            f"{row['max_items']:>10d} {row['gross_errors']:>13.2%}"
        )
    rules = report["rules"]
    lines.append(
        f"\nAdaptive rules: decide at {rules.decide_at:.2f} falling to {rules.decide_at_last} by "
        f"{rules.max_items} items, SE ≤ {rules.se_below}, at least {rules.min_items} items, "
        f"selection {rules.selection}, area slack {rules.balance_slack}; "
        f"cut points {rules.excluded_below} / {rules.advanced_from}; plus 2 screening questions."
    )
    lines.append(
        "Adaptive stops: "
        + ", ".join(f"{reason} {share:.1%}" for reason, share in report["stops"].items())
    )
    lines.append("")
    for label, passed, detail in targets(report):
        lines.append(f"{label} {'PASS' if passed else 'FAIL'}: {detail}")
    return "\n".join(lines)


def load_bank() -> Bank:
    from tremplin.diagnostic.content import load_content

    return Bank(load_content(ROOT / "content" / "diagnostic").parameters())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report = simulate(load_bank(), people=args.people, seed=args.seed)
    print(f"{args.people} simulated people, seed {args.seed}")
    print(format_report(report))
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0 if all(passed for _label, passed, _detail in targets(report)) else 1


if __name__ == "__main__":
    sys.exit(main())
