"""The self-test that packaged builds run: it passes from source, and it can fail."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_desk import selftest


def test_self_test_passes_in_process(tmp_path: Path) -> None:
    out = io.StringIO()
    code = selftest.run_self_test(out=out, keep=tmp_path / "work", include_qt=False)
    report = out.getvalue()
    assert code == 0, report
    assert "Self-test passed" in report and "FAIL" not in report
    assert (tmp_path / "work" / "memo-motion.docx").is_file()
    assert (tmp_path / "work" / "memo-public.docx").is_file()


def test_a_failing_check_fails_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_state: object) -> str:
        raise selftest.SelfTestFailure("the stored original changed")

    checks = tuple(
        (title, broken if check is selftest._verify else check) for title, check in selftest.CHECKS
    )
    monkeypatch.setattr(selftest, "CHECKS", checks)
    out = io.StringIO()
    assert selftest.run_self_test(out=out, include_qt=False) == 1
    report = out.getvalue()
    assert "FAIL  verify the library: SelfTestFailure: the stored original changed" in report
    assert "ok    back up and restore" in report  # the later checks still ran
    assert "Self-test FAILED: 1 of" in report


def test_entry_point_self_test_with_qt_offscreen() -> None:
    """What ``evidence-desk --self-test`` of a bundle runs, through the same entry point."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "evidence_desk", "--self-test"],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok    import a generated Bates-stamped PDF" in result.stdout
    assert "ok    Qt: GUI modules, QtPdf, icons" in result.stdout


def test_entry_point_runs_cli_commands(tmp_path: Path) -> None:
    library = tmp_path / "library"
    result = subprocess.run(
        [sys.executable, "-m", "evidence_desk", "--library", str(library), "init"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (library / "evidence.db").is_file()
