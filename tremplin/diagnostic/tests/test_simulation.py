"""A small run of the simulation benchmark on the real bank: guards against regressions of the
engine or the parameters (the full run is ``bench/diagnostic_sim.py``; no timing here)."""

from bench.diagnostic_sim import format_report, load_bank, simulate, targets


def test_adaptive_test_stays_short_and_close_to_the_whole_bank_on_300_people():
    report = simulate(load_bank(), people=300, seed=7)
    rows = report["rows"]
    adaptive, whole = rows["adaptive"], rows["whole bank"]
    assert adaptive["mean_items"] <= 0.4 * report["form_size"] + 2, format_report(report)
    assert adaptive["agreement"] >= whole["agreement"] - 0.05, format_report(report)
    assert adaptive["gross_errors"] <= 0.01, format_report(report)
    assert [label for label, _passed, _detail in targets(report)] == ["(a)", "(b)", "(c)"]
