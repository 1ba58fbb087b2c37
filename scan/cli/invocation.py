"""How the user runs ``scan`` again, for the commands the program prints (resume, report).

After the README's install (``.venv/bin/pip install .``) the ``scan`` command lives in
``.venv/bin`` and is not on the PATH until the venv is activated: a printed ``scan start …``
would then fail with "command not found". So the printed program is ``scan`` only when the
``scan`` on the PATH is the program running now; otherwise it is the full path that works.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path


def scan_program(
    argv0: str | None = None,
    which: Callable[[str], str | None] = shutil.which,
    executable: str | None = None,
) -> tuple[str, ...]:
    """The words that start this program from a shell: ``scan``, a full path, or
    ``python -m scan``. The arguments default to this process (they are there for tests)."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    here = Path(argv0)
    if here.name == "__main__.py" and here.parent.name == "scan":  # python -m scan
        python = Path(executable).name
        found = which(python)
        same = found is not None and _same_file(found, executable)
        return (python if same else os.path.abspath(executable), "-m", "scan")
    if here.stem != "scan":  # run some other way (embedded, tests): the plain name
        return ("scan",)
    found = which("scan")
    if found is not None and _same_file(found, argv0):
        return ("scan",)
    return (os.path.abspath(_existing(argv0)),)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, _existing(b))
    except OSError:
        return False


def _existing(path: str) -> str:
    """On Windows the console script runs as ``scan`` while the file is ``scan.exe``."""
    if not os.path.exists(path) and os.path.exists(path + ".exe"):
        return path + ".exe"
    return path
