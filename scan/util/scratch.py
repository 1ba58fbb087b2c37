"""A private temp folder for libraries that leave their own temp files behind.

WeasyPrint keeps the fonts of a document in a ``weasyprint-*`` folder that it removes only when
its font configuration is garbage collected; a report stopped by SIGTERM or SIGHUP (or an exit
with the collector paused) would leave that folder, with the report's fonts, in ``/tmp``.
:func:`private_temp_folder` points :mod:`tempfile` at a folder of our own for the duration and
removes it, whatever remains in it, on every way out.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator


@contextlib.contextmanager
def private_temp_folder(prefix: str = "samenwerkingsscan-") -> Iterator[str]:
    """Within the block, new temp files and folders of this process go into one private folder,
    which is removed afterwards (also when the block is left by an exception or a stop signal)."""
    before = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix=prefix, ignore_cleanup_errors=True) as folder:
        tempfile.tempdir = folder
        try:
            yield folder
        finally:
            tempfile.tempdir = before
