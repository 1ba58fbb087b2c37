"""Ending cleanly when the process is asked to stop.

SIGTERM (``kill``, a service manager) and SIGHUP (the terminal was closed) end Python at once
by default: no ``finally`` runs, so temporary files, lock files and worker processes would be
left behind. Inside :func:`hangup_raises` they raise :class:`Hangup` instead, which unwinds
like any exception (exit code 128 + the signal). :func:`signals_held` keeps them and ^C back
while a short piece of work must finish (a save, a clean-up).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator

_HANGUP_NAMES = ("SIGHUP", "SIGTERM")
_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", *_HANGUP_NAMES) if hasattr(signal, name)
)


class Hangup(BaseException):
    """The terminal was closed (SIGHUP) or the process asked to end (SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def hangup_raises() -> Iterator[None]:
    """Turn SIGHUP and SIGTERM into :class:`Hangup` while inside (main thread only)."""

    global _handler

    def handler(signum: int, frame: object) -> None:
        for name in names:  # a second signal must not cut the clean-up short
            signal.signal(getattr(signal, name), signal.SIG_IGN)
        raise Hangup(signum)

    names = [n for n in _HANGUP_NAMES if hasattr(signal, n)]
    previous = {n: signal.signal(getattr(signal, n), handler) for n in names}
    _handler = handler
    try:
        yield
    finally:
        _handler = None
        for name, old in previous.items():
            signal.signal(getattr(signal, name), old)


_handler: Callable[[int, object], None] | None = None


def redeliver(exc: BaseException | None) -> bool:
    """Send a stop request again that Python had to drop: a signal that arrived while a
    finalizer (``__del__``) ran raised there, where nobody can catch it. Returns whether
    ``exc`` was such a request; it then arrives again at the next line of ordinary code."""
    if isinstance(exc, Hangup) and _handler is not None:
        signal.signal(exc.signum, _handler)
        signum = exc.signum
    elif isinstance(exc, KeyboardInterrupt) and hasattr(signal, "SIGINT"):
        signum = signal.SIGINT
    else:
        return False
    # sent a moment later from another thread: sent now, it would be raised in this very
    # finalizer hook and be lost again
    timer = threading.Timer(0.05, os.kill, (os.getpid(), signum))
    timer.daemon = True
    timer.start()
    return True


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold ^C, SIGHUP and SIGTERM back until the block is done (then they arrive)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def ignore_stop_signals() -> None:
    """For a worker process whose parent decides when to stop: ^C, SIGHUP and SIGTERM sent to
    the whole process group leave it alone, so it never stops halfway through a file; the
    parent cancels what has not started and waits for the rest."""
    for signum in _STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
