"""Every table of the dashboards in CSV, XLSX and ODS (tablib), from its published form: a
hidden cell is exported as « < 5 », never as its value."""

from typing import TYPE_CHECKING

from tremplin.impact.figures import Published

if TYPE_CHECKING:
    import tablib

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def dataset(table: Published) -> "tablib.Dataset":
    import tablib  # loaded by the first export, not by every worker

    data = tablib.Dataset(headers=["", *table.columns], title=table.title[:31])
    for label, cells in table.all_rows():
        data.append([label, *[cell.text if cell.value is None else cell.value for cell in cells]])
    return data


def export(table: Published, fmt: str) -> bytes:
    """The table as a file of ``fmt`` (a key of ``FORMATS``)."""
    exported = dataset(table).export(fmt)
    return exported.encode("utf-8-sig") if isinstance(exported, str) else exported


def export_book(tables: list[Published], fmt: str) -> bytes:
    """Every table, one sheet each (XLSX and ODS)."""
    import tablib  # loaded by the first export, not by every worker

    book = tablib.Databook([dataset(table) for table in tables])
    return book.export(fmt)
