"""A small run of the simulation benchmark on the real bank: guards against regressions of the
engine or the parameters (the full run is ``bench/diagnostic_sim.py``; no timing here)."""

from bench.diagnostic_sim import CONDITIONS, format_report, load_content, simulate, targets
from tremplin.diagnostic.engine import Bank


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
