"""The one exit of every figure: small counts hidden, and the complementary cells that would
let a hidden one be recomputed from a total."""

from tremplin.impact.figures import HIDDEN, Cell, Table, hours, people, publish, rate


def texts(published) -> dict:
    return {label: [cell.text for cell in cells] for label, cells in published.all_rows()}


def test_a_count_under_five_people_shows_less_than_five():
    table = Table("t", "T", ["Personnes"], [("a", [people(4)]), ("b", [people(5)])])
    assert texts(publish(table)) == {"a": [HIDDEN], "b": ["5"]}


def test_zero_is_hidden_too_as_every_count_under_five():
    assert texts(publish(Table("t", "T", ["n"], [("a", [people(0)])]))) == {"a": [HIDDEN]}


def test_a_complementary_cell_is_hidden_when_a_total_would_give_the_small_one_away():
    table = Table(
        "t",
        "T",
        ["Personnes"],
        [("a", [people(3)]), ("b", [people(10)]), ("c", [people(20)])],
        total=("Total", [people(33)]),
    )
    published = publish(table)
    # 33 − 10 − 20 would give 3: the smallest other cell (10) is hidden as well.
    assert texts(published) == {"a": [HIDDEN], "b": [HIDDEN], "c": ["20"], "Total": ["33"]}
    assert published.hidden_count == 2


def test_two_small_cells_need_no_complement():
    table = Table(
        "t",
        "T",
        ["n"],
        [("a", [people(3)]), ("b", [people(2)]), ("c", [people(20)])],
        total=("Total", [people(25)]),
    )
    assert texts(publish(table)) == {"a": [HIDDEN], "b": [HIDDEN], "c": ["20"], "Total": ["25"]}


def test_with_a_single_other_cell_both_go_and_a_hidden_total_needs_nothing():
    table = Table(
        "t", "T", ["n"], [("a", [people(2)]), ("b", [people(30)])], total=("T", [people(32)])
    )
    assert texts(publish(table)) == {"a": [HIDDEN], "b": [HIDDEN], "T": ["32"]}
    small = Table(
        "t", "T", ["n"], [("a", [people(2)]), ("b", [people(1)])], total=("T", [people(3)])
    )
    assert texts(publish(small)) == {"a": [HIDDEN], "b": [HIDDEN], "T": [HIDDEN]}


def test_complements_run_along_rows_and_columns_until_nothing_can_be_recomputed():
    # Employment-like: rows are situations, the last column each row's total; the total row
    # is each column's total. Hiding (a, 3 months) forces a cell in its row and its column,
    # which in turn may force more.
    table = Table(
        "t",
        "T",
        ["3 mois", "6 mois", "Ensemble"],
        [
            ("a", [people(2), people(9), people(11)]),
            ("b", [people(8), people(7), people(15)]),
        ],
        total=("Total", [people(10), people(16), people(26)]),
        row_totals=True,
    )
    shown = texts(publish(table))
    assert shown["a"][0] == HIDDEN
    assert HIDDEN in (shown["a"][1], shown["a"][2])  # its row
    assert HIDDEN in (shown["b"][0], shown["Total"][0])  # its column
    assert shown["Total"][2] == "26"


def test_a_rate_hides_with_the_smaller_of_its_two_counts():
    assert texts(publish(Table("t", "T", ["%"], [("a", [rate(3, 60)])]))) == {"a": [HIDDEN]}
    assert texts(publish(Table("t", "T", ["%"], [("a", [rate(57, 60)])]))) == {"a": ["95 %"]}


def test_hours_of_fewer_than_five_people_are_hidden():
    assert texts(publish(Table("t", "T", ["h"], [("a", [hours(600, 3)])]))) == {"a": [HIDDEN]}
    assert texts(publish(Table("t", "T", ["h"], [("a", [hours(90, 6)])]))) == {"a": ["1,5"]}


def test_a_change_between_periods_hides_when_either_side_is_hidden():
    table = Table(
        "t",
        "T",
        ["Période", "Avant"],
        [("a", [people(12), people(3)]), ("b", [people(30), people(20)])],
        compare=True,
    )
    shown = texts(publish(table))
    assert shown["a"] == ["12", HIDDEN, HIDDEN]  # 12 − change would give 3
    assert shown["b"] == ["30", "20", "+50 %"]


def test_not_applicable_is_a_dash_and_never_hidden():
    shown = texts(publish(Table("t", "T", ["%"], [("a", [Cell(None, 0, "percent")])])))
    assert shown == {"a": ["–"]}
