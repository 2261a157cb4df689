"""Charts drawn on the server as inline SVG (no script, no style sheet of
their own): a horizontal bar per row, its length proportional to its value,
named for screen readers by a ``<title>`` and a ``<desc>`` (the page's
table carries the same numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

WIDTH = 640
LABEL_WIDTH = 300
BAR_SPACE = 270
ROW_HEIGHT = 24
BAR_HEIGHT = 16
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    shown: str = ""
    """The value as written beside the bar (default: the number)."""


def bar_length(value: int, largest: int) -> float:
    """``value``'s share of the bar space (the largest value fills it)."""
    if largest <= 0 or value <= 0:
        return 0.0
    return round(BAR_SPACE * value / largest, 2)


def bar_chart(
    chart_id: str, title: str, description: str, bars: Sequence[Bar]
) -> Markup:
    """An ``<svg>`` element, one bar per row, in the order given."""
    largest = max((bar.value for bar in bars), default=0)
    height = TOP * 2 + ROW_HEIGHT * max(len(bars), 1)
    rows = "".join(_row(index, bar, largest) for index, bar in enumerate(bars))
    named = escape(chart_id, {'"': "&quot;"})
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'id="{named}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{named}-title {named}-desc">'
        f'<title id="{named}-title">{escape(title)}</title>'
        f'<desc id="{named}-desc">{escape(description)}</desc>'
        f"{rows}</svg>"
    )
    return Markup(svg)  # noqa: S704 - every text in it is escaped above


def _row(index: int, bar: Bar, largest: int) -> str:
    y = TOP + index * ROW_HEIGHT
    middle = y + ROW_HEIGHT / 2
    length = bar_length(bar.value, largest)
    shown = bar.shown or str(bar.value)
    return (
        f'<g class="bar">'
        f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
        f'dominant-baseline="middle" font-size="12" fill="#1f2933">'
        f"{escape(clipped(bar.label))}</text>"
        f'<rect x="{LABEL_WIDTH}" y="{y + (ROW_HEIGHT - BAR_HEIGHT) / 2}" '
        f'width="{length}" height="{BAR_HEIGHT}" fill="#1d5fa8"/>'
        f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" '
        f'dominant-baseline="middle" font-size="12" fill="#1f2933">'
        f"{escape(shown)}</text></g>"
    )


def clipped(label: str, most: int = 40) -> str:
    """A label short enough for its column (the table has it whole)."""
    return label if len(label) <= most else label[: most - 1] + "…"
