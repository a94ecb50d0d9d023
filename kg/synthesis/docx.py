"""The cross-regional synthesis as a Word document (python-docx), the form the Secretariat edits: synthesis.docx."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.text.paragraph import CT_P
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from rdflib import Dataset

from kg.build.context import Content
from kg.synthesis.points import Item, Quote, collect, made_of_synthesis_rows

if TYPE_CHECKING:
    from kg.build.context import BuildContext

READS_RDFLIB = False  # reads the query store only (kg.build.pipeline.EXPORTERS)
DOCX_FILE = "synthesis.docx"
# No clock in the file: the document's dates and every zip entry's time are this one.
FIXED_TIME = datetime(2000, 1, 1)
COUNTS_HEADER = ["Congress agenda item", "Points made by several regions", "Recommendations in them",
                 "Points made by one region"]


class _Writer:
    """Appends paragraphs to a document's body, before its section properties. Document.add_paragraph finds that
    place by scanning the whole body (so does body.sectPr), and setting a style by name looks through every style
    each time: a long synthesis was quadratic (100x: 15,000 paragraphs, minutes). Here each is looked up once."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.style_ids: dict[str, str] = {}
        # Found once: body.sectPr looks for it among all the body's children each time (1000x: 150,000 paragraphs,
        # the lookups alone over half an hour).
        self.section_properties = doc.element.body.sectPr

    def add(self, style: str | None = None, text: str = "") -> Paragraph:
        element = OxmlElement("w:p")
        assert isinstance(element, CT_P)  # python-docx makes each w: element of its own class
        if self.section_properties is not None:
            self.section_properties.addprevious(element)
        else:
            self.doc.element.body.append(element)
        para = Paragraph(element, self.doc._body)
        if style is not None:
            if style not in self.style_ids:
                self.style_ids[style] = self.doc.styles[style].style_id
            element.get_or_add_pPr().style = self.style_ids[style]
        if text:
            para.add_run(text)
        return para

    def heading(self, text: str, level: int) -> Paragraph:
        return self.add("Title" if level == 0 else f"Heading {level}", text)

    def quote(self, q: Quote, region: bool) -> None:
        para = self.add("List Bullet")
        if region:
            para.add_run(f"{q.who}: ").bold = True
        para.add_run(f"\u201c{q.text}\u201d ")
        para.add_run(f"({q.where}; {q.meeting_label})").italic = True


def synthesis_document(items: list[Item]) -> DocxDocument:
    doc = Document()
    out = _Writer(doc)
    doc.core_properties.title = "Cross-regional synthesis of the recommendations"
    doc.core_properties.author = doc.core_properties.last_modified_by = "congress-kg"
    doc.core_properties.created = doc.core_properties.modified = FIXED_TIME
    doc.core_properties.revision = 1
    doc.styles["Normal"].font.size = Pt(10.5)
    out.heading("Cross-regional synthesis of the recommendations", 0)
    out.add(None,
        "Per Congress agenda item: the points several regional preparatory meetings made (recommendations of "
        "different meetings that ask for the same action on the same subject, found by congress-kg's commitment "
        "clusters), then the points one region made alone. Each recommendation is quoted as it stands last (the "
        "final report's version where there is one) with its document, paragraph and letter. Generated from the "
        "knowledge graph; edit freely.")
    table = doc.add_table(rows=1, cols=len(COUNTS_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, COUNTS_HEADER):
        cell.text = text
    for it in items:
        cells = table.add_row().cells
        values = [it.title, len(it.shared), sum(len(p.quotes) for p in it.shared), sum(len(v) for v in it.alone.values())]
        for cell, value in zip(cells, values):
            cell.text = str(value)
    for it in items:
        out.heading(it.title, 1)
        out.heading(f"Points made by several regions ({len(it.shared)})", 2)
        for point in it.shared:
            para = out.add()
            para.add_run(point.label).bold = True
            para.add_run(f" \u2013 {', '.join(point.regions)}")
            if point.shared_terms:
                para.add_run(f" [shared: {'; '.join(point.shared_terms)}]").italic = True
            for q in point.quotes:
                out.quote(q, region=True)
        if not it.shared:
            out.add(None, "None.")
        out.heading("Points made by one region", 2)
        for region in sorted(it.alone):
            out.heading(f"{region} ({len(it.alone[region])})", 3)
            for q in it.alone[region]:
                out.quote(q, region=False)
    return doc


def docx_bytes(doc: DocxDocument) -> bytes:
    """The document's bytes, the zip rewritten with its entries in the same order and one fixed time, so the same
    synthesis gives the same file."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _plain(value: object) -> object:
    """A synthesis item, point or quote as JSON sees it (a set sorted), for the memo's key."""
    return sorted(value) if isinstance(value, set) else vars(value)


def export(ds: Dataset | None, ctx: BuildContext) -> dict[str, Content]:
    """Build step (pipeline EXPORTERS): synthesis.docx; from the build's memo when an earlier build wrote it from
    the same rows, as the synthesis page (kg.synthesis.page), or from the same synthesis (Word takes most of the
    time, and an edit to a report seldom changes what is quoted)."""
    return made_of_synthesis_rows(ds, ctx, "synthesis-docx-rows", lambda: {DOCX_FILE: _document(ds, ctx)})


def _document(ds: Dataset | None, ctx: BuildContext) -> bytes:
    items = collect(ds, ctx)
    if ctx.memo is None:
        return docx_bytes(synthesis_document(items))
    canonical = json.dumps(items, default=_plain, sort_keys=True, ensure_ascii=False)
    key = ctx.memo.key("synthesis-docx", canonical.encode("utf-8"))
    return ctx.memo.made(key, lambda: docx_bytes(synthesis_document(items)))
