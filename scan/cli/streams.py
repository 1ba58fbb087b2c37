"""The process's own streams, made safe for whatever machine ``scan`` runs on.

A Windows console or a redirect in another code page (``PYTHONIOENCODING=cp1252``) cannot encode
every character the scan prints (``█``, ``→``, an emoji in a name): text gets a replacement
instead of a crash, and JSON gets ``\\uXXXX`` escapes, so it stays valid and loses nothing. A
closed stdin reads as empty input, a closed stdout or stderr as a sink; a reader that goes away
(``| head``) ends the program quietly; and ^C after the work is done does not print a traceback.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from scan.util.signals import Hangup, hangup_raises, redeliver


def _json_escape(exc: UnicodeError) -> tuple[str, int]:
    """Error handler: unencodable characters as JSON ``\\uXXXX`` escapes (pairs above FFFF)."""
    assert isinstance(exc, UnicodeEncodeError)
    escapes = []
    for char in exc.object[exc.start : exc.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escapes.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escapes.append(f"\\u{code:04x}")
    return "".join(escapes), exc.end


codecs.register_error("scan-json", _json_escape)


def prepare_streams() -> None:
    """Stand-ins for closed streams, no crash on characters the output cannot encode, and no
    late traceback from a library cleaning up after a write that failed."""
    sys.unraisablehook = _quiet_about_io
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as we do
    elif isinstance(sys.stdin, io.TextIOWrapper):
        # a name typed in a Latin-1 terminal: its bytes arrive as surrogates, which
        # scan.util.text.valid_text turns back into letters (instead of a crash here)
        sys.stdin.reconfigure(errors="surrogateescape")
    for name in ("stderr", "stdout"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
            if name == "stdout":
                print(
                    "let op: de uitvoer (stdout) is gesloten; wat daarheen gaat, gaat verloren",
                    file=sys.stderr,
                )
        elif isinstance(stream, io.TextIOWrapper) and not _is_utf(stream.encoding):
            stream.reconfigure(errors="replace")


def _quiet_about_io(unraisable: Any) -> None:
    """Exceptions Python cannot raise (in a finalizer): a failed write (disk full, file-size
    limit, closed pipe) was already reported as a Dutch error, so the same failure again while
    a library tidies up says nothing new; a stop request (^C, SIGTERM) that landed there is
    sent again. Anything else is shown as usual."""
    if isinstance(unraisable.exc_value, OSError) or redeliver(unraisable.exc_value):
        return
    sys.__unraisablehook__(unraisable)


def _is_utf(encoding: str | None) -> bool:
    return bool(encoding) and codecs.lookup(encoding or "ascii").name.startswith("utf")


def write_json(text: str) -> None:
    """JSON on stdout in its encoding; what that encoding lacks becomes a JSON escape."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode(stream.encoding or "utf-8", "scan-json"))
    buffer.flush()


_OWN_PROGRAM = False
"""True once :func:`run` runs the command line as its own process. Only then may the process's
signal dispositions change: a command called in-process (a test, another program) must not leave
SIGINT ignored, since every child process would inherit that."""


def work_done() -> None:
    """The command's work is done and saved: a ^C from here on has nothing left to interrupt, so it
    is ignored rather than turned into a traceback halfway through the exit."""
    if not _OWN_PROGRAM:
        return
    with contextlib.suppress(ValueError, OSError, AttributeError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(app: Callable[[], object]) -> None:
    """Run the command line with safe streams; ^C outside a command and a reader that went
    away end it without a traceback."""
    global _OWN_PROGRAM
    _OWN_PROGRAM = True
    prepare_streams()
    try:
        with hangup_raises():  # SIGTERM and SIGHUP unwind: temp files, locks, workers cleaned
            app()
    except (KeyboardInterrupt, BrokenPipeError, Hangup) as exc:  # outside a command
        from scan.cli.exits import ended

        sys.exit(ended(exc))
    finally:
        work_done()  # done or stopped: a ^C during the exit must not print a traceback
