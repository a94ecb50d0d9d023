"""PDF reading: LibreOffice's PDF of a report laid out as its text version is, and a scan without Tesseract."""

from __future__ import annotations

import pytest

from kg.read import ReadError, read_source
from kg.read import ocr as ocr_module
from kg.structure import parse_report
from tests.conftest import CORPUS


def test_the_pdf_gives_the_paragraphs_and_recommendations_of_the_text(rendered) -> None:  # type: ignore[no-untyped-def]
    for pdf in rendered["pdf"]:
        text = parse_report((CORPUS / f"{pdf.stem}.txt").read_text(encoding="utf-8"), pdf.name)
        read = parse_report(read_source(pdf).text, pdf.name)
        assert [(p.number, p.text) for p in read.paragraphs] == [(p.number, p.text) for p in text.paragraphs]
        assert [(r.letter, r.text) for r in read.recommendations] == [(r.letter, r.text) for r in text.recommendations]


def test_page_furniture_is_gone(rendered) -> None:  # type: ignore[no-untyped-def]
    text = read_source(rendered["pdf"][1]).text
    assert "V.25-" not in text and "*25" not in text and "/20\n" not in text
    # The symbol stands once, in the masthead; the running headers of the other 19 pages are gone.
    assert text.split("\n\n").count("A/CONF.241/RPM.2/1") == 1


def test_a_scan_without_tesseract_says_how_to_install_it(rendered, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ocr_module.shutil, "which", lambda _name: None)
    with pytest.raises(ReadError, match=r"a scan \(page 1 without a text layer\) and Tesseract OCR is not installed: "
                                        r"install it \(Debian/Ubuntu: apt-get install tesseract-ocr"):
        read_source(rendered["scan"][0])
