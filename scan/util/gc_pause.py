"""Pausing Python's cycle collector around allocation-heavy work that makes (almost) no cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_garbage_collector() -> Iterator[None]:
    """The cycle collector off for the block, and as it was afterwards.

    Laying out a report (about a million objects) or streaming a large batch (many small
    containers, beside ever-growing memos the collector would walk again and again) makes
    the collector run hundreds of times for next to nothing: an eighth of a report, a fifth
    of a large batch. Whatever cycles the block leaves are collected once it runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
