"""A library's own temp files (WeasyPrint's font folder) never outlive a report."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

import pytest

from scan.util.scratch import private_temp_folder


def test_temp_files_made_inside_are_removed_even_when_the_block_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(KeyboardInterrupt), private_temp_folder() as folder:
        assert Path(folder).parent == tmp_path
        Path(tempfile.mkdtemp(prefix="weasyprint-"), "font.woff").write_bytes(b"x")
        raise KeyboardInterrupt  # as a stop signal unwinds a report
    assert list(tmp_path.iterdir()) == []
    assert tempfile.tempdir == str(tmp_path)


@pytest.mark.slow
def test_a_pdf_report_leaves_no_font_folder_even_with_the_collector_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scan.bank import load_bankset
    from scan.report.render import report_pdf
    from scan.scoring.build import score
    from tests.conftest import TEST_BANKS
    from tests.report.test_report import answers_for

    banks = load_bankset(TEST_BANKS)
    answers = answers_for()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gc.disable()
    try:
        kept = report_pdf(score(banks, answers), banks, [answers])
        assert kept.startswith(b"%PDF")
        assert list(tmp_path.iterdir()) == []  # before any collection could have run
    finally:
        gc.enable()
