"""SVG charts for the report, generated as text (no matplotlib, no JavaScript).

Every label is escaped here, so the returned :class:`Markup` can go into the (autoescaping)
template as it is. The charts are drawn to be read in grey print as well: levels differ in
lightness, values are written as numbers, and each chart carries a text summary (``<title>``).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from scan.report.text import format_score

INK = "#1f2a33"
MUTED = "#66727d"
GRID = "#c9d0d6"
PRIMARY = "#1d5573"
SPREAD = "#8fb4c9"
FONT = "Open Sans, DejaVu Sans, sans-serif"

# Level colours from the lowest to the highest level: light to dark, so that grey print keeps
# the order. Text on every one of them stays dark enough to read.
_LEVEL_ANCHORS = ((0xF8, 0xDD, 0xCF), (0xF2, 0xCB, 0x75), (0x7F, 0xBF, 0x97))


@dataclass(frozen=True)
class Band:
    """A level as drawn: its name and where it starts on the 0–100 scale."""

    name: str
    start: float


@dataclass(frozen=True)
class Bar:
    """One bar or radar axis: a 0–100 score (None when not enough was answered).

    ``low``/``high`` are the team's spread (lowest and highest respondent score).
    """

    label: str
    score: float | None
    low: float | None = None
    high: float | None = None


def level_colours(count: int) -> list[str]:
    """``count`` fill colours from the lowest level to the highest (light → dark)."""
    if count == 1:
        return [_hex(_LEVEL_ANCHORS[1])]
    out = []
    for i in range(count):
        pos = i / (count - 1) * (len(_LEVEL_ANCHORS) - 1)
        left = min(int(pos), len(_LEVEL_ANCHORS) - 2)
        frac = pos - left
        a, b = _LEVEL_ANCHORS[left], _LEVEL_ANCHORS[left + 1]
        out.append(_hex(tuple(round(x + (y - x) * frac) for x, y in zip(a, b, strict=True))))
    return out


def _hex(rgb: tuple[int, ...]) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _band_tints(count: int) -> list[str]:
    """Very light greys for the level zones behind a chart, darker for higher levels."""
    return [
        _hex((g, g, g)) for g in (248 - round(18 * i / max(count - 1, 1)) for i in range(count))
    ]


def _svg(width: float, height: float, summary: str, body: list[str], y0: float = 0) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {y0:g} {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" role="img" aria-label="{escape(summary)}" '
        f'font-family="{FONT}" fill="{INK}">'
        f"<title>{escape(summary)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, size: float = 11, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"{extra}>{escape(text)}</text>'


def _text_width(text: str, size: float) -> float:
    """A generous estimate of the width of ``text`` in Open Sans at ``size`` (0.55 em a
    character; running text measures 0.47–0.5 em)."""
    return 0.55 * size * len(text)


def _fitted(text: str, room: float, size: float, smallest: float = 7.0) -> tuple[str, float]:
    """``text`` at the largest font size from ``size`` down to ``smallest`` that fits in ``room``
    units; shortened with an ellipsis when it does not fit even at the smallest size."""
    fitting = min(size, room / max(_text_width(text, 1), 1e-9))
    if fitting >= smallest:
        return text, round(fitting, 1)
    keep = max(int(room / _text_width("x", smallest)) - 1, 1)
    return text[:keep].rstrip() + "…", smallest


def _lines(label: str, width: int, max_lines: int = 2) -> list[str]:
    lines = textwrap.wrap(label, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def _summary(values: Sequence[Bar]) -> str:
    return "; ".join(f"{v.label}: {format_score(v.score)}" for v in values)


def bar_chart(values: Sequence[Bar], bands: Sequence[Band], title: str = "") -> Markup:
    """Horizontal bars on a 0–100 axis over the level zones; whiskers show a team's spread.

    Above the plot a strip in the level colours names each zone, its name centred in its own
    part of the strip, so that it is plain which zone a name belongs to.
    """
    label_w, right, top, row_h = 190.0, 46.0, 30.0, 34.0
    width = 640.0
    plot_w = width - label_w - right
    height = top + row_h * len(values) + 26
    bottom = top + row_h * len(values)

    def x(score: float) -> float:
        return label_w + plot_w * max(0.0, min(score, 100.0)) / 100

    body: list[str] = []
    ends = [b.start for b in bands[1:]] + [100.0]
    strip_top, strip_h = top - 22, 16.0
    for band, colour, tint, end in zip(
        bands, level_colours(len(bands)), _band_tints(len(bands)), ends, strict=True
    ):
        left, span = x(band.start), x(end) - x(band.start)
        body.append(
            f'<rect x="{left:.1f}" y="{top:g}" width="{span:.1f}" '
            f'height="{bottom - top:g}" fill="{tint}"/>'
            f'<rect x="{left:.1f}" y="{strip_top:g}" width="{span:.1f}" height="{strip_h:g}" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>'
        )
        name, size = _fitted(band.name, span - 6, 9.5)
        body.append(
            _text(left + span / 2, strip_top + 8 + size * 0.36, name, size, text_anchor="middle")
        )
    for tick in range(0, 101, 20):
        body.append(
            f'<line x1="{x(tick):.1f}" y1="{top:g}" x2="{x(tick):.1f}" y2="{bottom}" '
            f'stroke="{GRID}" stroke-width="0.6"/>'
        )
        body.append(_text(x(tick), bottom + 14, str(tick), 9, fill=MUTED, text_anchor="middle"))
    for i, value in enumerate(values):
        mid = top + row_h * i + row_h / 2
        lines = _lines(value.label, 30)
        for j, line in enumerate(lines):
            body.append(
                _text(
                    label_w - 10,
                    mid + 4 + (j - (len(lines) - 1) / 2) * 13,
                    line,
                    11,
                    text_anchor="end",
                )
            )
        if value.score is None:
            body.append(
                _text(
                    x(0) + 6, mid + 4, "onvoldoende beantwoord", 10, fill=MUTED, font_style="italic"
                )
            )
            continue
        body.append(
            f'<rect x="{x(0):.1f}" y="{mid - 7:.1f}" width="{x(value.score) - x(0):.1f}" '
            f'height="14" fill="{PRIMARY}"/>'
        )
        end = value.score
        if value.low is not None and value.high is not None and value.high > value.low:
            end = max(end, value.high)
            lo, hi = x(value.low), x(value.high)
            body.append(
                f'<path d="M{lo:.1f} {mid:.1f}H{hi:.1f}M{lo:.1f} {mid - 6:.1f}V{mid + 6:.1f}'
                f'M{hi:.1f} {mid - 6:.1f}V{mid + 6:.1f}" stroke="{INK}" stroke-width="1.4" '
                f'fill="none"/>'
            )
        body.append(_text(x(end) + 6, mid + 4, format_score(value.score), 11, font_weight="bold"))
    return _svg(width, height, title or _summary(values), body)


def radar_chart(values: Sequence[Bar], bands: Sequence[Band], title: str = "") -> Markup:
    """A radar (spider) chart of three or more dimensions; rings mark the level thresholds.

    A team's spread is drawn as a light band from the lowest to the highest respondent score.
    """
    n = len(values)
    width, height = 520.0, 380.0
    cx, cy, radius = width / 2, height / 2 + 4, 128.0

    def point(i: int, score: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(score, 100.0)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def polygon(scores: Sequence[float]) -> str:
        pts = [point(i, s) for i, s in enumerate(scores)]
        return "M" + "L".join(f"{px:.1f} {py:.1f}" for px, py in pts) + "Z"

    body: list[str] = []
    rings = [b.start for b in bands if b.start > 0] + [100.0]
    body.append(f'<path d="{polygon([100.0] * n)}" fill="#f6f7f8" stroke="{GRID}"/>')
    for ring in rings[:-1]:
        body.append(
            f'<path d="{polygon([ring] * n)}" fill="none" stroke="{MUTED}" stroke-width="0.8" '
            f'stroke-dasharray="3 3"/>'
        )
    for i in range(n):
        px, py = point(i, 100)
        body.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{px:.1f}" y2="{py:.1f}" stroke="{GRID}"/>'
        )
    for band in bands[1:]:
        _, ry = point(0, band.start)
        body.append(_text(cx + 4, ry - 3, f"{band.name} ({band.start:g})", 8.5, fill=MUTED))
    lows = [v.low for v in values]
    highs = [v.high for v in values]
    if all(v is not None for v in lows + highs):
        band_path = polygon([h or 0 for h in highs]) + polygon([lo or 0 for lo in lows])
        body.append(
            f'<path d="{band_path}" fill="{SPREAD}" fill-opacity="0.45" fill-rule="evenodd" '
            f'stroke="none"/>'
        )
    scores = [v.score or 0.0 for v in values]
    body.append(
        f'<path d="{polygon(scores)}" fill="{PRIMARY}" fill-opacity="0.18" stroke="{PRIMARY}" '
        f'stroke-width="2.4" stroke-linejoin="round"/>'
    )
    for i, value in enumerate(values):
        if value.score is not None:
            px, py = point(i, value.score)
            body.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.6" fill="{PRIMARY}"/>')
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - cx) < 12 else ("start" if lx > cx else "end")
        lines = _lines(value.label, 22)
        lines.append(format_score(value.score) if value.score is not None else "geen score")
        base = ly - (len(lines) - 1) * 6.5 + (4 if ly > cy + 10 else 0)
        if ly < cy - radius:
            base = ly - (len(lines) - 1) * 13 + 2
        for j, line in enumerate(lines):
            bold = j == len(lines) - 1
            body.append(
                _text(
                    lx,
                    base + j * 13,
                    line,
                    10.5,
                    text_anchor=anchor,
                    font_weight="bold" if bold else "normal",
                )
            )
    return _svg(width, height, title or _summary(values), body)


def ladder_chart(bands: Sequence[Band], markers: Sequence[tuple[str, float]], title: str) -> Markup:
    """The cooperation ladder as a staircase, with a marked position per side (letter, score)."""
    width, left, right = 640.0, 10.0, 10.0
    step_h, base_y = 20.0, 110.0
    plot_w = width - left - right

    def x(score: float) -> float:
        return left + plot_w * max(0.0, min(score, 100.0)) / 100

    body: list[str] = []
    ends = [b.start for b in bands[1:]] + [100.0]
    for i, (band, colour, end) in enumerate(
        zip(bands, level_colours(len(bands)), ends, strict=True)
    ):
        y = base_y - step_h * (i + 1)
        body.append(
            f'<rect x="{x(band.start):.1f}" y="{y:.1f}" width="{x(end) - x(band.start):.1f}" '
            f'height="{base_y - y:.1f}" fill="{colour}" stroke="#ffffff" stroke-width="2"/>'
        )
        name, size = _fitted(band.name, (x(end) - x(band.start)) / 1.08 - 4, 11)
        body.append(
            _text(
                (x(band.start) + x(end)) / 2,
                base_y + 16,
                name,
                size,
                text_anchor="middle",
                font_weight="bold",
            )
        )
        body.append(
            _text(
                (x(band.start) + x(end)) / 2,
                base_y + 30,
                f"vanaf {band.start:g}",
                9,
                fill=MUTED,
                text_anchor="middle",
            )
        )
    placed: list[tuple[float, float]] = []
    for letter, score in sorted(markers, key=lambda m: m[1]):
        level = sum(1 for b in bands if b.start <= score)
        mx = x(score)
        my = base_y - step_h * level - 14
        while any(abs(mx - px) < 22 and abs(my - py) < 22 for px, py in placed):
            my -= 24
        placed.append((mx, my))
        body.append(
            f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="11" fill="{PRIMARY}" stroke="#ffffff" '
            f'stroke-width="1.5"/>'
        )
        body.append(
            _text(mx, my + 4, letter, 11, fill="#ffffff", text_anchor="middle", font_weight="bold")
        )
    top = min([base_y - step_h * len(bands)] + [py - 14 for _, py in placed]) - 4
    return _svg(width, base_y + 36 - top, title, body, y0=top)
