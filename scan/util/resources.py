"""Where the package's data folders are (``vragenlijsten``, ``templates``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_folder(name: str) -> Path:
    """``scan/<name>`` in an installed wheel; the top-level ``<name>/`` beside the package in a
    source checkout (editable install), where the repository keeps them."""
    inside = Path(str(resources.files("scan"))) / name
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[2] / name
