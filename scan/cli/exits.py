"""How ``scan`` ends: the exit codes, and the one place that maps an exception to one of them.

Commands never choose an exit code themselves: they return (0) or raise. :class:`ScanGroup`
(the ``scan`` group) catches what a command raises, and :func:`ended` tells the user in Dutch
and picks the code with :func:`exit_code`. Exit code 1 also means that a batch scored some
respondents but skipped others (their problems are listed; the outputs hold the rest).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

import typer

from scan.cli import nl

if TYPE_CHECKING:
    from scan.errors import Problem
    from scan.util.console import SafeConsole


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1  # bad input, a step that failed, or a batch with skipped respondents
    USAGE = 2  # unknown option or command, missing or malformed option value
    HANGUP = 129  # 128 + SIGHUP: the terminal was closed
    INTERRUPTED = 130  # 128 + SIGINT: ^C
    TERMINATED = 143  # 128 + SIGTERM


class Reported(Exception):
    """A command ended early and has already told the user why.

    The exit code is that of ``cause`` (ERROR when there is none): ``scan valideer`` and
    ``scan batch`` list their problems as they find them and raise ``Reported()``; ``scan
    start`` says where the answers are and raises ``Reported(the ^C or end of input)``.
    """

    def __init__(self, cause: BaseException | None = None) -> None:
        super().__init__(cause)
        self.cause = cause


def exit_code(exc: BaseException) -> int:
    """The exit code for a command that ended with ``exc``: the one mapping of the CLI.

    Anything not listed is a bug and is raised again (a traceback is then the right outcome).
    """
    from scan.errors import ScanError
    from scan.util.signals import Hangup

    if isinstance(exc, Reported):
        return ExitCode.ERROR if exc.cause is None else exit_code(exc.cause)
    if isinstance(exc, ScanError | EOFError | typer.Abort):
        return ExitCode.ERROR
    if isinstance(exc, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    if isinstance(exc, Hangup):
        return 128 + exc.signum
    if isinstance(exc, typer.Exit):
        return exc.exit_code
    if isinstance(exc, typer.TyperException):  # usage errors (2) and click's other errors (1)
        return exc.exit_code
    if isinstance(exc, OSError):  # the machine: disk full, a reader that went away (| head)
        return ExitCode.ERROR
    raise exc


def ended(exc: BaseException) -> int:
    """Tell the user in Dutch how the command ended (when it has not done so) and return the
    exit code."""
    from scan.errors import ScanError
    from scan.util.signals import Hangup

    code = exit_code(exc)
    if isinstance(exc, ScanError):
        report_problems(exc.problems)
    elif isinstance(exc, KeyboardInterrupt):
        stderr_console().print("Gestopt.")
    elif isinstance(exc, EOFError | typer.Abort):
        stderr_console().print("Afgebroken: de invoer hield op.")
    elif isinstance(exc, Hangup | BrokenPipeError):
        _silence()
    elif isinstance(exc, OSError):
        from scan.io.atomic import os_reason

        where = f"{exc.filename}: " if exc.filename else ""
        stderr_console().print(
            f"[red]fout:[/] {where}lezen of schrijven mislukt ({os_reason(exc)})"
        )
    elif isinstance(exc, typer.TyperException):
        if code == ExitCode.USAGE:
            nl.show_usage_error(exc)
        else:
            typer.echo(f"Fout: {exc.format_message()}", err=True)
    return code


def stdout_console(**options: Any) -> SafeConsole:
    """A console for stdout (or stderr) that shows untrusted text harmlessly."""
    from scan.util.console import SafeConsole

    return SafeConsole(highlight=False, **options)


def stderr_console() -> SafeConsole:
    return stdout_console(stderr=True, soft_wrap=True)


def report_problems(problems: Sequence[Problem], kind: str = "fout") -> None:
    """Print problems (``bestand:regel: veld: melding``) to stderr, at most 50 of them."""
    from rich.markup import escape

    console = stderr_console()
    style = "red" if kind == "fout" else "yellow"
    for problem in problems[:50]:
        console.print(f"[{style}]{kind}:[/] {escape(str(problem))}")
    if len(problems) > 50:
        console.print(f"… en nog {len(problems) - 50} meldingen")


def _silence() -> None:
    """After a hangup the terminal is gone: send what is still written to /dev/null."""
    import contextlib
    import os

    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.dup2(null, sys.stderr.fileno())


class ScanGroup(nl.DutchGroup):
    """The ``scan`` group: Dutch help, and every way a command ends mapped by :func:`ended`."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, SystemExit, GeneratorExit):
            raise
        except BaseException as exc:  # ^C and Hangup are BaseExceptions; bugs are raised again
            raise typer.Exit(ended(exc)) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run ``scan``; usage errors of ``scan`` itself (before a command runs) are worded here."""
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.TyperException as exc:
            code = ended(exc)
        code = ExitCode.OK if code is None else code
        if standalone_mode:
            sys.exit(code)
        return code
