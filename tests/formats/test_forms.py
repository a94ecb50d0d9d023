"""The gold through every form a report is published in: DOCX (typed and Word-numbered numbers), the PDF
LibreOffice makes, an HTML page, a scanned page; the same facts as the text build, every quote at its offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.check.evaluate import FACT_KINDS, built_facts, evaluate
from kg.rdf.query import open_store, run_query
from kg.reference.loading import load_lexicon
from tests.conftest import GOLD

FORMS = ("docx", "docx-numbered", "pdf", "html")


@pytest.mark.parametrize("form", FORMS)
def test_every_form_meets_the_gold_as_the_text_does(form: str, form_exports) -> None:  # type: ignore[no-untyped-def]
    scores = evaluate(open_store(form_exports(form)), GOLD, load_lexicon())
    assert [s.kind for s in scores] == list(FACT_KINDS)
    for score in scores:
        assert (score.precision, score.recall) == (1.0, 1.0), (form, score.kind, score.missing, score.extra)


def _by_stem(facts: dict[str, set[tuple[str, ...]]]) -> dict[str, set[tuple[str, ...]]]:
    return {kind: {(Path(f[0]).stem, *f[1:]) for f in found} for kind, found in facts.items()}


@pytest.mark.parametrize("form", FORMS)
def test_a_form_gives_the_facts_of_its_text_version(form: str, form_exports, store) -> None:  # type: ignore[no-untyped-def]
    """Every fact kind of every bundled report, not only those the gold covers (000 and 004 have no gold)."""
    text, other = _by_stem(built_facts(store)), _by_stem(built_facts(open_store(form_exports(form))))
    for kind in FACT_KINDS:
        assert other[kind] == text[kind], (form, kind, sorted(other[kind] ^ text[kind])[:5])


QUOTES = """
PREFIX ckg: <https://w3id.org/congress-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?annotation ?text_file ?start ?end ?exact ?page WHERE {
  ?annotation a oa:Annotation ; oa:hasTarget ?t .
  ?t oa:hasSource/ckg:textFile ?text_file ; oa:hasSelector ?q, ?p .
  ?q a oa:TextQuoteSelector ; oa:exact ?exact .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?t ckg:page ?page }
}"""


@pytest.mark.parametrize("form", FORMS)
def test_every_quote_is_found_verbatim_at_its_offsets_in_the_stored_text(form: str, form_exports) -> None:  # type: ignore[no-untyped-def]
    out = form_exports(form)
    rows = run_query(open_store(out), QUOTES).values()
    assert len(rows) > 300
    texts: dict[str, str] = {}
    for row in rows:
        text = texts.setdefault(row["text_file"], (out / row["text_file"]).read_text(encoding="utf-8"))
        assert text[int(row["start"]):int(row["end"])] == row["exact"], row["annotation"]
        assert bool(row["page"]) == (form == "pdf"), row["annotation"]


def test_pdf_facts_record_the_page_their_quote_stands_on(form_exports, rendered) -> None:  # type: ignore[no-untyped-def]
    """The first page a quote is given is a page whose text layer holds the quote's first words."""
    import pypdfium2 as pdfium

    out = form_exports("pdf")
    first: dict[str, tuple[int, str, str]] = {}
    for row in run_query(open_store(out), QUOTES).values():
        page = int(row["page"])
        if row["annotation"] not in first or page < first[row["annotation"]][0]:
            first[row["annotation"]] = (page, row["exact"], row["text_file"])
    pdfs = {p.stem: pdfium.PdfDocument(p) for p in rendered["pdf"]}
    pages: dict[tuple[str, int], str] = {}
    checked = 0
    for page, exact, text_file in list(first.values())[::5]:
        words = " ".join(exact.split()[:3])
        if len(words) < 12 or "[^" in exact:
            continue
        stem = Path(text_file).stem
        if (stem, page) not in pages:
            pages[stem, page] = " ".join(pdfs[stem][page - 1].get_textpage().get_text_range().split())
        assert words in pages[stem, page], (exact[:60], page)
        checked += 1
    assert checked > 20


def test_each_document_records_its_file_and_how_it_was_read(form_exports, rendered) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    out = form_exports("pdf")
    rows = run_query(open_store(out), """
        PREFIX ckg: <https://w3id.org/congress-kg/ontology#>
        SELECT ?file ?sha ?type ?reader ?symbol WHERE {
          ?r ckg:fileName ?file ; ckg:sourceSha256 ?sha ; ckg:mediaType ?type ; ckg:reader ?reader .
          OPTIONAL { ?r ckg:symbol ?symbol } } ORDER BY ?file""").values()
    files = {p.name: p for p in rendered["pdf"]}
    assert [r["file"] for r in rows] == sorted(files)
    for row in rows:
        assert row["sha"] == hashlib.sha256(files[row["file"]].read_bytes()).hexdigest()
        assert (row["type"], row["reader"]) == ("application/pdf", "pdf: pypdfium2")
        assert row["symbol"].startswith("A/CONF.241/RPM.")  # the masthead's, kept; the running headers dropped


def test_a_scanned_page_is_read_by_ocr_into_the_facts_of_that_page(rendered, tmp_path: Path, store) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main

    scan = rendered["scan"][0]
    out = tmp_path / "out"
    assert main(["build", str(scan), "--out", str(out), "--quiet", "--no-viz"]) == 0
    scanned = open_store(out)
    reader = run_query(scanned, "PREFIX ckg: <https://w3id.org/congress-kg/ontology#> "
                                "SELECT ?reader WHERE { ?r ckg:reader ?reader }").values()
    assert reader == [{"reader": "pdf: pypdfium2 + Tesseract OCR"}]
    text, ocr = _by_stem(built_facts(store)), _by_stem(built_facts(scanned))
    # The page holds the first paragraph: every statement made on the item, the meeting's venue and dates.
    assert ocr["statements"] == {f for f in text["statements"] if f[0] == scan.stem}
    meeting = run_query(scanned, (Path(__file__).resolve().parents[2] / "queries" / "documents.rq")
                        .read_text(encoding="utf-8")).values()[0]
    assert (meeting["venue"], meeting["start_date"], meeting["end_date"]) == ("San José", "2025-02-04", "2025-02-06")
