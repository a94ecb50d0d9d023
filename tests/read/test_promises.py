"""A report that yields much less than its text promises gets a warning naming what is missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.cli import main
from kg.structure import parse_report
from kg.structure.promises import shortfalls
from tests.conftest import CORPUS

FINAL = CORPUS / "001_0c7b10fadacc8b35.txt"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_the_bundled_reports_keep_every_promise(path: Path) -> None:
    assert shortfalls(parse_report(path.read_text(encoding="utf-8"), path)) == []


def test_paragraph_numbers_a_converter_dropped_are_missed() -> None:
    """Paragraphs 30-59 lost their numbers (Word numbering a converter did not write out): the numbers after
    them no longer follow, and the text's own numbered lines say so."""
    text = re.sub(r"^(?:- )?([345]\d)\. ", "", FINAL.read_text(encoding="utf-8"), flags=re.M)
    warnings = shortfalls(parse_report(text, FINAL))
    assert any(w.startswith("36 numbered lines became no paragraph or heading (60., 61.,") for w in warnings), warnings


def test_a_final_report_without_its_letters_is_missed() -> None:
    text = re.sub(r"^(?:- )?\(([a-z]{1,2})\) ", "", FINAL.read_text(encoding="utf-8"), flags=re.M)
    warnings = shortfalls(parse_report(text, FINAL))
    assert "a final report with no recommendation: its lettered recommendations were not found" in warnings


def test_lost_letters_and_skipped_numbers_are_named() -> None:
    text = (CORPUS / "003_681c875d0e20b629.txt").read_text(encoding="utf-8")
    text = re.sub(r"^\(([cd])\) .*\n", "", text, flags=re.M)  # two recommendations gone, lines and all
    text = re.sub(r"^[67]\. .*\n", "", text, flags=re.M)
    warnings = shortfalls(parse_report(text, "003.txt"))
    assert "paragraph numbers missing between those found (6-7): their paragraphs were not found as numbered " \
           "paragraphs" in warnings
    # The structure takes a letter out of sequence for a sub-item of the recommendation before it: (e) onwards
    # went into (b), and the warning says which letters were lost so.
    assert any(w.startswith("10 lettered lines became no recommendation or item ((e), (f), (g), (h), (j)")
               for w in warnings), warnings


def test_the_build_prints_the_warning_with_the_file_and_counts_it(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    lost = folder / "final.txt"
    lost.write_text(re.sub(r"^(?:- )?\(([a-z]{1,2})\) ", "", FINAL.read_text(encoding="utf-8"), flags=re.M),
                    encoding="utf-8")
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "--no-viz"]) == 0
    captured = capsys.readouterr()
    assert f"warning: {lost}: a final report with no recommendation" in captured.err
    assert "; 1 warning" in captured.out
