"""SVG charts: escaped labels, geometry that follows the scores, grey-print-safe colours."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from scan.report.charts import (
    Band,
    Bar,
    bar_chart,
    level_colours,
)
from scan.report.text import format_score

SVG = "{http://www.w3.org/2000/svg}"
BANDS = [Band("Incidenteel", 0), Band("Structureel", 40), Band("Doorlopende leerlijn", 70)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_format_score_is_dutch() -> None:
    assert format_score(66.65) in {"66,7", "66,6"}  # float repr; scores arrive rounded
    assert format_score(66.7) == "66,7"
    assert format_score(0.0) == "0,0"
    assert format_score(None) == "–"


def test_labels_are_escaped_and_the_svg_is_well_formed() -> None:
    hostile = "<img src=x> {{ 7*7 }}"
    for chart in (
        bar_chart([Bar(hostile, 50.0)], BANDS),
        bar_chart([Bar(hostile, 50.0, bands=tuple(BANDS)), Bar("b", 20.0)], []),
    ):
        root = parse(str(chart))
        assert root.find(f"{SVG}image") is None
        assert not any(el.tag.endswith("img") for el in root.iter())
        assert any("{{ 7*7 }}" in t for t in texts(root))
        assert "<img" not in str(chart)


def test_bar_length_follows_the_score_and_null_is_explained() -> None:
    root = parse(str(bar_chart([Bar("a", 25.0), Bar("b", 100.0), Bar("c", None)], BANDS)))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("height") == "14"]
    assert len(bars) == 2
    short, full = (float(b.get("width", "0")) for b in bars)
    assert math.isclose(short * 4, full, rel_tol=0.01)
    assert "onvoldoende beantwoord" in texts(root)
    assert {"25,0", "100,0"} <= set(texts(root))


def test_team_spread_draws_a_whisker_from_low_to_high() -> None:
    plain = parse(str(bar_chart([Bar("a", 50.0)], BANDS)))
    spread = parse(str(bar_chart([Bar("a", 50.0, 20.0, 80.0)], BANDS)))
    assert not list(plain.iter(f"{SVG}path"))
    (whisker,) = list(spread.iter(f"{SVG}path"))
    xs = [float(x) for x in re.findall(r"[MH]([\d.]+) ", whisker.get("d", ""))]
    bar = next(r for r in spread.iter(f"{SVG}rect") if r.get("height") == "14")
    left, width = float(bar.get("x", "0")), float(bar.get("width", "0"))
    # the bar ends at 50; the whisker spans 20..80 on the same scale
    assert math.isclose(min(xs), left + width * 20 / 50, rel_tol=0.01)
    assert math.isclose(max(xs), left + width * 80 / 50, rel_tol=0.01)


def test_labels_are_wrapped_whole_never_cut_off() -> None:
    long = "Vorm van samenwerking en beroepspraktijkvorming met de partners in de regio"
    root = parse(str(bar_chart([Bar(long, 50.0), Bar("kort", 20.0)], BANDS)))
    shown = " ".join(t for t in texts(root) if t not in {"50,0", "20,0"})
    assert long in " ".join(shown.split()) or all(w in shown for w in long.split())
    assert "…" not in "".join(texts(root))


def test_rows_with_their_own_ladders_get_their_own_zones() -> None:
    two = (Band("Beperkt beeld", 0), Band("Gedeeld beeld", 50))
    root = parse(
        str(bar_chart([Bar("A", 30.0, bands=two), Bar("C", 80.0, bands=tuple(BANDS))], []))
    )
    zones = [r for r in root.iter(f"{SVG}rect") if r.get("fill-opacity")]
    assert len(zones) == 2 + 3
    widths = [float(z.get("width", "0")) for z in zones]
    assert math.isclose(widths[0], widths[1], rel_tol=0.01)  # 0–50 and 50–100
    assert math.isclose(widths[2] * 3, widths[4] * 4, rel_tol=0.01)  # 0–40 and 70–100
    # the chart names no level (a narrow zone cannot hold its name whole): the caption does
    assert not {"Beperkt beeld", "Incidenteel"} & set(texts(root))


def test_level_colours_darken_from_low_to_high_for_grey_print() -> None:
    for count in (2, 3, 4, 5):
        colours = level_colours(count)
        assert len(colours) == count

        def luminance(hex_colour: str) -> float:
            r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
            return 0.299 * r + 0.587 * g + 0.114 * b

        lum = [luminance(c) for c in colours]
        assert lum == sorted(lum, reverse=True), colours
        assert lum[0] - lum[-1] > 40
