"""Atomic file writes: a crash leaves the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from scan.errors import Problem, ScanError


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a temp file beside ``path``, flush + fsync, then rename over ``path``.

    Raises ScanError (in Dutch, naming the path) when the folder cannot be written.
    """
    folder = path.absolute().parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ScanError(Problem(f"kan hier niet schrijven ({_reason(exc)})", str(path))) from None
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ScanError(Problem(f"kan niet schrijven ({_reason(exc)})", str(path))) from None
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


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
