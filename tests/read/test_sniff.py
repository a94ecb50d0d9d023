"""Formats told by their first bytes, not their names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.read import find_reports, not_read, read_source
from kg.read.sniff import sniff
from tests.conftest import CORPUS


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "report.txt", "pdf"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "page.txt", "html"),
        (b"<html lang='en'><body>", "x", "html"),
        (b"<p>A fragment</p>", "page.htm", "html"),
        (b"<sup>1</sup> A footnote line of a text report", "report.md", "text"),
        (b"PK\x03\x04rest", "report.docx", "zip"),
        (b"\x89PNG\r\n\x1a\n", "report.txt", "a PNG image"),
        (b"1. A paragraph.", "report.pdf", "text"),
    ],
)
def test_sniff(head: bytes, name: str, kind: str) -> None:
    assert sniff(head, name) == kind


def test_a_txt_holding_a_pdf_is_read_as_a_pdf(rendered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.txt"
    shutil.copy(rendered["pdf"][3], path)
    source = read_source(path)
    assert source.media_type == "application/pdf"
    assert "Rapporteur: Rodrigo Bertoglio Cardoso (Brazil)" in source.text


def test_a_folder_names_every_file_it_does_not_read(rendered, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(CORPUS / "003_681c875d0e20b629.txt", folder / "003.txt")
    shutil.copy(rendered["docx"][2], folder / "002.docx")
    shutil.copy(rendered["pdf"][0], folder / "000")  # no extension: its bytes say PDF
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "README.md").write_text("# Reports", encoding="utf-8")
    (folder / "table.xlsx").write_bytes(b"PK\x05\x06" + bytes(18))
    (folder / "notes.rtf").write_bytes(b"{\\rtf1 notes}")
    assert [p.name for p in find_reports([folder])] == ["000", "002.docx", "003.txt"]
    reasons = {p.name: why for p, why in not_read([folder])}
    assert reasons == {"README.md": "a note about the folder, not a report", "logo.png": "a PNG image",
                       "notes.rtf": "an RTF file; save it as .docx or PDF",
                       "table.xlsx": "a zip archive; unpack it and build the folder"}
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "--no-viz", "--quiet"]) == 0
    captured = capsys.readouterr()
    for name, why in reasons.items():
        assert f"{folder / name}: not read: {why}" in captured.err
    assert "built 3 documents" in captured.out and "4 files not read" in captured.out
