"""Stop requests: SIGTERM/SIGHUP unwind as Hangup, and one lost in a finalizer comes back."""

from __future__ import annotations

import gc
import os
import signal
import time
from pathlib import Path

import pytest

from scan.cli.streams import prepare_streams
from scan.io.atomic import AtomicFile
from scan.util.signals import Hangup, hangup_raises, signals_held


def test_sigterm_unwinds_so_a_temp_file_is_removed(tmp_path: Path) -> None:
    with pytest.raises(Hangup), hangup_raises():
        target = AtomicFile(tmp_path / "uit.pdf")
        try:
            target.handle.write(b"half")
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)
        except BaseException:
            target.abort()
            raise
    assert list(tmp_path.iterdir()) == []


def test_a_stop_request_lost_in_a_finalizer_arrives_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    prepare_streams()  # installs the hook that sends lost stop requests again

    class Finalized:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.5)  # the Hangup is raised here, where Python must drop it

    with pytest.raises(Hangup), hangup_raises():
        Finalized()
        gc.collect()
        for _ in range(100):  # ordinary code: the request is raised again here
            time.sleep(0.01)


def test_signals_held_delay_a_stop_until_the_block_is_done() -> None:
    done = []
    with pytest.raises(Hangup), hangup_raises():
        with signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.1)
            done.append(True)
        time.sleep(1)
    assert done == [True]
