"""`kg search` in-process: text and JSON, errors, and no index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main


def test_text_output_names_document_paragraph_and_meeting(built_exports: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["search", '"Bangkok Rules"', "--exports", str(built_exports), "-n", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. 004_fb9608fcd46e22f9.txt, para. 15, 5(d) (e) - Asia and Pacific Regional")
    assert "[Bangkok Rules]" in out


def test_json_output(built_exports: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["search", "extradition", "--exports", str(built_exports), "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {"rank", "document_file", "paragraph_number", "meeting_label", "snippet", "page"} <= set(hits[0])
    assert "[extradition]" in hits[0]["snippet"]


def test_a_bad_query_and_a_missing_index_fail_with_a_reason(built_exports: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture) -> None:
    assert main(["search", "court AND", "--exports", str(built_exports)]) == 2
    assert "AND needs a term after it" in capsys.readouterr().err
    assert main(["search", "court", "--exports", str(tmp_path)]) == 2
    assert "no search index" in capsys.readouterr().err


def test_no_hit_says_so(built_exports: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["search", "zzyzx", "--exports", str(built_exports)]) == 0
    assert "no passage matches" in capsys.readouterr().err
