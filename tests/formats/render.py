"""Render the bundled text reports as UN documents are published: DOCX, the PDF LibreOffice makes of it, HTML, a scan.

One command writes them all (LibreOffice's ``soffice`` and poppler's ``pdftoppm`` for the PDF and the scan)::

    python -m tests.formats.render OUT [REPORT.txt ...]

Each report is structured by ``kg.structure`` and laid out as a UN document: the masthead table on the first page
(United Nations, the document symbol, the General Assembly, Distr. and date), the symbol as running header on the
other pages, the job number and a barcode in the first page's footer, ``n/N`` page numbers, bold headings,
paragraph numbers and recommendation letters set apart by a tab (in the margin for some reports, indented on the
first line for others), footnotes as Word footnotes. ``--word-numbering`` lets Word number the paragraphs and
letters (numbering.xml) instead of typing them.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import re
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from kg.structure import parse_report
from kg.structure.model import Report

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
_MASTHEAD_RIGHT = re.compile(r"^(?:Distr\b|Original\b|\d{1,2} \w+ \d{4}$|[\w ,]+ only$)")
_SUP = re.compile(r"<sup>\s*(\w+)\s*</sup>")


@dataclasses.dataclass(frozen=True)
class Look:
    """How one report is laid out: page size, font, where the numbers stand."""

    width_cm: float = 21.0
    height_cm: float = 29.7
    font: str = "Times New Roman"
    size: float = 10.0
    hanging: bool = True  # paragraph numbers in the margin; else indented on the first line
    word_numbering: bool = False


LOOKS = (Look(), Look(21.59, 27.94, "Arial", 10.5, hanging=False), Look(hanging=True, size=11.0))


def symbol_of(report: Report, index: int) -> str:
    """A document symbol of the UN's form for the report (the text versions carry none)."""
    if report.metadata.is_draft:
        return f"A/CONF.241/RPM.{index % 5 + 1}/L.1/Add.{index + 1}"
    return f"A/CONF.241/RPM.{index % 5 + 1}/1"


def job_number(index: int) -> str:
    return f"V.25-0{1234 + 1111 * index:04d}"


# -- DOCX ---------------------------------------------------------------------------------------------------------
def render_docx(report: Report, out: Path, index: int = 0, look: Look | None = None) -> Path:
    """``report`` as a UN-looking Word document at ``out``."""
    look = look or LOOKS[index % len(LOOKS)]
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(look.width_cm), Cm(look.height_cm)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
    section.start_type = WD_SECTION_START.NEW_PAGE
    style = doc.styles["Normal"]
    style.font.name, style.font.size = look.font, Pt(look.size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), look.font)
    style.paragraph_format.space_after = Pt(0)
    symbol = symbol_of(report, index)
    _furniture(doc, symbol, index)
    writer = _Writer(doc, report, look)
    writer.masthead(symbol)
    writer.body()
    doc.save(out)
    return out


def _furniture(doc: Document, symbol: str, index: int) -> None:
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_footer.paragraphs[0]
    first.text = f"{job_number(index)} (E)    060225    070225"
    first.runs[0].font.size = Pt(8)
    barcode = section.first_page_footer.add_paragraph(f"*25{1234 + 1111 * index:05d}*")
    barcode.runs[0].font.size = Pt(12)
    head = section.header.paragraphs[0]
    head.text = symbol
    head.runs[0].bold = True
    foot = section.footer.paragraphs[0]
    foot.paragraph_format.tab_stops.add_tab_stop(Cm(16.5))
    _field(foot, "PAGE")
    foot.add_run("/")
    _field(foot, "NUMPAGES")
    foot.add_run(f"\t{job_number(index)}")


def _field(paragraph, instruction: str) -> None:  # type: ignore[no-untyped-def]
    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="{instruction}"><w:r><w:t>1</w:t></w:r>'
                                  "</w:fldSimple>"))


class _Writer:
    def __init__(self, doc: Document, report: Report, look: Look) -> None:
        self.doc, self.report, self.look = doc, report, look
        self.markers = {id(item.clean): item.marker for p in report.paragraphs for item in p.items}
        self.notes = _Footnotes(doc) if report.footnotes else None
        self.numbering = _Numbering(doc) if look.word_numbering else None
        self.letter_list: int | None = None

    def masthead(self, symbol: str) -> None:
        header = [b.clean.text for b in self.report.blocks if b.kind == "header"]
        left = [t for t in header[:2] if t == "General Assembly"]
        right = [t for t in header[:6] if _MASTHEAD_RIGHT.match(t)]
        table = self.doc.add_table(rows=2, cols=2)
        _cell(table.cell(0, 0), ["United Nations"], size=14, bold=False)
        _cell(table.cell(0, 1), [symbol], size=16, bold=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _cell(table.cell(1, 0), left, size=18, bold=True)
        _cell(table.cell(1, 1), right, size=self.look.size, bold=False)
        rest = [t for t in header if t not in left and t not in right]
        for text in rest:
            bold = bool(re.match(r"^(?:Draft report|Addendum|Report of|Contents$)", text)) or "Preparatory Meeting" in text
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(6)
            self._runs(paragraph, text, None, bold=bold and not text.startswith("Rapporteur"))

    def body(self) -> None:
        for block in self.report.blocks:
            if block.kind == "header":
                continue
            paragraph = self.doc.add_paragraph()
            fmt = paragraph.paragraph_format
            fmt.space_after = Pt(6)
            fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if block.kind == "heading":
                fmt.keep_with_next = True
                fmt.left_indent, fmt.first_line_indent = Cm(1.0), Cm(-1.0)
                fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
                text = re.sub(r"^([IVX]+\.|[A-Z]\.|\d+\.)\s+", "\\1\t", block.clean.text)
                self._runs(paragraph, text, block, bold=True)
                self.letter_list = None
            elif block.kind == "paragraph":
                self._numbered(paragraph, f"{block.paragraph_number}.", block, level=0)
                self.letter_list = None
            elif block.kind == "recommendation":
                self._numbered(paragraph, f"({block.letter})", block, level=1)
            elif block.kind == "item":
                marker = self.markers.get(id(block.clean), "")
                self._numbered(paragraph, marker, block, level=2)
            else:
                fmt.left_indent = Cm(1.0)
                self._runs(paragraph, block.clean.text, block, bold=False)

    def _numbered(self, paragraph, marker: str, block, level: int) -> None:  # type: ignore[no-untyped-def]
        fmt = paragraph.paragraph_format
        body, step = 1.0 + (1.0 if level else 0.0), 1.0
        if self.look.hanging:
            fmt.left_indent, fmt.first_line_indent = Cm(body + step), Cm(-step)
        else:
            fmt.left_indent, fmt.first_line_indent = Cm(body), Cm(step if level == 0 else step)
        fmt.tab_stops.add_tab_stop(Cm(body + step if self.look.hanging else body + 2 * step))
        if self.numbering is not None and marker and level < 2:
            if level == 1 and self.letter_list is None:
                self.letter_list = self.numbering.new_list(start_letter=block.letter)
            num_id = self.numbering.paragraphs if level == 0 else self.letter_list
            self.numbering.apply(paragraph, num_id, level, block)
            self._runs(paragraph, block.clean.text, block, bold=False)
            return
        self._runs(paragraph, f"{marker}\t{block.clean.text}" if marker else block.clean.text, block, bold=False)

    def _runs(self, paragraph, text: str, block, bold: bool) -> None:  # type: ignore[no-untyped-def]
        """The text in one run, with a footnote reference where the source had one."""
        cut = None
        if self.notes is not None and block is not None:
            cut = _footnote_cut(self.report, block.clean, text)
        if cut is None:
            run = paragraph.add_run(text)
            run.bold = bold or None
            return
        position, _label = cut
        run = paragraph.add_run(text[:position])
        run.bold = bold or None
        notes = self.notes
        assert notes is not None
        notes.reference(paragraph, self.report.footnotes[min(notes.count, len(self.report.footnotes) - 1)].text)
        tail = paragraph.add_run(text[position:])
        tail.bold = bold or None


def _footnote_cut(report: Report, clean, text: str) -> tuple[int, str] | None:  # type: ignore[no-untyped-def]
    """Where in ``text`` (the block's text, perhaps with a marker before it) a footnote reference stood."""
    start, end = clean.source_span()
    for m in _SUP.finditer(report.source, start, end):
        if not report.source[report.source.rfind("\n", 0, m.start()) + 1:m.start()].strip():
            continue  # the footnote's own line, which a paragraph cut by a page break spans
        before = sum(1 for offset in clean.offsets if offset < m.start())
        return before + (len(text) - len(clean.text)), m.group(1)
    return None


def _cell(cell, lines: list[str], size: float, bold: bool, align=None) -> None:  # type: ignore[no-untyped-def]
    first = True
    for line in lines or [""]:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        run = paragraph.add_run(line)
        run.font.size, run.bold = Pt(size), bold or None
        if align is not None:
            paragraph.alignment = align


class _Footnotes:
    """A footnotes part (python-docx has none) and references to it."""

    def __init__(self, doc: Document) -> None:
        w = nsdecls("w")
        self.xml = parse_xml(
            f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            f'</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            f"</w:r></w:p></w:footnote></w:footnotes>")
        self.part = Part(PackURI("/word/footnotes.xml"),
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", b"",
                         doc.part.package)
        doc.part.relate_to(self.part, RT.FOOTNOTES)
        self.count = 0

    def reference(self, paragraph, text: str) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        w = nsdecls("w")
        note = parse_xml(f'<w:footnote {w} w:id="{self.count}"><w:p><w:pPr><w:rPr><w:sz w:val="16"/></w:rPr></w:pPr>'
                         f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
                         f'<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve"> {html.escape(text)}</w:t>'
                         f"</w:r></w:p></w:footnote>")
        self.xml.append(note)
        paragraph._p.append(parse_xml(f'<w:r {w}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                      f'<w:footnoteReference w:id="{self.count}"/></w:r>'))
        self.part._blob = _xml_bytes(self.xml)


def _xml_bytes(element) -> bytes:  # type: ignore[no-untyped-def]
    from lxml import etree

    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


class _Numbering:
    """Word list numbering: paragraph numbers ``1.`` through the document, letters ``(a)`` restarting per list."""

    def __init__(self, doc: Document) -> None:
        self.part = doc.part.numbering_part
        self.root = self.part.element
        w = nsdecls("w")
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="{pos}"/></w:tabs></w:pPr></w:lvl>'
            for i, (fmt, text, pos) in enumerate((("decimal", "%1.", 1134), ("lowerLetter", "(%2)", 1701))))
        abstract = parse_xml(f'<w:abstractNum {w} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
                             f"{levels}</w:abstractNum>")
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        self.next_id = 90
        self.paragraphs = self.new_list()

    def new_list(self, start_letter: str | None = None) -> int:
        self.next_id += 1
        w = nsdecls("w")
        start = ord(start_letter) - ord("a") + 1 if start_letter and len(start_letter) == 1 else 1
        self.root.append(parse_xml(f'<w:num {w} w:numId="{self.next_id}"><w:abstractNumId w:val="90"/>'
                                   f'<w:lvlOverride w:ilvl="1"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                                   "</w:num>"))
        return self.next_id

    def apply(self, paragraph, num_id: int, level: int, block) -> None:  # type: ignore[no-untyped-def]
        w = nsdecls("w")
        ppr = paragraph._p.get_or_add_pPr()
        ppr.insert(0, parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
        if level == 0:
            # Word numbers from 1; a report that starts further on (or skips) restarts its count here.
            ppr.insert(0, parse_xml(f'<w:pStyle {w} w:val="Normal"/>'))
            expected = getattr(self, "_next_number", 1)
            if block.paragraph_number != expected:
                self.paragraphs = num_id = self._restart(block.paragraph_number)
                ppr.find(qn("w:numPr")).find(qn("w:numId")).set(qn("w:val"), str(num_id))
            self._next_number = block.paragraph_number + 1

    def _restart(self, start: int) -> int:
        self.next_id += 1
        w = nsdecls("w")
        self.root.append(parse_xml(f'<w:num {w} w:numId="{self.next_id}"><w:abstractNumId w:val="90"/>'
                                   f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                                   "</w:num>"))
        return self.next_id


# -- HTML ---------------------------------------------------------------------------------------------------------
def render_html(report: Report, out: Path, index: int = 0) -> Path:
    """``report`` as a web page: a menu, a banner and a footer around the report in ``<main>``."""
    markers = {id(item.clean): item.marker for p in report.paragraphs for item in p.items}
    body: list[str] = []
    for block in report.blocks:
        text = html.escape(block.clean.text)
        if block.kind == "header":
            body.append(f"<p class='masthead'>{text}</p>")
        elif block.kind == "heading":
            level = _heading_level(block.clean.text)
            body.append(f"<h{level}>{text}</h{level}>")
        elif block.kind == "paragraph":
            body.append(f"<p><span class='num'>{block.paragraph_number}.</span> {text}</p>")
        elif block.kind == "recommendation":
            body.append(f"<p class='rec'>({block.letter}) {text}</p>")
        elif block.kind == "item":
            body.append(f"<p class='item'>{html.escape(markers.get(id(block.clean), ''))} {text}</p>")
        else:
            body.append(f"<div>{text}</div>")
    notes = "".join(f"<p class='footnote'><sup>{i}</sup> {html.escape(n.text)}</p>"
                    for i, n in enumerate(report.footnotes, start=1))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(symbol_of(report, index))}</title>
<style>nav a {{ margin: 0 1em }}</style><script>var menu = "open";</script></head>
<body>
<header class="banner"><a href="/">United Nations Office on Drugs and Crime</a> <span>Search</span></header>
<nav><ul><li><a href="/congress">Crime Congress</a></li><li><a href="/rpm">Regional meetings</a></li>
<li><a href="/documents">Documents</a></li><li><a href="/news">News and events</a></li></ul></nav>
<main>
{chr(10).join(body)}
<section class="footnotes">{notes}</section>
</main>
<aside><h2>Related</h2><p>See also the discussion guide and the other regional meetings.</p></aside>
<footer><p>Copyright United Nations. Terms of use. Privacy notice. Contact us.</p></footer>
</body></html>
"""
    out.write_text(page, encoding="utf-8")
    return out


def _heading_level(text: str) -> int:
    if re.match(r"^[IVX]+\.", text):
        return 2
    if re.match(r"^[A-Z]\.", text):
        return 3
    return 4


# -- PDF and scans ------------------------------------------------------------------------------------------------
def to_pdf(docx_files: list[Path], out_dir: Path) -> list[Path]:
    """The PDFs LibreOffice makes of ``docx_files``, in ``out_dir``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *map(str, docx_files)],
                       check=True, capture_output=True, timeout=300)
    return [out_dir / (path.stem + ".pdf") for path in docx_files]


def scan(pdf: Path, out: Path, pages: str = "1", dpi: int = 150) -> Path:
    """A scan of ``pdf``'s first page(s): rendered to grey images by pdftoppm and put back in a PDF that has no
    text layer."""
    first, _, last = pages.partition("-")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-f", first, "-l", last or first, "-r", str(dpi), "-gray",
                        str(pdf), f"{tmp}/page"], check=True, capture_output=True, timeout=300)
        write_image_pdf([_pgm(p.read_bytes()) for p in sorted(Path(tmp).glob("page*.pgm"))], out, dpi)
    return out


def _pgm(data: bytes) -> tuple[bytes, int, int]:
    """The pixels, width and height of a binary PGM image."""
    magic, width, height, _maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    return pixels, int(width), int(height)


def write_pdf(objects: list[bytes], out: Path, trailer_extra: bytes = b"") -> Path:
    """A PDF of ``objects`` (object 1 the catalog), with its cross-reference table."""
    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    out.write_bytes(bytes(data))
    return out


def write_image_pdf(images: list[tuple[bytes, int, int]], out: Path, dpi: int) -> Path:
    """One page per grey image (8-bit pixels, width, height), at ``dpi``."""
    count = len(images)
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(count)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    for i, (pixels, width, height) in enumerate(images):
        packed = zlib.compress(pixels, 9)
        w_pt, h_pt = width * 72 / dpi, height * 72 / dpi
        content, image = 4 + 3 * i, 5 + 3 * i
        draw = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (w_pt, h_pt)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                       b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (w_pt, h_pt, content, image))
        objects.append(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        objects.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(packed))
                       + packed + b"\nendstream")
    return write_pdf(objects, out)


def write_text_pdf(pages: list[list[str]], out: Path, trailer_extra: bytes = b"") -> Path:
    """A plain PDF with a text layer: each page's lines in Helvetica 10 pt (test inputs: many pages, encryption)."""
    count = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        page, content = len(objects) + 1, len(objects) + 2
        kids.append(b"%d 0 R" % page)
        text = b"BT /F1 10 Tf 72 770 Td 14 TL " + b" ".join(
            b"(%s) '" % line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
            for line in lines) + b" ET"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % content)
        objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), count)
    return write_pdf(objects, out, trailer_extra)


# -- all of it ----------------------------------------------------------------------------------------------------
def render_all(out: Path, reports: list[Path] | None = None, pdf: bool = True, scanned: bool = True) -> dict[str, list[Path]]:
    """Every form of every report in ``out``: docx/, docx-numbered/ (Word's numbering), pdf/, html/, scan/."""
    reports = reports or sorted(CORPUS.glob("*.txt"))
    forms: dict[str, list[Path]] = {"docx": [], "docx-numbered": [], "html": [], "pdf": [], "scan": []}
    for name in forms:
        (out / name).mkdir(parents=True, exist_ok=True)
    for index, path in enumerate(reports):
        report = parse_report(path.read_text(encoding="utf-8"), path)
        look = LOOKS[index % len(LOOKS)]
        forms["docx"].append(render_docx(report, out / "docx" / f"{path.stem}.docx", index, look))
        numbered = dataclasses.replace(look, word_numbering=True)
        forms["docx-numbered"].append(render_docx(report, out / "docx-numbered" / f"{path.stem}.docx", index, numbered))
        forms["html"].append(render_html(report, out / "html" / f"{path.stem}.html", index))
    if pdf:
        forms["pdf"] = to_pdf(forms["docx"], out / "pdf")
        if scanned:
            first = forms["pdf"][0]
            forms["scan"] = [scan(first, out / "scan" / f"{first.stem}.pdf")]
    return forms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="folder to write docx/, docx-numbered/, pdf/, html/ and scan/ into")
    parser.add_argument("reports", nargs="*", help="text reports (default: corpus/*.txt)")
    parser.add_argument("--no-pdf", action="store_true", help="DOCX and HTML only (no LibreOffice needed)")
    args = parser.parse_args(argv)
    forms = render_all(Path(args.out), [Path(p) for p in args.reports] or None, pdf=not args.no_pdf)
    for name, paths in forms.items():
        print(f"{name}: {len(paths)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
