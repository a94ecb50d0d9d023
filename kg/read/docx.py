"""DOCX reader (python-docx): body paragraphs and table cells in order, Word's list numbers, footnotes apart."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from kg.read.errors import ReadError
from kg.read.numbering import Numbering

# A report's DOCX is well under a megabyte unpacked; a part or a whole this large is not a report (zip bombs).
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
MAX_RATIO = 100  # unpacked / packed, for any part over a megabyte
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_STYLE = re.compile(r"^(?:heading|title|subtitle|hch|h1|h23|h4)", re.I)
_FALSE = {"0", "false", "off", "none"}


@dataclass
class DocxText:
    """The text of a Word document, laid out as a plain report, and what the reader could not be sure of."""

    text: str
    warnings: list[str] = field(default_factory=list)


def check_zip(data: bytes) -> None:
    """Refuse a zip whose parts unpack to far more than a report (a zip bomb) before anything is unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError(f"not a Word document: a damaged zip archive ({exc})") from None
    with archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or (
                    info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                raise ReadError(f"the DOCX unpacks to far more than a report ({info.filename}: "
                                f"{info.file_size / 1024 / 1024:,.0f} MB from {info.compress_size / 1024:,.0f} KB); "
                                "refused as a zip bomb")


def read_docx(data: bytes) -> DocxText:
    """The paragraphs of the DOCX ``data``, one a line with a blank line between, headings as ``### ``, list
    numbers and letters written out, footnotes at the end as ``[^N]: ...``; headers and footers left out."""
    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a broken package
        raise ReadError(f"not a readable Word document: {type(exc).__name__}: {exc}") from None
    reader = _Reader(document)
    blocks = [block for element in document.element.body for block in reader.blocks(element)]
    notes = reader.footnotes()
    text = "\n\n".join(blocks + notes)
    if not text.strip():
        raise ReadError("the Word document has no text")
    return DocxText(text + "\n", reader.warnings)


class _Reader:
    def __init__(self, document: docx.document.Document) -> None:
        self.document = document
        self.styles = {s.style_id: s for s in document.styles}
        self.numbering = Numbering.of(document)
        self.warnings: list[str] = []

    # -- body --------------------------------------------------------------------------------------------
    def blocks(self, element: etree._Element) -> list[str]:
        """The text blocks of one body element: a paragraph, a table (cell by cell), a content control."""
        tag = element.tag
        if tag == qn("w:p"):
            out = [text] if (text := self.paragraph(element)) else []
            for box in element.iter(qn("w:txbxContent")):
                if not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                    out += [b for child in box for b in self.blocks(child)]
            return out
        if tag == qn("w:tbl"):
            return [b for row in element.iterchildren(qn("w:tr")) for cell in row.iterchildren(qn("w:tc"))
                    for child in cell for b in self.blocks(child)]
        if tag == qn("w:sdt"):
            content = element.find(qn("w:sdtContent"))
            return [b for child in (content if content is not None else []) for b in self.blocks(child)]
        return []

    def paragraph(self, p: etree._Element) -> str:
        text = _squeeze(self.runs(p))
        if not text:
            return ""
        style = self._style_id(p)
        marker = self.numbering.marker(p, style, self._style_chain(style)) if self.numbering else None
        if marker:
            text = f"{marker} {text}"
        if self._is_heading(p, style):
            text = "### " + text
        return text

    def runs(self, p: etree._Element) -> str:
        """The paragraph's visible text: runs, tabs and breaks, footnote references as ``[^N]``; deleted text,
        field codes and text boxes (read on their own) left out."""
        out: list[str] = []
        for node in p.iter():
            tag = node.tag
            if tag == _W + "txbxContent" or any(a.tag in (_W + "txbxContent", _W + "del") for a in _ancestors(node, p)):
                continue
            if tag == _W + "t":
                out.append(node.text or "")
            elif tag in (_W + "tab", _W + "br", _W + "cr") and (parent := node.getparent()) is not None and \
                    parent.tag == _W + "r":
                out.append(" ")
            elif tag == _W + "noBreakHyphen":
                out.append("-")
            elif tag == _W + "footnoteReference":
                out.append(f"[^{node.get(_W + 'id')}]")
        return "".join(out)

    def _style_id(self, p: etree._Element) -> str | None:
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return style.get(qn("w:val")) if style is not None else None

    def _style_chain(self, style_id: str | None) -> list[etree._Element]:
        chain = []
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style.element)
            base = style.element.find(qn("w:basedOn"))
            style_id = base.get(qn("w:val")) if base is not None else None
        return chain

    def _is_heading(self, p: etree._Element, style_id: str | None) -> bool:
        chain = self._style_chain(style_id)
        names = [s.find(qn("w:name")) for s in chain]
        if any(n is not None and _HEADING_STYLE.match(n.get(qn("w:val")) or "") for n in names):
            return True
        if any(e.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None for e in [p, *chain]):
            return True
        style_bold = _on(next((e for s in chain if (e := s.find(f"{qn('w:rPr')}/{qn('w:b')}")) is not None), None))
        runs = [r for r in p.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]
        if not runs:
            return False
        return all(self._run_bold(r, style_bold) for r in runs)

    def _run_bold(self, run: etree._Element, style_bold: bool) -> bool:
        bold = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
        if bold is not None:
            return _on(bold)
        character = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        if character is not None:
            for style in self._style_chain(character.get(qn("w:val"))):
                b = style.find(f"{qn('w:rPr')}/{qn('w:b')}")
                if b is not None:
                    return _on(b)
        return style_bold

    # -- footnotes ---------------------------------------------------------------------------------------
    def footnotes(self) -> list[str]:
        """``[^N]: text`` for every footnote the body refers to, in the order of their numbers."""
        try:
            part = self.document.part.part_related_by(RT.FOOTNOTES)
        except KeyError:
            return []
        try:
            root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            self.warnings.append("the footnotes could not be read (damaged footnotes part)")
            return []
        notes = []
        for note in root.iterchildren(_W + "footnote"):
            if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = _squeeze(" ".join(self.runs(p) for p in note.iter(_W + "p")))
            if text:
                notes.append(f"[^{note.get(_W + 'id')}]: {text}")
        return notes


def _ancestors(node: etree._Element, stop: etree._Element) -> list[etree._Element]:
    out = []
    parent = node.getparent()
    while parent is not None and parent is not stop:
        out.append(parent)
        parent = parent.getparent()
    return out


def _on(element: etree._Element | None) -> bool:
    return element is not None and (element.get(qn("w:val")) or "true").lower() not in _FALSE


def _squeeze(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()
