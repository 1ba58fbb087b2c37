"""SVG charts for the report, generated as text (no matplotlib, no JavaScript).

Every label is escaped here, so the returned :class:`Markup` can go into the (autoescaping)
template as it is. The charts are drawn to be read in grey print as well: levels differ in
lightness, values are written as numbers, and each chart carries a text summary (``<title>``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from scan.report.text import format_score

INK = "#1f2a33"
MUTED = "#66727d"
GRID = "#c9d0d6"
PRIMARY = "#1d5573"
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
    bands: tuple[Band, ...] = ()
    """The row's own levels, when the rows of a chart do not share one ladder."""
    missing: str = "onvoldoende beantwoord"
    """What the row says instead of a bar when there is no score."""


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


def _lines(label: str, width: int) -> list[str]:
    """``label`` wrapped at ``width`` characters, whole: no word is cut off or left out."""
    return textwrap.wrap(label, width, break_on_hyphens=False) or [""]


def _summary(values: Sequence[Bar]) -> str:
    return "; ".join(f"{v.label}: {format_score(v.score)}" for v in values)


def bar_chart(values: Sequence[Bar], bands: Sequence[Band], title: str = "") -> Markup:
    """Horizontal bars on a 0–100 axis over the level zones; whiskers show a team's spread.

    The zones are drawn in the (light) level colours: ``bands`` when every row shares one
    ladder, else each row's own ``bands``. The chart names no level itself: a level name does
    not fit a narrow zone whole, so the report names them in the caption, with swatches in the
    same colours. Labels are wrapped whole (never cut off); a row is as high as its label needs.
    """
    label_w, right, row_pad = 200.0, 46.0, 12.0
    width, top = 640.0, 6.0
    plot_w = width - label_w - right
    labels = [_lines(v.label, LABEL_CHARS) for v in values]
    heights = [max(30.0, 13.0 * len(lines) + row_pad) for lines in labels]
    bottom = top + sum(heights)

    def x(score: float) -> float:
        return label_w + plot_w * max(0.0, min(score, 100.0)) / 100

    body: list[str] = []
    row_top = top
    for value, row_h in zip(values, heights, strict=True):
        body += _zones(value.bands or bands, x, row_top + 1.5, row_h - 3)
        row_top += row_h
    for tick in range(0, 101, 20):
        body.append(
            f'<line x1="{x(tick):.1f}" y1="{top:g}" x2="{x(tick):.1f}" y2="{bottom}" '
            f'stroke="{GRID}" stroke-width="0.6"/>'
        )
        body.append(_text(x(tick), bottom + 14, str(tick), 9, fill=MUTED, text_anchor="middle"))
    row_top = top
    for value, lines, row_h in zip(values, labels, heights, strict=True):
        mid = row_top + row_h / 2
        row_top += row_h
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
                _text(x(0) + 6, mid + 4, value.missing, 10, fill=MUTED, font_style="italic")
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
    return _svg(width, bottom + 20, title or _summary(values), body)


LABEL_CHARS = 32
"""Characters on one line of a bar label before it wraps."""


def _zones(
    bands: Sequence[Band], x: Callable[[float], float], top: float, height: float
) -> list[str]:
    """The level zones of one row (or of all rows) in their level colours, lightened."""
    out: list[str] = []
    if not bands:
        return out
    ends = [b.start for b in bands[1:]] + [100.0]
    for band, colour, end in zip(bands, level_colours(len(bands)), ends, strict=True):
        left, span = x(band.start), x(end) - x(band.start)
        out.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{span:.1f}" height="{height:.1f}" '
            f'fill="{colour}" fill-opacity="0.7"/>'
        )
    return out


def level_strip(value: Bar, bands: Sequence[Band], title: str) -> Markup:
    """A small bar on the level zones (no text): a score card's picture of where a side
    stands on its own ladder, with the team's spread as a whisker."""
    width, height, pad = 200.0, 22.0, 2.0

    def x(score: float) -> float:
        return pad + (width - 2 * pad) * max(0.0, min(score, 100.0)) / 100

    body = _zones(bands, x, 0, height)
    mid = height / 2
    if value.score is not None:
        body.append(
            f'<rect x="{x(0):.1f}" y="{mid - 4:g}" width="{x(value.score) - x(0):.1f}" '
            f'height="8" fill="{PRIMARY}"/>'
        )
    if value.score is not None and value.low is not None and value.high is not None:
        lo, hi = x(value.low), x(value.high)
        body.append(
            f'<path d="M{lo:.1f} {mid:g}H{hi:.1f}M{lo:.1f} {mid - 5:g}V{mid + 5:g}'
            f'M{hi:.1f} {mid - 5:g}V{mid + 5:g}" stroke="{INK}" stroke-width="1.2" fill="none"/>'
        )
    return _svg(width, height, title, body)
