"""Guarding one file against a second writer: a session lock and a fingerprint of its content.

:class:`FileLock` holds an exclusive lock on a lock file beside the file (``.<naam>.lock``) for as
long as a session runs: ``fcntl.flock`` where it exists, ``msvcrt.locking`` on Windows, and
otherwise a lock file created exclusively. :func:`fingerprint` tells whether a file changed
(another program, an editor) since it was last read or written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from scan.errors import Problem, ScanError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]


class FileLock:
    """An exclusive lock for ``path`` on ``.<name>.lock`` in the same folder; ScanError in
    Dutch when another process holds it."""

    def __init__(self, path: Path, busy: str | None = None) -> None:
        self.path = path
        self.lock_path = path.with_name(f".{path.name}.lock")
        self.fd: int | None = None
        self.busy = busy or (
            "dit antwoordbestand is al open in een andere 'scan start'; rond die eerst af"
        )
        """What the refusal says when another process holds the lock."""

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()

    def acquire(self) -> None:
        while self.fd is None:
            fd = self._open()
            if not self._lock(fd):
                os.close(fd)
                raise self._busy()
            # the holder before us may have removed the lock file after we opened it
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.lock_path))
            except FileNotFoundError:
                same = False
            if same:
                self.fd = fd
                with contextlib.suppress(OSError):
                    os.write(fd, f"{os.getpid()}\n".encode())
            else:
                os.close(fd)

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT
        if fcntl is None and msvcrt is None:
            flags |= os.O_EXCL
        try:
            return os.open(self.lock_path, flags, 0o666)
        except FileExistsError:
            raise self._busy() from None
        except OSError as exc:
            reason = exc.strerror or str(exc)
            message = f"kan het antwoordbestand niet vergrendelen ({reason})"
            raise ScanError(Problem(message, str(self.path))) from None

    @staticmethod
    def _lock(fd: int) -> bool:
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            elif msvcrt is not None:  # pragma: no cover - Windows
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _busy(self) -> ScanError:
        return ScanError(
            Problem(
                f"{self.busy} (staat er geen meer open, verwijder dan {self.lock_path.name})",
                str(self.path),
            )
        )

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.lock_path)  # while still locked: nobody else holds it now
        with contextlib.suppress(OSError):
            os.close(self.fd)
        self.fd = None


@dataclass(frozen=True)
class Fingerprint:
    """Modification time, size and content hash of a file as we last saw it."""

    mtime_ns: int
    size: int
    digest: str

    @classmethod
    def of(cls, path: Path) -> Fingerprint | None:
        """The file's fingerprint, or None when it does not exist."""
        try:
            info = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except FileNotFoundError:
            return None
        return cls(info.st_mtime_ns, info.st_size, digest)

    def same_content(self, path: Path) -> bool:
        """Whether ``path`` still holds what we saw (only hashed when time or size moved)."""
        try:
            info = path.stat()
        except FileNotFoundError:
            return False
        if (info.st_mtime_ns, info.st_size) == (self.mtime_ns, self.size):
            return True
        now = Fingerprint.of(path)
        return now is not None and now.digest == self.digest


def changed_since(path: Path, seen: Fingerprint | None) -> bool:
    """Whether someone else created or changed ``path`` since ``seen`` (a removed file has
    nothing to lose, so it does not count)."""
    if seen is None or not path.exists():
        return seen is None and path.exists()
    return not seen.same_content(path)
