"""The ``scan`` command line: each command parses its options and calls the core.

How a command ends (exit codes, Dutch messages for errors) is decided in one place,
:mod:`scan.cli.exits`; the Dutch help screens come from :mod:`scan.cli.nl`. Core modules are
imported inside the commands, so that ``scan --help`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from scan import __version__
from scan.cli import nl

if TYPE_CHECKING:  # the core is imported inside the commands, so that scan --help starts fast
    from rich.console import Console

    from scan.answers import AnswerFile
    from scan.bank import BankSet
    from scan.batch.run import BatchRequest
    from scan.errors import Problem
    from scan.formulier.server import FormRequest
    from scan.formulier.store import FormStore
    from scan.interview.flow import StartRequest
    from scan.result import AnyResult

from scan.cli.exits import Reported, ScanGroup, report_problems, stderr_console, stdout_console

# `scan --help` lists the everyday commands first
ScanGroup.order = (
    "start",
    "resultaat",
    "rapport",
    "formulier",
    "batch",
    "sjabloon",
    "koppeling",
    "vragenlijsten",
    "valideer",
    "schema",
)

app = nl.DutchTyper(
    cls=ScanGroup,
    options_metavar=nl.OPTIONS,
    subcommand_metavar=nl.SUBCOMMAND,
    name="scan",
    help=(
        "Samenwerkingsscan: meet hoe klaar uw vmbo-team is voor regionale samenwerking "
        "met mbo en werkveld, en krijg concreet advies."
    ),
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)

BanksOption = Annotated[
    Path | None,
    typer.Option(
        "--vragenlijsten",
        metavar="MAP",
        help="Map met eigen vragenlijsten (YAML) in plaats van de meegeleverde.",
        file_okay=False,
    ),
]

PreviousOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--vorige",
        metavar="BESTAND",
        help=(
            "Een eerdere scan van dezelfde school en hetzelfde team (antwoordbestanden of een "
            "resultaat-JSON) om mee te vergelijken; herhaal de optie voor meer bestanden."
        ),
        dir_okay=False,
    ),
]
MinGroupOption = Annotated[
    int,
    typer.Option(
        "--min-groep",
        metavar="N",
        min=1,
        help="Teams: toon een rol, partner of open antwoord pas vanaf N respondenten.",
    ),
]


def load_banks(folder: Path | None) -> BankSet:
    from scan.bank import load_bankset

    return load_bankset(folder)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"samenwerkingsscan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Toon het versienummer en stop."
        ),
    ] = False,
) -> None:
    """Samenwerkingsscan: meet hoe klaar uw vmbo-team is voor regionale samenwerking."""


@app.command("vragenlijsten")
def list_banks(vragenlijsten: BanksOption = None) -> None:
    """Toon de vragenlijsten die de scan gebruikt."""
    from rich.table import Table

    banks = load_banks(vragenlijsten)
    table = Table(title=f"Vragenlijsten in {banks.folder}", title_justify="left")
    for column in ("id", "kant", "titel", "versie", "vragen"):
        table.add_column(column, justify="right" if column == "vragen" else "left")
    for bank in banks:
        per = " (per partner)" if bank.per_partner else ""
        table.add_row(bank.id, bank.side, bank.title + per, bank.version, str(bank.n_scored))
    stdout_console().print(table)


@app.command("valideer")
def validate(
    bestanden: Annotated[
        list[Path], typer.Argument(metavar="BESTAND", help="Vragenlijsten (YAML) of mappen.")
    ],
) -> None:
    """Controleer vragenlijsten op fouten (met bestand, regel en veld)."""
    from scan.bank import load_bank, load_bankset
    from scan.errors import ScanError

    console = stderr_console()
    failed = False
    for path in bestanden:
        try:
            if path.is_dir():
                banks = load_bankset(path)
                summary = ", ".join(f"{b.id} ({b.n_scored} vragen)" for b in banks)
            else:
                bank = load_bank(path)
                summary = f"{bank.id}, kant {bank.side}, {bank.n_scored} vragen"
        except ScanError as exc:
            failed = True
            report_problems(exc.problems)
            continue
        console.print(f"[green]in orde:[/] {path}: {summary}")
    if failed:
        raise Reported()


@app.command("schema")
def schema() -> None:
    """Druk het JSON Schema van het vragenlijstformaat af (voor editors)."""
    import json

    from scan.bank import bank_schema
    from scan.cli.streams import write_json

    write_json(json.dumps(bank_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command("start")
def start(
    uit: Annotated[
        Path | None,
        typer.Option(
            "--uit",
            metavar="PAD",
            dir_okay=False,
            help=(
                "Antwoordbestand (.yaml of .json). Standaard: antwoorden-<naam>.yaml in de "
                "huidige map. Bestaat het al, dan gaat de scan daar verder."
            ),
        ),
    ] = None,
    naam: Annotated[str | None, typer.Option("--naam", metavar="TEKST", help="Uw naam.")] = None,
    rol: Annotated[
        str | None, typer.Option("--rol", metavar="TEKST", help="Uw rol (standaard: teamleider).")
    ] = None,
    school: Annotated[
        str | None, typer.Option("--school", metavar="TEKST", help="Naam van de school.")
    ] = None,
    team: Annotated[
        str | None, typer.Option("--team", metavar="TEKST", help="Team of afdeling.")
    ] = None,
    partner: Annotated[
        list[str] | None,
        typer.Option(
            "--partner",
            metavar="NAAM:SOORT",
            help=(
                "Samenwerkingspartner voor kant B (herhaal de optie voor meer partners); "
                "soort: mbo, bedrijf, instelling of anders."
            ),
        ),
    ] = None,
    kanten: Annotated[
        str | None,
        typer.Option("--kanten", metavar="A,B,C", help="Alleen deze kanten, bijvoorbeeld A,C."),
    ] = None,
    vragenlijsten: BanksOption = None,
) -> None:
    """Vul de scan in, vraag voor vraag; bewaart na elk antwoord en gaat verder waar u was."""

    from scan.cli.invocation import scan_program
    from scan.interview import view
    from scan.interview.flow import Interview, Outcome, SessionSaver, open_session

    request = _start_request(uit, naam, rol, school, team, partner or [], kanten)
    program = scan_program()
    banks = load_banks(vragenlijsten)
    out = stdout_console()
    io = view.TerminalIO(out)
    saver: Any = None
    try:  # SIGHUP and SIGTERM raise Hangup (scan.cli.streams.run): the finally runs
        session = open_session(banks, request, io.ask, io.show)
        saver = SessionSaver(session, io.show)
        with saver:
            outcome = Interview(banks, session, io.ask, io.show, saver).run()
        path = saver.path
        if outcome is Outcome.STOPPED:
            errors = stderr_console()
            errors.print(view.stopped(path, vragenlijsten, errors.width, program=program))
            return
        _show_result(out, banks, session.answers)
        view.show_finished(out, path, vragenlijsten, program)
    except (KeyboardInterrupt, EOFError) as exc:
        out.print()
        ctrl_c = isinstance(exc, KeyboardInterrupt)
        reason = "Gestopt." if ctrl_c else "De invoer hield op vóór de laatste vraag."
        errors = stderr_console()
        if saver is not None and saver.path.exists():
            errors.print(view.stopped(saver.path, vragenlijsten, errors.width, reason, program))
        else:
            errors.print(f"{reason} Er is nog niets bewaard.")
        raise Reported(exc) from None
    finally:
        if saver is not None:
            saver.close()


def _start_request(
    uit: Path | None,
    naam: str | None,
    rol: str | None,
    school: str | None,
    team: str | None,
    partners: list[str],
    kanten: str | None,
) -> StartRequest:
    """The checked options of ``scan start``; a malformed value is a usage error (exit 2)."""
    from scan.answers import Respondent
    from scan.interview.flow import (
        OptionError,
        StartRequest,
        check_output_path,
        parse_partners,
        parse_sides,
    )
    from scan.util.text import valid_text

    def clean(text: str | None) -> str | None:
        # valid_text: an option typed in a non-UTF-8 terminal arrives with lone surrogates
        return " ".join(valid_text(text).split()) or None if text is not None else None

    try:
        if uit is not None:
            check_output_path(uit)
        return StartRequest(
            respondent=Respondent(
                name=clean(naam), role=clean(rol), school=clean(school), team=clean(team)
            ),
            partners=parse_partners([valid_text(p) for p in partners]),
            sides=parse_sides(kanten) if kanten is not None else None,
            path=uit,
            folder=Path(),
        )
    except OptionError as exc:
        raise typer.BadParameter(str(exc)) from None


def _show_result(console: Console, banks: BankSet, answers: AnswerFile) -> None:
    """The result in the terminal, as ``scan resultaat`` shows it."""
    from scan.report.terminal import show_result
    from scan.scoring.build import score

    show_result(console, score(banks, answers), banks)


@app.command("resultaat")
def result(
    antwoorden: Annotated[
        list[Path],
        typer.Argument(
            metavar="ANTWOORDEN",
            help="Antwoordbestanden (YAML of JSON); meerdere bestanden geven een teamresultaat.",
            dir_okay=False,
        ),
    ],
    json_: Annotated[
        bool,
        typer.Option("--json", help="Druk het resultaat af als JSON (alleen JSON op stdout)."),
    ] = False,
    vragenlijsten: BanksOption = None,
    gemengd: Annotated[
        bool,
        typer.Option(
            "--gemengd",
            help="Neem respondenten van verschillende scholen of teams toch samen.",
        ),
    ] = False,
    vorige: PreviousOption = None,
    min_groep: MinGroupOption = 3,
) -> None:
    """Toon de scores, niveaus en adviezen van één respondent of een team."""
    banks = load_banks(vragenlijsten)
    outcome, _ = load_results(antwoorden, banks, mixed=gemengd, min_group=min_groep)
    outcome = with_previous(outcome, vorige, banks, min_groep, antwoorden)
    if json_:
        from scan.cli.streams import write_json
        from scan.result import result_json

        write_json(result_json(outcome))
        return

    from scan.report.terminal import show_result

    show_result(stdout_console(), outcome, banks)


@app.command("rapport")
def report(
    antwoorden: Annotated[
        list[Path],
        typer.Argument(
            metavar="ANTWOORDEN",
            help="Antwoordbestanden; meerdere bestanden van één team geven een teamrapport.",
            dir_okay=False,
        ),
    ],
    uitvoer: Annotated[
        Path,
        typer.Option("-o", "--uitvoer", metavar="BESTAND", help="Het rapport (.pdf)."),
    ],
    html: Annotated[
        bool, typer.Option("--html", help="Schrijf één zelfstandig HTML-bestand in plaats van PDF.")
    ] = False,
    vragenlijsten: BanksOption = None,
    vorige: PreviousOption = None,
    min_groep: MinGroupOption = 3,
    namen: Annotated[
        bool,
        typer.Option("--namen", help="Teams: zet de namen van de respondenten in het rapport."),
    ] = False,
) -> None:
    """Maak het adviesrapport (PDF of HTML) voor één respondent of een heel team."""
    from scan.io.outputs import check_outputs, check_report_output
    from scan.report.render import ReportOptions

    to_stdout = str(uitvoer) == "-"
    if to_stdout:
        check_binary_stdout("het rapport")
    else:
        inputs = [*antwoorden, *(vorige or []), *bank_files(vragenlijsten)]
        check_outputs([("-o", uitvoer)], inputs)
        check_report_output(uitvoer, html)
    banks = load_banks(vragenlijsten)
    result, answers = load_results(antwoorden, banks, min_group=min_groep)
    result = with_previous(result, vorige, banks, min_groep, antwoorden)
    options = ReportOptions(min_group=min_groep, names=namen)
    if to_stdout:
        from scan.report.render import report_html, report_pdf

        data = (
            report_html(result, banks, answers, options).encode("utf-8")
            if html
            else report_pdf(result, banks, answers, options)
        )
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from scan.cli.streams import work_done
    from scan.report.render import render_html, render_pdf

    render = render_html if html else render_pdf
    render(result, banks, answers, uitvoer, options)
    work_done()
    stderr_console().print(f"Rapport geschreven: {uitvoer}")


def bank_files(folder: Path | None) -> list[Path]:
    """The bank files of ``--vragenlijsten`` (inputs that no output may replace)."""
    from scan.bank import bank_files as files_in

    return files_in(folder) if folder is not None and folder.is_dir() else []


def check_binary_stdout(what: str) -> None:
    """``-o -`` writes to stdout, but not into a terminal (where it would be garbage)."""
    from scan.errors import ScanError

    if sys.stdout.isatty():
        raise ScanError(
            f"-o -: {what} gaat naar stdout, maar dat is de terminal; stuur het door "
            "(bijvoorbeeld > rapport.pdf) of geef een bestandsnaam"
        )


@app.command("formulier")
def web_form(
    school: Annotated[str, typer.Option("--school", metavar="TEKST", help="Naam van de school.")],
    map_: Annotated[
        Path,
        typer.Option(
            "--map",
            metavar="MAP",
            file_okay=False,
            help="Hier komen de antwoordbestanden; opnieuw starten met dezelfde map gaat verder.",
        ),
    ],
    team: Annotated[
        str | None, typer.Option("--team", metavar="TEKST", help="Team of afdeling.")
    ] = None,
    poort: Annotated[
        int,
        typer.Option("--poort", metavar="POORT", min=0, max=65535, help="Poort (standaard 8765)."),
    ] = 8765,
    adres: Annotated[
        str,
        typer.Option(
            "--adres",
            metavar="IP",
            help="Luisteradres: 0.0.0.0 = het schoolnetwerk (standaard), 127.0.0.1 = alleen "
            "deze laptop.",
        ),
    ] = "0.0.0.0",
    uitnodiging: Annotated[
        Path | None,
        typer.Option(
            "--uitnodiging",
            metavar="BESTAND.pdf",
            dir_okay=False,
            help="Schrijf een A4 om op te hangen of uit te delen, met QR-code en adres.",
        ),
    ] = None,
    cert: Annotated[
        Path | None,
        typer.Option(
            "--cert",
            metavar="BESTAND",
            exists=True,
            dir_okay=False,
            help="HTTPS-certificaat (PEM).",
        ),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key",
            metavar="BESTAND",
            exists=True,
            dir_okay=False,
            help="Sleutel bij --cert (PEM).",
        ),
    ] = None,
    min_groep: Annotated[
        int,
        typer.Option(
            "--min-groep",
            metavar="N",
            min=1,
            help="Het teamresultaat verschijnt pas als zoveel collega's klaar zijn.",
        ),
    ] = 3,
    vragenlijsten: BanksOption = None,
) -> None:
    """Laat het hele team de scan invullen via een webformulier op het schoolnetwerk."""
    from scan.formulier import server

    if (cert is None) != (key is None):
        raise typer.BadParameter("geef --cert en --key samen", param_hint="--cert/--key")
    from scan.io.outputs import check_outputs

    keys = [p for p in (cert, key) if p is not None]
    check_outputs([("--uitnodiging", uitnodiging)], [*bank_files(vragenlijsten), *keys])
    school_name, team_name = " ".join(school.split()), " ".join((team or "").split()) or None
    if not school_name:
        raise typer.BadParameter("geef de naam van de school", param_hint="--school")
    request = server.FormRequest(
        school=school_name,
        team=team_name,
        folder=map_,
        host=adres,
        port=poort,
        invitation=uitnodiging,
        cert=cert,
        key=key,
        min_group=min_groep,
        banks_folder=vragenlijsten,
    )
    banks = load_banks(vragenlijsten)
    store = server.open_store(request, banks)
    with server.lock_folder(request.folder):
        _serve_form(server, request, store, banks, map_, uitnodiging, cert)


def _serve_form(
    server: Any,
    request: FormRequest,
    store: FormStore,
    banks: BankSet,
    map_: Path,
    uitnodiging: Path | None,
    cert: Path | None,
) -> None:
    """The running web form, from the links to the summary after Ctrl-C (folder locked)."""
    report_problems(store.warnings, "waarschuwing")
    sock = server.bind(request.host, request.port)
    port = sock.getsockname()[1]
    address = server.network_address(request.host)
    if address != request.host and address == "127.0.0.1":
        stderr_console().print(
            "[yellow]waarschuwing:[/] deze laptop lijkt niet op een netwerk te zitten; "
            "collega's bereiken het formulier pas als hij op het schoolnetwerk zit."
        )
    links = server.links(store, address, port, cert is not None)
    if uitnodiging is not None:
        server.write_invitation(uitnodiging, store, links.form, banks)
    web = server.make_server(request, store, links.form)
    try:
        print(server.terminal_qr(links.form))
        print(f"Formulier: {links.form}")
        print(f"Teamleider: {links.leader}")
        if uitnodiging is not None:
            print(f"Uitnodiging (A4): {uitnodiging}")
        print(f"Antwoorden komen in {map_}. Stoppen met Ctrl-C.", flush=True)
        server.serve(web, sock)
    except KeyboardInterrupt:
        pass  # Ctrl-C is how the team leader ends the session: not an error
    finally:
        from scan.cli.invocation import scan_program
        from scan.util.text import terminal_safe

        summary = server.summary(store, request, scan_program())
        print(terminal_safe(summary, multiline=True), file=sys.stderr, flush=True)


def with_previous(
    result: AnyResult,
    paths: list[Path] | None,
    banks: BankSet,
    min_group: int,
    current: list[Path],
) -> AnyResult:
    """``result`` (of the answer files ``current``) compared with the earlier scan in ``paths``
    (answer files or one result JSON); ``result`` itself when there are none."""
    if not paths:
        return result
    from scan.io.documents import load_document
    from scan.io.outputs import check_distinct_inputs
    from scan.scoring.progress import (
        check_same_group,
        compare,
        comparison_warnings,
        is_result_document,
        parse_result,
    )

    check_distinct_inputs(
        [("--vorige", p) for p in paths],
        current,
        "een eerdere scan is nooit een antwoordbestand van deze scan",
    )

    doc = load_document(paths[0])
    if is_result_document(doc):
        if len(paths) > 1:
            from scan.errors import Problem, ScanError

            raise ScanError(Problem("geef bij --vorige één resultaat-JSON, of antwoordbestanden"))
        earlier = parse_result(doc)
    else:
        earlier, _ = load_results(paths, banks, min_group=min_group)
    check_same_group(result, earlier, str(paths[0]))
    report_problems(comparison_warnings(result, earlier, str(paths[0])), "waarschuwing")
    return compare(result, earlier)


def load_results(
    paths: list[Path], banks: BankSet, mixed: bool = False, min_group: int = 3
) -> tuple[AnyResult, list[AnswerFile]]:
    """The result of the answer files and the answers (warnings printed on stderr);
    ``min_group`` is a team result's ``--min-groep``."""
    from scan.scoring.group import score_files

    result, answers, warnings = score_files(paths, banks, mixed, min_group)
    report_problems(warnings, "waarschuwing")
    return result, answers


@app.command("batch")
def batch(
    exports: Annotated[
        list[Path],
        typer.Argument(
            metavar="EXPORT",
            help="Exports van een enquêtetool of Excel (.csv of .xlsx), één rij per respondent "
            "(of per partner).",
            dir_okay=False,
        ),
    ],
    uitvoer: Annotated[
        str,
        typer.Option(
            "-o",
            "--uitvoer",
            metavar="UITVOER",
            help="Resultaten: .csv (voor Excel), .xlsx of .json; '-' = CSV naar stdout.",
        ),
    ],
    vragenlijsten: BanksOption = None,
    koppeling: Annotated[
        Path | None,
        typer.Option(
            "--koppeling",
            metavar="KOPPELING.yaml",
            dir_okay=False,
            help="Koppel eigen kolomkoppen en antwoordlabels aan vraag-ids en waarden.",
        ),
    ] = None,
    rapporten: Annotated[
        Path | None,
        typer.Option(
            "--rapporten", metavar="MAP", file_okay=False, help="Schrijf een PDF per school/team."
        ),
    ] = None,
    groepeer: Annotated[
        str | None,
        typer.Option(
            "--groepeer",
            metavar="school|team",
            help="Extra tabel met gemiddelde, n en spreiding per school of per team.",
        ),
    ] = None,
    min_groep: Annotated[
        int,
        typer.Option(
            "--min-groep",
            metavar="N",
            min=1,
            help="Kleinere groepen komen niet apart in de groepstabel (anonimiteit).",
        ),
    ] = 3,
    kwaliteit: Annotated[
        Path | None,
        typer.Option(
            "--kwaliteit",
            metavar="BESTAND",
            dir_okay=False,
            help="Kwaliteitsoverzicht per onderdeel (n, aandeel 'weet niet', Cronbachs alfa).",
        ),
    ] = None,
    codering: Annotated[
        str | None,
        typer.Option(
            "--codering", metavar="CODERING", help="Tekencodering van CSV (standaard: herkend)."
        ),
    ] = None,
    scheidingsteken: Annotated[
        str | None,
        typer.Option(
            "--scheidingsteken",
            metavar="TEKEN",
            help="Scheidingsteken van CSV: ';', ',' of 'tab' (standaard: herkend).",
        ),
    ] = None,
    bron: Annotated[
        str | None,
        typer.Option(
            "--bron",
            metavar="BRON",
            help="De enquêtetool van de export (standaard: herkend aan de kolommen): forms, "
            "google, limesurvey, qualtrics, surveymonkey of sjabloon.",
        ),
    ] = None,
) -> None:
    """Scoor de antwoorden van veel respondenten uit een export (CSV of XLSX) in één keer."""
    from scan.batch.run import BatchRequest, run_batch
    from scan.batch.tables import GROUPINGS
    from scan.io.exports import check_encoding, parse_delimiter

    if groepeer is not None and groepeer not in GROUPINGS:
        raise typer.BadParameter("kies 'school' of 'team'", param_hint="--groepeer")
    request = BatchRequest(
        exports=exports,
        output=None if uitvoer == "-" else Path(uitvoer),
        koppeling=koppeling,
        reports=rapporten,
        group_by=groepeer,
        min_group=min_groep,
        quality=kwaliteit,
        encoding=check_encoding(codering) if codering else None,
        delimiter=parse_delimiter(scheidingsteken) if scheidingsteken else None,
        source=bron.strip().lower() if bron else None,
    )
    check_batch_outputs(request, vragenlijsten)
    banks = load_banks(vragenlijsten)
    console = stderr_console()
    with _ReportProgress(console) as progress:
        summary = run_batch(
            request, banks, _problem_printer(console), progress, _notice_printer(console)
        )
    where = "stdout" if request.output is None else str(request.output)
    if summary.not_respondents:
        console.print(
            f"{summary.not_respondents} rij(en) overgeslagen: voorbeeld-, test- of "
            "spamantwoorden (Qualtrics 'Survey Preview', 'Survey Test', 'Spam'), geen respondenten"
        )
    console.print(f"{_count(summary.written, 'respondent')} gescoord → {where}")
    if summary.problems:
        console.print(
            f"[red]{_count(summary.skipped, 'respondent')} overgeslagen; "
            f"{_count(summary.problems, 'fout')} (zie hierboven).[/]"
        )
        raise Reported()  # exit 1: some respondents scored, others skipped


def check_batch_outputs(request: BatchRequest, banks_folder: Path | None) -> None:
    """No output of ``scan batch`` may be an input, nor two outputs one file."""
    from scan.batch.run import groups_path
    from scan.io.outputs import check_outputs
    from scan.io.writers import table_format

    output = request.output
    groups = None
    if output is not None and request.group_by and table_format(output) != ".xlsx":
        groups = groups_path(output)
    inputs = [*request.exports, *bank_files(banks_folder)]
    if request.koppeling is not None:
        inputs.append(request.koppeling)
    check_outputs(
        [("-o", output), ("--kwaliteit", request.quality), ("--groepeer", groups)], inputs
    )


def _count(n: int, word: str) -> str:
    """``1 respondent``, ``2 respondenten``, ``3 fouten``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}en"


def _problem_printer(console: Console) -> Callable[[Problem], None]:
    """Print each problem on stderr as soon as it is found (all of them, not just 50)."""
    from rich.markup import escape

    def show(problem: Problem) -> None:
        console.print(f"[red]fout:[/] {escape(str(problem))}")

    return show


def _notice_printer(console: Any) -> Callable[[str, Any], None]:
    """Print what was recognised (info) and what to check (waarschuwing) on stderr."""
    from rich.markup import escape

    def show(kind: str, notice: Any) -> None:
        label = "[yellow]waarschuwing:[/] " if kind == "waarschuwing" else ""
        console.print(f"{label}{escape(str(notice))}")

    return show


class _ReportProgress:
    """A rich progress bar on stderr for rendering reports, shown once rendering starts."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Callable[[int, int], None]:
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(console=self.console, transient=False)
            self.bar.start()
            self.task = self.bar.add_task("Rapporten", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command("koppeling")
def koppeling(
    export: Annotated[
        Path,
        typer.Argument(
            metavar="EXPORT",
            help="Een export die niet vanzelf past (.csv of .xlsx).",
            dir_okay=False,
        ),
    ],
    uitvoer: Annotated[
        Path,
        typer.Option(
            "-o", "--uitvoer", metavar="KOPPELING.yaml", dir_okay=False, help="De koppeling."
        ),
    ],
    vragenlijsten: BanksOption = None,
    bron: Annotated[
        str | None,
        typer.Option("--bron", metavar="BRON", help="De enquêtetool (standaard: herkend)."),
    ] = None,
    codering: Annotated[
        str | None,
        typer.Option("--codering", metavar="CODERING", help="Tekencodering van CSV."),
    ] = None,
) -> None:
    """Schrijf een startkoppeling voor een export: elke kolom met de beste gok en alternatieven."""
    from scan.batch.starter import write_starter
    from scan.io.exports import check_encoding
    from scan.io.outputs import check_no_edited_file, check_outputs

    check_outputs([("-o", uitvoer)], [export, *bank_files(vragenlijsten)])
    check_no_edited_file(uitvoer)
    banks = load_banks(vragenlijsten)
    layout = write_starter(
        export,
        uitvoer,
        banks,
        bron.strip().lower() if bron else None,
        check_encoding(codering) if codering else None,
    )
    stderr_console().print(
        f"Koppeling voor {layout.tool.title} geschreven: {uitvoer} (controleer en pas aan)"
    )


@app.command("sjabloon")
def template(
    uitvoer: Annotated[
        Path,
        typer.Option(
            "-o",
            "--uitvoer",
            metavar="BESTAND",
            dir_okay=False,
            help="Het sjabloon: .csv of .xlsx; met --bron het formulier (.txt, .gs of .docx).",
        ),
    ],
    vragenlijsten: BanksOption = None,
    bron: Annotated[
        str | None,
        typer.Option(
            "--bron",
            metavar="BRON",
            help="Een formulier voor een enquêtetool waarvan de export vanzelf past: "
            "limesurvey (.txt), google (.gs) of forms (.docx).",
        ),
    ] = None,
    partners: Annotated[
        int,
        typer.Option("--partners", metavar="N", min=1, max=20, help="Aantal partnersecties."),
    ] = 3,
) -> None:
    """Schrijf een leeg exportsjabloon, of met --bron een formulier voor een enquêtetool."""
    from scan.batch.columns import template_columns
    from scan.errors import ScanError
    from scan.io.outputs import check_definition_target, check_outputs, check_template_target
    from scan.io.writers import table_format, write_table

    check_outputs([("-o", uitvoer)], bank_files(vragenlijsten))
    if bron is not None and bron.strip().lower() != "sjabloon":
        from scan.batch.definitions import write_definition

        check_definition_target(uitvoer)

        write_definition(bron.strip().lower(), load_banks(vragenlijsten), uitvoer, partners)
        stderr_console().print(f"Formulier voor {bron.strip().lower()} geschreven: {uitvoer}")
        return
    if table_format(uitvoer) == ".json":
        raise ScanError("een sjabloon is een tabel: kies .csv of .xlsx")
    check_template_target(uitvoer)
    banks = load_banks(vragenlijsten)
    columns = template_columns(banks)
    write_table(uitvoer, [("Antwoorden", columns, [])])
    stderr_console().print(f"Sjabloon met {len(columns)} kolommen geschreven: {uitvoer}")


def main() -> None:
    from scan.cli.streams import run

    run(app)
