"""Reading files: encodings, and a clear message for everything that is not a report."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kg.read import ReadError, find_reports, read_source
from kg.structure import NoReportStructure, parse_report
from tests.conftest import CORPUS

SAMPLE = (CORPUS / "003_681c875d0e20b629.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", SAMPLE.encode("utf-8")),
        ("utf-8-sig", codecs.BOM_UTF8 + SAMPLE.encode("utf-8")),
        ("utf-16", SAMPLE.encode("utf-16")),  # with its byte-order mark
        ("cp1252", SAMPLE.replace("–", "-").encode("cp1252")),
    ],
)
def test_encodings_decode_to_the_same_report(tmp_path: Path, encoding: str, data: bytes) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    source = read_source(path)
    report = parse_report(source.text, path)
    assert report.metadata.venue == "San José"
    assert len(report.recommendations) == 15


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(128, 256)) * 50, "not text"),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=message):
        read_source(path)


def test_a_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(ReadError, match="50.0 MB"):
        read_source(path)


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("<html><body><h1>Welcome</h1><p>Nothing to see here.</p></body></html>", ["Welcome Nothing to see here."]),
        ("Just a note.\nNo numbers, no headings.\n", ["Just a note.", "No numbers, no headings."]),
    ],
)
def test_text_without_numbered_paragraphs_is_read_as_blocks(text: str, paragraphs: list[str]) -> None:
    report = parse_report(text, "page.html")
    assert report.layout == "blocks"
    assert [p.text for p in report.paragraphs] == paragraphs


@pytest.mark.parametrize("text", ["<html><body><p></p></body></html>", "---\n\n***\n", "<br>\n<sup>1</sup>\n"])
def test_only_a_text_without_words_is_refused(text: str) -> None:
    with pytest.raises(NoReportStructure, match="no text"):
        parse_report(text, "empty.md")


def test_finding_reports_skips_notes_and_other_files(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "README.md", "image.png", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in find_reports([tmp_path])] == ["a.txt", "b.md"]
