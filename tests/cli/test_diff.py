"""kg diff DRAFT FINAL prints the word-level changes of each aligned pair of recommendations."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from tests.conftest import CORPUS

DRAFT, FINAL = CORPUS / "000_f29162a344c7f65f.txt", CORPUS / "001_0c7b10fadacc8b35.txt"


def test_diff_prints_one_entry_per_pair_with_its_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(DRAFT), str(FINAL)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("== 000_f29162a344c7f65f.txt -> 001_0c7b10fadacc8b35.txt, agenda item 5(d): "
                          "recommendations ==\n")
    assert out.count(" reworded ") == 8
    assert "(b) -> (b)  reworded  similarity 0.902\n" in out
    assert "consider [-the creation of-] {+establishing+} a regional" in out
    assert "[-the United Nations Office on Drugs and Crime-] {+UNODC+}" in out


def test_diff_takes_the_files_in_either_order_and_lists_statements(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(FINAL), str(DRAFT), "--statements"]) == 0
    out = capsys.readouterr().out
    assert "agenda item 5(d): statements ==" in out
    assert "the Alliance of NGOs [-for-] {+on+} Crime Prevention and Criminal Justice" in out


def test_diff_of_reports_of_different_meetings_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(CORPUS / "002_bba04487c98bd190.txt"), str(FINAL)]) == 2
    assert "no draft/final pair" in capsys.readouterr().err


def test_diff_of_a_missing_file_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(tmp_path / "nothing.txt"), str(FINAL)]) == 2
    assert "no such file" in capsys.readouterr().err
