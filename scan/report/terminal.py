"""The result in the terminal (``scan resultaat``, and the end of ``scan start``).

Per side: its score, its level on the ladder, and a bar per dimension; then the points of
attention with their advice, what to discuss first, the strengths and the blind spots (as
:mod:`scan.scoring.highlights` chose them); for a team
also the spread per dimension and the ``verdeeld`` flags. Fits 80 columns and reads without
colour (NO_COLOR): bars are characters, the current level is in brackets, flags are words. User
text (names, schools) goes in as plain Text, never as markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from scan.bank import Bank, BankSet
from scan.report.text import format_score
from scan.result import (
    Advice,
    AnyResult,
    Highlight,
    PartnerSideResult,
    SideResult,
    TeamDimensionResult,
    TeamPartnerResult,
    TeamPartnerSideDimension,
    TeamPartnerSideResult,
    TeamResult,
    TeamSideResult,
)
from scan.scoring.engine import round_half_up
from scan.scoring.progress import unfinished, version_notes
from scan.scoring.team import role_groups

BAR_WIDTH = 12


def show_result(console: Console, result: AnyResult, banks: BankSet) -> None:
    """Print a respondent's or a team's result, scored with ``banks``."""
    for renderable in result_view(result, banks):
        console.print(renderable)


def result_view(result: AnyResult, banks: BankSet) -> Iterator[RenderableType]:
    """The renderables of :func:`show_result`, in order."""
    team = isinstance(result, TeamResult)
    yield _heading(result)
    note = unfinished(result)
    if note:
        yield Text(note, style="bold yellow")
    yield from _progress(result, banks)
    for side, side_result in result.sides.items():
        bank = banks.by_id(side_result.bank)
        if bank is not None:
            yield from _side(bank, side, side_result, team)
    if isinstance(result, TeamResult):
        yield from _roles(result, banks)
    yield from _highlights(result, banks)
    yield from _blind_spots(result, banks)
    if team:
        yield _note(
            "'verdeeld': bij minstens drie respondenten liggen de scores ver uiteen "
            "(standaardafwijking 20 punten of meer). Verschil van inzicht is zelf een "
            "bevinding: bespreek het in het team."
        )


def bar(score: float | None, width: int = BAR_WIDTH) -> Text:
    """A bar of ``width`` characters filled in proportion to a 0–100 score."""
    if score is None:
        return Text("·" * width, style="dim")
    filled = round_half_up(round(score * 10) * width, 1000)
    return Text.assemble(("█" * filled, "cyan"), ("░" * (width - filled), "dim"))


def _heading(result: AnyResult) -> RenderableType:
    title = Text("Resultaat Samenwerkingsscan", style="bold")
    if isinstance(result, TeamResult):
        who = [result.school, result.team, f"{result.respondents} respondenten"]
        if result.school is None and result.team is None:
            who[0] = "gemengd (verschillende scholen of teams)"
    else:
        r = result.respondent
        who = [r.name, r.role, r.school, r.team, result.date.isoformat() if result.date else None]
    line = Text(" · ".join(w for w in who if w))
    return Group(Text(), title, line)


def _progress(result: AnyResult, banks: BankSet) -> Iterator[RenderableType]:
    """Which earlier scan this result is compared with (``--vorige``)."""
    if result.previous_versions is None:
        return
    when = result.previous_date.isoformat() if result.previous_date else "zonder datum"
    yield Text(f"Vergeleken met de vorige scan ({when}); 'sinds' = verschil met toen.")
    for note in version_notes(result, banks):
        yield _note(note)


def _since(bank: Bank, obj: Any, inline: bool = False) -> Text:
    """The change since the earlier scan (``+5,0``), and the level change: an arrow in a
    table, ``(was Incidenteel)`` on a line."""
    if "previous" not in obj.model_fields_set:
        return Text()
    if obj.change is None:
        return Text("–", style="dim")
    text = Text(("+" if obj.change > 0 else "") + format_score(obj.change))
    if obj.previous_level and obj.level and obj.previous_level != obj.level:
        ids = [level.id for level in bank.levels]
        up = obj.previous_level in ids and ids.index(obj.level) > ids.index(obj.previous_level)
        if inline:
            text.append(f" (was {_level_name(bank, obj.previous_level)})", style="dim")
        else:
            text.append(" ↑" if up else " ↓", style="bold")
    return text


def _roles(result: TeamResult, banks: BankSet) -> Iterator[RenderableType]:
    """The role groups side by side (``rollen``) and their largest gaps (``rolverschillen``)."""
    groups = role_groups(result.participants)
    left_out = len(groups) - len(result.roles)
    if not groups:
        return
    yield Text()
    yield Text("Rollen naast elkaar", style="bold underline")
    if len(result.roles) < 2:
        yield _note(
            "Te weinig respondenten per rol om rollen te vergelijken "
            f"(minstens {result.min_group} per rol)."
        )
        return
    names = list(result.roles)
    table = _table("Onderdeel", *(f"{n}\n(n={result.roles[n].n})" for n in names))
    table.columns[0].overflow = "fold"
    for column in table.columns[1:]:
        column.justify = "right"
    for bank in banks:
        table.add_row(Text(f"Kant {bank.side}", style="bold"))
        for dim in bank.dimensions:
            table.add_row(
                dim.title,
                *(
                    format_score(result.roles[n].sides[bank.side].dimensions.get(dim.id))
                    for n in names
                ),
            )
    yield Padding(table, (1, 0, 0, 2), expand=False)
    for gap in result.role_gaps:
        _, title = _dimension_title(banks, gap.side, gap.dimension)
        yield Text.assemble(
            "! ",
            (f"Kant {gap.side} · {title}", "bold"),
            f": {gap.high} hoger dan {gap.low} ({format_score(gap.gap)} punten verschil)",
        )
    if left_out:
        yield _note(
            f"{left_out} {'rol' if left_out == 1 else 'rollen'} met minder dan "
            f"{result.min_group} respondenten weggelaten (anonimiteit)."
        )


def _level_name(bank: Bank, level_id: str | None) -> str:
    level = bank.level_by_id(level_id)
    return level.name if level else "onvoldoende beantwoord"


def _ladder(bank: Bank, level_id: str | None) -> Text:
    """The levels of the bank, the reached one in brackets."""
    text = Text("Ladder: ", style="dim")
    for i, level in enumerate(bank.levels):
        if i:
            text.append(" → ", style="dim")
        if level.id == level_id:
            text.append(f"[{level.name}]", style="bold reverse")
        else:
            text.append(level.name, style="dim")
    return text


def _side(
    bank: Bank,
    side: str,
    result: SideResult | PartnerSideResult | TeamSideResult | TeamPartnerSideResult,
    team: bool,
) -> Iterator[RenderableType]:
    yield Text()
    yield Text(f"Kant {side} · {bank.title}", style="bold underline")
    score = Text.assemble("Score ", (format_score(result.score), "bold"), " · ")
    score.append(_level_name(bank, result.level), style="bold")
    if isinstance(result, TeamSideResult | TeamPartnerSideResult):
        score.append(f"  {_spread(result.n, result.min, result.max, result.sd)}", style="dim")
        if result.divided:
            score.append("  verdeeld", style="bold yellow")
    since = _since(bank, result, inline=True)
    if since.plain:
        score.append("  sinds vorige: ", style="dim")
        score.append_text(since)
    yield score
    yield _ladder(bank, result.level)
    yield _dimensions(bank, result)
    if isinstance(result, PartnerSideResult | TeamPartnerSideResult):
        yield _partners(bank, result, team)


def _spread(n: int, low: float | None, high: float | None, sd: float | None) -> str:
    if n == 0:
        return "n=0"
    text = f"n={n} · {format_score(low)}–{format_score(high)}"
    return text + (f" · sd {format_score(sd)}" if sd is not None else "")


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
    for name in columns:
        table.add_column(name, justify="right" if name in {"Score", "n"} else "left")
    return table


def _dimensions(
    bank: Bank,
    result: SideResult | PartnerSideResult | TeamSideResult | TeamPartnerSideResult,
) -> RenderableType:
    """One row per dimension; for a team the spread goes on a second line under its title."""
    compared = "previous" in result.model_fields_set
    table = _table("Onderdeel", "Score", "", "Niveau", *(["Sinds"] if compared else []))
    table.columns[0].overflow = "fold"
    table.columns[2].no_wrap = True
    for dim in bank.dimensions:
        found = result.dimensions.get(dim.id)
        if found is None:
            continue
        title = Text(dim.title)
        if isinstance(found, TeamDimensionResult | TeamPartnerSideDimension):
            title.append(f"\n  {_spread(found.n, found.min, found.max, found.sd)}", style="dim")
            if found.divided:
                title.append(" · verdeeld", style="bold yellow")
        table.add_row(
            title,
            format_score(found.score),
            bar(found.score),
            Text(_level_name(bank, found.level), style="dim" if found.level is None else ""),
            *([_since(bank, found)] if compared else []),
        )
    return Padding(table, (1, 0, 0, 2), expand=False)


def _partners(
    bank: Bank, result: PartnerSideResult | TeamPartnerSideResult, team: bool
) -> RenderableType:
    table = _table("Partner", "Score", "", "Niveau", *(["n"] if team else []))
    table.columns[0].overflow = "fold"
    table.columns[2].no_wrap = True
    if not result.partners:
        return Padding(_note("Geen partners genoemd."), (1, 0, 0, 2), expand=False)
    for partner in result.partners:
        row: list[RenderableType] = [
            Text.assemble(partner.name, (f" ({partner.kind})", "dim")),
            format_score(partner.score),
            bar(partner.score),
            _level_name(bank, partner.level),
        ]
        if isinstance(partner, TeamPartnerResult):
            row.append(str(partner.n))
        table.add_row(*row)
    return Padding(table, (1, 0, 0, 2), expand=False)


def _dimension_title(banks: BankSet, side: str, dimension: str) -> tuple[Bank | None, str]:
    bank = banks.by_side(side)  # type: ignore[arg-type]
    if bank is None:
        return None, dimension
    title = next((d.title for d in bank.dimensions if d.id == dimension), dimension)
    return bank, title


def _highlights(result: AnyResult, banks: BankSet) -> Iterator[RenderableType]:
    """Priorities (with their advice), strengths and what to discuss first, as the one rule of
    :mod:`scan.scoring.highlights` chose them."""
    advice = {(a.side, a.dimension): a for a in result.advice}
    yield Text()
    yield Text("Eerst aan de slag met", style="bold underline")
    if not result.attention:
        yield _note(
            "Geen: alle onderdelen met een score staan op het hoogste niveau."
            if result.advice
            else "Nog geen onderdeel heeft genoeg antwoorden voor een advies."
        )
    for position, point in enumerate(result.attention, start=1):
        found = advice[(point.side, point.dimension)]
        head = Text(f"{position}. ")
        head.append_text(_point(banks, point, found))
        yield Group(head, Padding(Text(found.text), (0, 0, 0, 3), expand=False))
    if result.discuss:
        yield Text()
        yield Text("Eerst samen bespreken (verdeeld)", style="bold underline")
        for point in result.discuss:
            yield Text.assemble(
                "! ", _point(banks, point, advice.get((point.side, point.dimension)))
            )
    yield Text()
    yield Text("Sterke punten", style="bold underline")
    if not result.strengths:
        yield _note("Nog geen onderdeel boven het eerste niveau (buiten de aandachtspunten).")
    for point in result.strengths:
        found = advice[(point.side, point.dimension)]
        yield Text.assemble("+ ", _point(banks, point, found))


def _point(banks: BankSet, point: Highlight, advice: Advice | None) -> Text:
    """``Kant B · title (partner) — score (level)`` of a highlighted dimension."""
    bank, title = _dimension_title(banks, point.side, point.dimension)
    text = Text(f"Kant {point.side} · {title}", style="bold")
    if point.partner:
        text.append(f" · {point.partner}")
    if advice is not None:
        level = _level_name(bank, advice.level) if bank else advice.level
        text.append(f" — {format_score(advice.score)} ({level})")
    return text


def _blind_spots(result: AnyResult, banks: BankSet) -> Iterator[RenderableType]:
    yield Text()
    yield Text("Blinde vlekken", style="bold underline")
    if not result.blind_spots:
        yield _note("Geen: bij elk onderdeel was minder dan de helft 'weet niet'.")
        return
    for spot in result.blind_spots:
        _, title = _dimension_title(banks, spot.side, spot.dimension)
        line = Text("? ")
        line.append(f"Kant {spot.side} · {title}", style="bold")
        line.append(f" — {spot.dont_know} van {spot.questions} keer 'weet niet'")
        yield line
    yield _note(
        "Waar u veel 'weet niet' antwoordt, ontbreekt kennis: zoek dit eerst uit, "
        "samen met collega's of de partner."
    )


def _note(text: str) -> Text:
    return Text(text, style="dim italic")
