"""Atomic writes: whole files or nothing, with ordinary permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scan.errors import ScanError
from scan.io.atomic import atomic_write_text


def test_new_file_gets_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644


def test_replacing_keeps_mode_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("oud", encoding="utf-8")
    path.chmod(0o640)
    atomic_write_text(path, "nieuw")
    assert path.read_text(encoding="utf-8") == "nieuw"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_unwritable_folder_is_a_dutch_error(tmp_path: Path) -> None:
    with pytest.raises(ScanError) as info:
        atomic_write_text(tmp_path / "bestaat-niet" / "a.txt", "x")
    assert "kan hier niet schrijven (map bestaat niet)" in str(info.value)
