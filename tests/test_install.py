"""A non-editable install into a fresh virtualenv works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_in_fresh_venv_finds_bundled_banks_and_templates(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    [wheel] = wheels.glob("samenwerkingsscan-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], check=True)

    elsewhere = tmp_path / "ergens"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    listing = subprocess.run(
        [env_dir / "bin" / "scan", "vragenlijsten"],
        cwd=elsewhere,
        env={**env, "COLUMNS": "120"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert listing.returncode == 0, listing.stderr
    for bank_id in ("regio", "partner", "team"):
        assert bank_id in listing.stdout
    assert str(env_dir) in listing.stdout.replace("\n", "")  # the banks come from site-packages

    where = subprocess.run(
        [python, "-c", "import scan.bank as b; print(b.bundled_folder().parent)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    package = Path(where.stdout.strip())
    assert (package / "templates").is_dir()
    assert sorted(p.name for p in (package / "vragenlijsten").glob("*.yaml")) == [
        "partner.yaml",
        "regio.yaml",
        "team.yaml",
    ]
