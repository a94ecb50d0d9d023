"""benchmarks/shacl_parts.py: the SHACL check in parts on its own, its report and its exit status."""

from __future__ import annotations

import pytest

from benchmarks.shacl_parts import main
from tests.conftest import CORPUS


def test_the_bundled_reports_are_checked_in_parts_and_conform(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert "read and assembled 5 reports" in out
    assert "SHACL in parts:" in out and ", 0 problem line(s)" in out


def test_a_folder_without_reports_is_an_error(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 2
    assert "could be built" in capsys.readouterr().err
