"""Outputs that are not regular files: devices and FIFOs written into, symlinks followed."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.cli.commands import app
from scan.errors import ScanError
from scan.io.atomic import atomic_write_text

FIXTURES = Path(__file__).parents[1] / "fixtures"
BANKS = FIXTURES / "banken"
JAN = FIXTURES / "antwoorden" / "jan.yaml"
EXPORT = FIXTURES / "exports" / "excel-puntkomma.csv"

needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="mknod of a device node in tmp_path needs root; not running as root"
)


def null_device(tmp_path: Path) -> Path:
    """A character device like /dev/null (major 1, minor 3), made inside the test folder."""
    path = tmp_path / "null"
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return path


def is_char_device(path: Path) -> bool:
    return stat.S_ISCHR(path.lstat().st_mode)


@needs_root
def test_output_that_is_a_device_is_written_into_not_replaced(
    runner: CliRunner, tmp_path: Path
) -> None:
    device = null_device(tmp_path)
    commands = [
        ["rapport", JAN, "-o", device, "--html"],
        ["batch", EXPORT, "-o", device, "--kwaliteit", device],
        ["sjabloon", "-o", device],
    ]
    for args in commands:
        result = runner.invoke(app, [*map(str, args), "--vragenlijsten", str(BANKS)])
        assert result.exit_code == 0, result.output
        assert is_char_device(device), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_output_that_is_a_fifo_is_written_into(tmp_path: Path) -> None:
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    for _ in range(100):  # wait until the reader has opened the FIFO
        try:
            atomic_write_text(fifo, "hallo")
            break
        except ScanError:
            threading.Event().wait(0.02)
    reader.join(5)
    assert received == [b"hallo"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_output_fifo_without_reader_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    with pytest.raises(ScanError, match="pipe \\(FIFO\\) waar niemand uit leest"):
        atomic_write_text(fifo, "x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "echt.txt"
    real.write_text("oud", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write_text(link, "nieuw")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "nieuw"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["echt.txt", "link.txt"]


def test_output_that_is_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(ScanError, match="geen gewoon bestand"):
            atomic_write_text(path, "x")
        assert stat.S_ISSOCK(path.lstat().st_mode)
