"""Server-rendered SVG charts (pygal), one per published table, shown as an image beside the
table that holds its figures: no chart needs JavaScript, and a hidden cell (« < 5 ») has no bar.

Each chart is a ``data:`` address, so the strict CSP of the page (no inline style) does not
reach the styles pygal writes inside its own SVG document, and no second request recomputes
the figures.
"""

import re
from functools import cache
from urllib.parse import quote

from tremplin.impact.figures import Published

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


@cache
def _options() -> dict:
    from pygal.style import Style

    style = Style(
        background="white",
        plot_background="white",
        foreground="#222222",
        foreground_strong="#111111",
        foreground_subtle="#555555",
        colors=("#1d5a85", "#a33b20", "#2e6b30", "#5e3b8a", "#8a5a00", "#00606b"),
        font_family="sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=13,
        legend_font_size=13,
    )
    return {
        "style": style,
        "js": [],  # pygal's default tooltips come from a CDN: none here
        "disable_xml_declaration": True,
        "width": 640,
        "height": 280,
        "print_values": True,
        "show_legend": False,
        "no_prefix": True,
        "truncate_label": 40,
    }


def chart_svg(table: Published, *, column: int = 0) -> str | None:
    """The SVG of ``table`` (its ``column``, shown cells only), or None for a table without a
    chart or without a single shown figure."""
    if not table.chart or not table.rows:
        return None
    points = [
        (label, cells[column].value if not cells[column].is_hidden else None)
        for label, cells in table.rows
    ]
    if all(value is None for _label, value in points):
        return None
    import pygal  # loaded by the first chart, not by every web worker at start

    options = _options()
    if table.chart == "pie":
        chart = pygal.Pie(**{**options, "show_legend": True, "legend_at_bottom": True})
        for label, value in points:
            chart.add(label, [float(value) if value is not None else None])
    else:
        chart = pygal.HorizontalBar(**options)
        chart.x_labels = [label for label, _value in points]
        chart.add(table.columns[column], [float(v) if v is not None else None for _l, v in points])
    # Images run no script: pygal's inline configuration script is dead weight, taken out.
    return SCRIPT.sub("", chart.render(is_unicode=True))


def chart_data_url(table: Published, *, column: int = 0) -> str | None:
    svg = chart_svg(table, column=column)
    return None if svg is None else "data:image/svg+xml;charset=utf-8," + quote(svg)
