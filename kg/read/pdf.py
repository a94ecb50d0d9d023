"""PDF reader: the text layer with pypdfium2 (PDFium, Apache-2.0/BSD), a scan's pages through Tesseract OCR."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from kg.read.errors import ReadError
from kg.read.layout import lay_out
from kg.read.lines import Page, Segment
from kg.read.ocr import ocr_page, tesseract_missing

# A report runs to tens of pages, a Congress report to a few hundred: a longer PDF is refused before any page is
# read, so that time and memory stay bounded.
MAX_PAGES = 600
# OCR takes seconds a page; a scan longer than this is refused (split it, or OCR it yourself).
MAX_OCR_PAGES = 150
# A page with fewer characters than this in its text layer (and an image on it) is taken for a scan.
_SCANNED_BELOW = 20
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_FORCE_BOLD = 1 << 18


@dataclass
class PdfText:
    """What a PDF gave: the text, each page's start in it, the pages read by OCR, warnings."""

    text: str
    pages: list[tuple[int, int]]
    page_count: int
    ocr_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_pdf(data: bytes) -> PdfText:
    """The text of the PDF ``data``, laid out as a plain report; ReadError when it cannot be read."""
    if b"%%EOF" not in data[-2048:]:
        raise ReadError("the PDF is truncated (it has no end-of-file marker %%EOF); download it again")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError("the PDF is encrypted (it needs a password to open); save an unprotected copy "
                            "(for example print it to PDF) and build that") from None
        raise ReadError(f"not a readable PDF: {exc}") from None
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise ReadError(f"the PDF has {count:,} pages, over the {MAX_PAGES} a report can have; "
                            "split it into its reports")
        if count == 0:
            raise ReadError("the PDF has no pages")
        pages: list[Page] = []
        scanned: list[int] = []
        for index in range(count):
            page = document[index]
            try:
                laid = _page(page, index + 1)
                if sum(len(s.text.strip()) for s in laid.segments) < _SCANNED_BELOW and _has_image(page):
                    scanned.append(index)
                pages.append(laid)
            finally:
                page.close()
        if scanned:
            _ocr(document, pages, scanned)
    finally:
        document.close()
    laid_out = lay_out(pages)
    if not laid_out.text.strip():
        raise ReadError("the PDF has no text: no text layer, and nothing OCR could read")
    result = PdfText(laid_out.text, laid_out.pages, count, [i + 1 for i in scanned])
    if scanned:
        result.warnings.append(f"{_pages(result.ocr_pages)} had no text layer and were read by OCR (Tesseract): "
                               "check names and numbers in the text it read")
    return result


def _pages(numbers: list[int]) -> str:
    return f"page {numbers[0]}" if len(numbers) == 1 else f"{len(numbers)} pages ({numbers[0]}-{numbers[-1]})"


def _ocr(document: pdfium.PdfDocument, pages: list[Page], scanned: list[int]) -> None:
    missing = tesseract_missing()
    if missing:
        raise ReadError(f"the PDF is a scan ({_pages([i + 1 for i in scanned])} without a text layer) and "
                        f"{missing}")
    if len(scanned) > MAX_OCR_PAGES:
        raise ReadError(f"the PDF is a scan of {len(scanned)} pages, over the {MAX_OCR_PAGES} read by OCR in one "
                        "build; split it, or OCR it first (for example with ocrmypdf) and build the result")
    for index in scanned:
        page = document[index]
        try:
            pages[index] = ocr_page(page, index + 1)
        finally:
            page.close()


def _has_image(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _page(page: pdfium.PdfPage, number: int) -> Page:
    """The page's text objects as segments, in points from the crop box's bottom left."""
    left, bottom, right, top = page.get_cropbox()
    textpage = page.get_textpage()
    segments: list[Segment] = []
    try:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
            a, b, c, d, e, f = obj.get_matrix().get()
            if abs(b) > 0.01 * abs(a) + 1e-6 or abs(c) > 0.01 * abs(d) + 1e-6:
                continue  # turned text: margin notes and stamps, never a report's lines
            obj.textpage = textpage
            text = obj.extract()
            if not text or not text.strip():
                continue
            x0, y0, x1, y1 = obj.get_bounds()
            size = obj.get_font_size() * math.sqrt(abs(a * d - b * c))
            base = f if y0 - 0.5 * size <= f <= y1 else y0 + 0.2 * size
            # PDFium marks a hyphen it takes for a line-end one with \x02: a hyphen it is, whether the word keeps it
            # is for the joining of the lines to decide.
            text = text.replace("\r", "").replace("\n", " ").replace("\x02", "-")
            segments.append(Segment(text, x0 - left, x1 - left, base - bottom, size, _bold(obj)))
    finally:
        textpage.close()
    return Page(number, right - left, top - bottom, segments)


def _bold(obj: pdfium.PdfTextObj) -> bool:
    font = obj.get_font()
    name = font.get_base_name() or ""
    if _BOLD_NAME.search(name):
        return True
    return font.get_weight() >= 600 or bool(pdfium_c.FPDFFont_GetFlags(font.raw) & _FORCE_BOLD)
