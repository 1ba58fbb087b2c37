"""Atomic file writes: a crash leaves the old file or the new one, never half of one.

Only a regular file (or a name that does not exist yet) is replaced that way. A symlink is
followed, so the file it points to gets the new content and the link stays a link. A character
device (``/dev/null``, a terminal) or a FIFO is written into directly, as a shell redirect
would; anything else that is not a regular file (a block device, a socket, a folder) is refused
with a Dutch message. A device or FIFO is therefore never replaced by a file, not even as root.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Any

from scan.errors import Problem, ScanError
from scan.util.signals import signals_held


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


def output_kind(path: Path) -> str:
    """``"nieuw"``, ``"bestand"`` (regular), ``"stroom"`` (character device or FIFO: written
    into), or ``"map"``/``"anders"`` (refused); symlinks are followed."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "nieuw"
    except OSError:
        return "nieuw"  # the folder is unreadable; creating the file reports why
    if stat.S_ISREG(mode):
        return "bestand"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "stroom"
    return "map" if stat.S_ISDIR(mode) else "anders"


class AtomicFile:
    """A temp file beside ``path``, written through ``handle``; :meth:`commit` flushes,
    fsyncs and renames it over ``path``, :meth:`abort` removes it.

    For a character device or FIFO ``handle`` writes straight into it (commit flushes, abort
    closes); a symlink is resolved first, so the link survives. Raises ScanError (in Dutch,
    naming the path) when the target cannot be written.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.target = Path(os.path.realpath(path))
        self.folder = self.target.parent
        self.tmp: str | None = None
        kind = output_kind(self.target)
        if kind == "map":
            raise ScanError(Problem("is een map; geef een bestandsnaam", str(path)))
        if kind == "anders":
            raise ScanError(
                Problem(
                    "is geen gewoon bestand (een apparaat of socket); hier wordt niet in "
                    "geschreven, kies een bestandsnaam",
                    str(path),
                )
            )
        if kind == "stroom":
            self.handle: IO[bytes] = self._open_stream()
            return
        try:
            with signals_held():  # a temp file is made and known, or neither
                fd, self.tmp = tempfile.mkstemp(
                    prefix=f".{self.target.name}.", suffix=".tmp", dir=self.folder
                )
                self.handle = _Guarded(fd, self)
        except OSError as exc:
            raise ScanError(
                Problem(f"kan hier niet schrijven ({os_reason(exc)})", str(path))
            ) from None
        os.fchmod(fd, _mode_for(self.target))

    def _open_stream(self) -> IO[bytes]:
        """Open a device or FIFO for writing; a FIFO without a reader is refused, not waited on."""
        flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        try:
            fd = os.open(self.target, flags)
        except OSError as exc:
            if exc.errno == errno.ENXIO:
                raise ScanError(
                    Problem("dit is een pipe (FIFO) waar niemand uit leest", str(self.path))
                ) from None
            raise self.error(exc) from None
        with contextlib.suppress(OSError, AttributeError):
            os.set_blocking(fd, True)
        return _Guarded(fd, self)

    @property
    def is_stream(self) -> bool:
        return self.tmp is None

    def error(self, exc: OSError) -> ScanError:
        return ScanError(Problem(f"kan niet schrijven ({os_reason(exc)})", str(self.path)))

    def commit(self) -> None:
        if self.tmp is None:
            self.handle.close()
            return
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self.abort()
            raise self.error(exc) from None
        except BaseException:  # a full disk (ScanError), ^C, SIGTERM: no temp file stays
            self.abort()
            raise
        with contextlib.suppress(OSError):
            dir_fd = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    def abort(self) -> None:
        with contextlib.suppress(OSError, ScanError):
            self.handle.close()
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)


class _Guarded(io.BufferedWriter):
    """The handle of an :class:`AtomicFile`: a write that fails (disk full, a file-size limit,
    a reader that left) raises ScanError in Dutch, naming the output, instead of OSError."""

    def __init__(self, fd: int, owner: AtomicFile) -> None:
        super().__init__(io.FileIO(fd, "wb"))
        self.owner = owner

    def write(self, data: Any) -> int:
        try:
            return super().write(data)
        except OSError as exc:
            raise self.owner.error(exc) from None

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:
            raise self.owner.error(exc) from None


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


def os_reason(exc: OSError) -> str:
    """Why an operation on a file failed, in Dutch."""
    return {
        errno.ENOENT: "map bestaat niet",
        errno.EACCES: "geen toestemming",
        errno.EPERM: "geen toestemming",
        errno.EISDIR: "is een map",
        errno.ENOSPC: "schijf vol",
        errno.EDQUOT: "schijfquotum vol",
        errno.EFBIG: "bestand te groot voor deze schijf of limiet",
        errno.EROFS: "alleen-lezen",
        errno.EPIPE: "de lezer is gestopt",
    }.get(exc.errno or 0, exc.strerror or str(exc))
