"""Tell a file's format from its first bytes (magic numbers), its name only where the bytes cannot say."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

HEAD_BYTES = 4096
# Formats a reader of kg.read turns into text; anything else found in a folder is named as not read.
READABLE = ("pdf", "docx", "html", "text")
# What other common formats start with, so that a folder's stray files are named for what they are.
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel (OLE2) file; save it as .docx or PDF"),
    (b"{\\rtf", "an RTF file; save it as .docx or PDF"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)
_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def sniff(head: bytes, name: str = "") -> str:
    """``pdf``, ``docx``, ``html``, ``text``, or a phrase saying what else the file is.

    A PDF may have junk before its header (the format allows 1 KB); a zip is a DOCX when it holds
    ``word/document.xml`` (checked by :func:`sniff_file`, which can open it); HTML by its doctype or ``<html>``
    tag, or a ``.html`` name with markup in it."""
    for skip in (b"\xef\xbb\xbf", b""):
        if head.startswith(skip) and _HTML.match(head[len(skip):]):
            return "html"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if Path(name).suffix.lower() in _HTML_SUFFIXES and head.lstrip().startswith(b"<"):
        return "html"
    return "text"


def sniff_file(path: Path) -> str:
    """:func:`sniff` on the file's first bytes; a zip is opened to tell a DOCX from another archive."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    kind = sniff(head, path.name)
    if kind != "zip":
        return kind
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "docx" if path.suffix.lower() == ".docx" else "a damaged zip archive"
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        return "an OpenDocument file; save it as .docx or PDF"
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        return "an Excel or PowerPoint file, not a report"
    return "a zip archive; unpack it and build the folder"
