"""Choose the reader for a file by its content: PDF, DOCX or HTML into text; plain text is left to the decoder."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from kg.read.errors import ReadError
from kg.read.sniff import HEAD_BYTES, sniff

if TYPE_CHECKING:
    from kg.read import SourceText

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}
# Names that promise a format: a file so named that is not of it is an error, never decoded as text.
_PROMISED = {".pdf": "pdf", ".docx": "docx"}
_NOT = {"pdf": "it is not a PDF (it does not start with %PDF-)", "docx": "it is not a Word document (not a zip archive)"}


def format_of(path: Path, data: bytes) -> str:
    """``pdf``, ``docx``, ``html`` or ``text`` for ``data`` read from ``path``, or a phrase saying what else it is."""
    kind = sniff(data[:HEAD_BYTES], path.name)
    if kind == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                kind = "docx" if "word/document.xml" in archive.namelist() else "a zip archive, not a report"
        except zipfile.BadZipFile:
            kind = "a damaged zip archive"
    return kind


def read_format(path: Path, data: bytes) -> SourceText | None:
    """``data`` (the bytes of ``path``) read by the reader of its format; None when it is plain text."""
    from kg.read import SourceText

    kind = format_of(path, data)
    promised = _PROMISED.get(path.suffix.lower())
    if promised is not None and kind != promised:
        if kind in MEDIA_TYPES:
            pass  # a .pdf that is a Word file is read as what it is
        else:
            raise ReadError(f"named {path.suffix} but {_NOT[promised]}" + ("" if kind == "text" else f": {kind}"))
    if kind == "text":
        return None
    if kind not in MEDIA_TYPES:
        raise ReadError(f"binary file ({kind}), not a text report")
    sha256 = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        from kg.read.pdf import read_pdf

        pdf = read_pdf(data)
        reader = "pdf: pypdfium2" + (" + Tesseract OCR" if pdf.ocr_pages else "")
        return SourceText(path, pdf.text, reader, MEDIA_TYPES[kind], sha256, tuple(pdf.pages), tuple(pdf.warnings))
    if kind == "docx":
        from kg.read.docx import read_docx

        docx = read_docx(data)
        return SourceText(path, docx.text, "docx: python-docx", MEDIA_TYPES[kind], sha256, (), tuple(docx.warnings))
    from kg.read.html import read_html

    return SourceText(path, read_html(data), "html: lxml", MEDIA_TYPES[kind], sha256)
