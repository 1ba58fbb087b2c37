"""Atomic file writes: a crash leaves the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO

from scan.errors import Problem, ScanError


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` atomically to ``path`` (see :class:`AtomicFile`)."""
    target = AtomicFile(path)
    try:
        target.handle.write(data)
    except BaseException as exc:
        target.abort()
        if isinstance(exc, OSError):
            raise target.error(exc) from None
        raise
    target.commit()


class AtomicFile:
    """A temp file beside ``path``, written through ``handle``; :meth:`commit` flushes,
    fsyncs and renames it over ``path``, :meth:`abort` removes it.

    Raises ScanError (in Dutch, naming the path) when the folder cannot be written.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.folder = path.absolute().parent
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=self.folder)
        except OSError as exc:
            raise ScanError(
                Problem(f"kan hier niet schrijven ({_reason(exc)})", str(path))
            ) from None
        self.handle: IO[bytes] = os.fdopen(fd, "wb")
        os.fchmod(fd, _mode_for(path))

    def error(self, exc: OSError) -> ScanError:
        return ScanError(Problem(f"kan niet schrijven ({_reason(exc)})", str(self.path)))

    def commit(self) -> None:
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.abort()
            raise self.error(exc) from None
        with contextlib.suppress(OSError):
            dir_fd = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


def _mode_for(path: Path) -> int:
    """Keep the mode of the file we replace; a new file gets the usual 0666 minus umask.

    (mkstemp alone would make every answer file and report private to its owner.)
    """
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _reason(exc: OSError) -> str:
    return {
        2: "map bestaat niet",
        13: "geen toestemming",
        21: "is een map",
        28: "schijf vol",
        30: "alleen-lezen",
    }.get(exc.errno or 0, exc.strerror or str(exc))
