"""Every figure of the impact app leaves through ``publish``: pages, charts, exports and the PDF
report show a ``Published`` table, never a raw one.

Small-count suppression (the CNIL's and INSEE's rule of thumb, PRODUCT.md « Impact »): a cell
that rests on fewer than 5 people shows « < 5 » (``core.privacy.SMALL_COUNT_THRESHOLD``).
Complementary suppression: when the cells of a row or a column add up to a total that is shown,
one hidden cell could be recomputed by subtraction; the smallest other cell of that group is
then hidden too, and again until no group has exactly one hidden cell. A rate hides with the
smaller of its two counts, and a change between two periods hides when either side is hidden.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from tremplin.core.privacy import SMALL_COUNT_THRESHOLD

HIDDEN = "< 5"
NOT_APPLICABLE = "–"

PEOPLE, HOURS, PERCENT, EUROS, COUNT = "people", "hours", "percent", "euros", "count"
# The ``people`` of a count that is about no one (spaces, towns): never hidden.
NOT_PEOPLE = 10**9


@dataclass(frozen=True)
class Cell:
    """A value and the number of distinct people it rests on (what suppression reads)."""

    value: int | float | Decimal | None
    people: int
    unit: str = PEOPLE


def people(count: int) -> Cell:
    return Cell(count, count, PEOPLE)


def hours(minutes: int, people_count: int) -> Cell:
    return Cell(round((minutes or 0) / 60, 1), people_count, HOURS)


def amount(value, people_count: int, unit: str = COUNT) -> Cell:
    return Cell(value or 0, people_count, unit)


def rate(part: int, whole: int) -> Cell:
    """``part`` out of ``whole`` people, in percent; hidden with the smaller of the two."""
    value = None if not whole else round(100 * part / whole)
    return Cell(value, min(part, whole), PERCENT)


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]]
    # The rows of each column add up to this row (people counted once may add up to less: the
    # rule still applies, it only errs on the side of hiding).
    total: tuple[str, list[Cell]] | None = None
    # The last column of each row is the total of the others.
    row_totals: bool = False
    # Two columns: this period and the previous one; ``publish`` adds the change.
    compare: bool = False
    note: str = ""
    chart: str = "bar"  # "bar", "pie" or "" (no chart)


@dataclass(frozen=True)
class Shown:
    text: str
    value: int | float | Decimal | None  # None when hidden or not applicable
    is_hidden: bool = False


@dataclass
class Published:
    key: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Shown]]]
    total: tuple[str, list[Shown]] | None = None
    note: str = ""
    chart: str = "bar"
    hidden_count: int = 0
    labels: list[str] = field(default_factory=list)

    def all_rows(self) -> list[tuple[str, list[Shown]]]:
        return self.rows + ([self.total] if self.total else [])


def is_small(cell: Cell) -> bool:
    return cell.value is not None and cell.people < SMALL_COUNT_THRESHOLD


def hidden_cells(table: Table) -> set[tuple[int, int]]:
    """Positions ``(row, column)`` to hide; the total row is row ``len(table.rows)``."""
    grid = [cells for _label, cells in table.rows]
    if table.total:
        grid.append(table.total[1])
    hidden = {
        (i, j) for i, cells in enumerate(grid) for j, cell in enumerate(cells) if is_small(cell)
    }
    groups = []
    if table.total:
        total_index = len(grid) - 1
        for j in range(len(table.columns)):
            groups.append(([(i, j) for i in range(total_index)], (total_index, j)))
    if table.row_totals:
        for i, cells in enumerate(grid):
            last = len(cells) - 1
            groups.append(([(i, j) for j in range(last)], (i, last)))
    changed = True
    while changed:
        changed = False
        for parts, total in groups:
            if total in hidden:
                continue
            parts = [p for p in parts if grid[p[0]][p[1]].value is not None]
            if sum(1 for p in parts if p in hidden) != 1:
                continue
            shown = [p for p in parts if p not in hidden]
            # With nothing else to hide, the total would give the hidden cell away: hide it.
            victim = min(shown, key=lambda p: grid[p[0]][p[1]].people) if shown else total
            hidden.add(victim)
            changed = True
    return hidden


def publish(table: Table) -> Published:
    """The one exit of every figure: numbers formatted, small and complementary cells hidden."""
    hidden = hidden_cells(table)

    def show(i: int, cells: list[Cell]) -> list[Shown]:
        shown = [
            Shown(HIDDEN, None, True) if (i, j) in hidden else _format(cell)
            for j, cell in enumerate(cells)
        ]
        if table.compare:
            shown.append(_change(cells, shown))
        return shown

    rows = [(label, show(i, cells)) for i, (label, cells) in enumerate(table.rows)]
    total = None
    if table.total:
        total = (table.total[0], show(len(table.rows), table.total[1]))
    columns = list(table.columns) + ([str(_("Évolution"))] if table.compare else [])
    return Published(
        key=table.key,
        title=str(table.title),
        columns=[str(column) for column in columns],
        rows=[(str(label), cells) for label, cells in rows],
        total=(str(total[0]), total[1]) if total else None,
        note=str(table.note),
        chart=table.chart,
        hidden_count=len(hidden),
    )


def _number(value, decimals: int = 0) -> str:
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _format(cell: Cell) -> Shown:
    if cell.value is None:
        return Shown(NOT_APPLICABLE, None)
    if cell.unit == PERCENT:
        return Shown(f"{_number(cell.value)} %", cell.value)
    if cell.unit == EUROS:
        return Shown(f"{_number(cell.value, 2)} €", cell.value)
    is_whole = isinstance(cell.value, int) or float(cell.value).is_integer()
    return Shown(_number(cell.value, 0 if is_whole else 1), cell.value)


def _change(cells: list[Cell], shown: list[Shown]) -> Shown:
    """This period against the previous one, in percent; hidden when either side is."""
    if len(shown) < 2 or shown[0].is_hidden or shown[1].is_hidden:
        return (
            Shown(HIDDEN, None, True)
            if any(s.is_hidden for s in shown[:2])
            else Shown(NOT_APPLICABLE, None)
        )
    current, previous = cells[0].value, cells[1].value
    if current is None or previous is None or not previous:
        return Shown(NOT_APPLICABLE, None)
    if cells[0].unit == PERCENT:
        points = current - previous
        return Shown(f"{'+' if points >= 0 else ''}{_number(points)} pt", points)
    change = 100 * (float(current) - float(previous)) / float(previous)
    change = 0 if math.isclose(change, 0, abs_tol=0.5) else round(change)
    return Shown(f"{'+' if change >= 0 else ''}{_number(change)} %", change)
