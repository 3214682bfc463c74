"""A small run of the simulation benchmark on the real bank: guards against regressions of the
engine or the parameters (the full run is ``bench/diagnostic_sim.py``; no timing here)."""

import pytest

from bench.diagnostic_sim import (
    CONDITIONS,
    format_report,
    load_content,
    rules_from,
    simulate,
    targets,
)
from tremplin.diagnostic.engine import DEFAULT_RULES, Bank


def test_adaptive_test_stays_short_and_close_to_the_whole_bank_on_300_people():
    content = load_content()
    bank = Bank(content.parameters())
    conditions = [c for c in CONDITIONS if c.key in ("in-sample", "(i)")]
    report = simulate(
        bank,
        people=300,
        seed=7,
        conditions=conditions,
        kinds=[item.type for item in content.items.values()],
    )
    for entry in report["conditions"].values():
        adaptive, whole = entry["rows"]["adaptive"], entry["rows"]["whole bank"]
        assert adaptive["mean_items"] <= 18, format_report(report)
        assert adaptive["agreement"] >= whole["agreement"] - 0.06, format_report(report)
        assert adaptive["gross_errors"] <= 0.01, format_report(report)
    spread = report["conditions"]["in-sample"]["exposure"]
    assert spread["first_items"] > 4 and spread["tests_with_enemies"] == 0
    assert any(label == "exposure" for label, _passed, _detail in targets(report))


def test_rules_option_changes_only_the_rules_it_names():
    rules = rules_from(
        ["balance_slack=99", "max_exposure=0.36", "selection=information", "decide_at_last=None"]
    )
    assert (rules.balance_slack, rules.max_exposure) == (99, 0.36)
    assert (rules.selection, rules.decide_at_last) == ("information", None)
    assert rules.randomesque == DEFAULT_RULES.randomesque
    assert rules_from([]) == DEFAULT_RULES
    with pytest.raises(AttributeError):
        rules_from(["no_such_rule=1"])
