"""synthesis.docx: the counts of the query, LibreOffice converts it to PDF, the same bytes each time."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from docx import Document

from kg.rdf.query import run_query
from kg.synthesis.docx import COUNTS_HEADER, docx_bytes, synthesis_document

QUERIES = Path(__file__).resolve().parents[2] / "queries"


def query(store, name: str) -> list[dict[str, str]]:
    return run_query(store, (QUERIES / f"{name}.rq").read_text(encoding="utf-8")).values()


def test_the_counts_table_and_the_quotes_equal_the_queries(built_exports: Path, store) -> None:
    doc = Document(str(built_exports / "synthesis.docx"))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == COUNTS_HEADER
    counts = [[c.text for c in row.cells] for row in table.rows[1:]]
    members = query(store, "commitment_clusters")
    alone = query(store, "single_region_points")
    assert sum(int(r[1]) for r in counts) == len({r["cluster"] for r in members})
    assert sum(int(r[2]) for r in counts) == len(members)
    assert sum(int(r[3]) for r in counts) == len(alone)
    quotes = [p for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert len(quotes) == len(members) + len(alone)
    assert all("para. " in p.text and "\u201c" in p.text for p in quotes)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "Congress agenda item 6 (Fifteenth Congress)" in headings


def test_libreoffice_converts_it_to_pdf(built_exports: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (Debian libreoffice-writer-nogui) is installed by scripts/setup-tests.sh"
    run = subprocess.run([soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(built_exports / "synthesis.docx")],
                         capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "synthesis.pdf"
    assert run.returncode == 0 and pdf.is_file(), run.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_the_same_synthesis_gives_the_same_bytes() -> None:
    from kg.synthesis.points import Item, Point, Quote

    quote = Quote("Europe", "M", "a.txt", "3", "a", "Text", "sources/a.html#r-5d-a")
    items = [Item("X", "6", {"5(d)"}, [Point("urn:x", "Label", "0.5", ["t"], [quote])], {"Europe": [quote]})]
    assert docx_bytes(synthesis_document(items)) == docx_bytes(synthesis_document(items))


def test_the_writer_finds_the_end_of_the_body_once(monkeypatch) -> None:
    """Looking up the section properties scans the whole body: done for each of 150,000 paragraphs (1000x), the
    DOCX took over half an hour. The writer looks once, and each paragraph still lands before them, in order."""
    from docx import Document
    from docx.oxml.document import CT_Body

    from kg.synthesis.docx import _Writer

    lookups = []
    original = CT_Body.sectPr

    def counted(body):
        lookups.append(1)
        return original.fget(body)

    monkeypatch.setattr(CT_Body, "sectPr", property(counted))
    doc = Document()
    writer = _Writer(doc)
    for i in range(200):
        writer.add("List Bullet", f"point {i}")
    assert len(lookups) == 1
    texts = [p.text for p in doc.paragraphs]
    assert texts == [f"point {i}" for i in range(200)]
    assert doc.element.body[-1].tag.endswith("}sectPr")
