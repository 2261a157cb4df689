"""The server-drawn bar charts: well-formed SVG, named for screen readers,
each bar as long as its share of the largest value, every text escaped."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from services.console.charts import BAR_SPACE, Bar, bar_chart, bar_length

SVG = "{http://www.w3.org/2000/svg}"


def drawn(bars: list[Bar]) -> ElementTree.Element:
    return ElementTree.fromstring(str(bar_chart("c", "Waiting", "One bar each", bars)))


def test_the_chart_is_well_formed_and_named():
    svg = drawn([Bar("A", 3)])
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-title c-desc"
    assert svg.find(f"{SVG}title").text == "Waiting"
    assert svg.find(f"{SVG}desc").text == "One bar each"


def test_the_bars_are_proportional_to_their_values():
    svg = drawn([Bar("A", 40), Bar("B", 10), Bar("C", 0)])
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths == [BAR_SPACE, BAR_SPACE / 4, 0.0]


def test_each_bar_says_its_label_and_value():
    svg = drawn([Bar("Hospital · psychiatry", 12), Bar("B", 5, "≥5")])
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["Hospital · psychiatry", "12", "B", "≥5"]


def test_texts_are_escaped():
    chart = str(bar_chart('x"y', "<b>", "a & b", [Bar("<script>", 1)]))
    svg = ElementTree.fromstring(chart)
    assert svg.get("id") == 'x"y' and "<script>" not in chart
    assert [t.text for t in svg.iter(f"{SVG}text")][0] == "<script>"


def test_an_empty_chart_is_still_well_formed():
    assert drawn([]).findall(f"{SVG}g") == []


@pytest.mark.parametrize(
    ("value", "largest", "length"),
    [
        (0, 0, 0.0),
        (5, 0, 0.0),
        (-1, 10, 0.0),
        (10, 10, BAR_SPACE),
        (1, 3, BAR_SPACE / 3),
    ],
)
def test_a_bars_length(value, largest, length):
    assert bar_length(value, largest) == length


def test_a_long_label_is_clipped_in_the_chart():
    label = "Алматинский областной центр психического здоровья"
    text = next(drawn([Bar(label, 1)]).iter(f"{SVG}text")).text
    assert text.endswith("…") and len(text) == 40
