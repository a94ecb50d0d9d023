"""OCR of a scanned page with Tesseract (its command line, Debian's tesseract-ocr): words and lines with their boxes."""

from __future__ import annotations

import csv
import io
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from kg.read.errors import ReadError
from kg.read.lines import Page, Segment

DPI = 300
LANGUAGE = "eng"
PAGE_SECONDS = 180
INSTALL = ("Tesseract OCR is not installed: install it (Debian/Ubuntu: apt-get install tesseract-ocr; "
           "macOS: brew install tesseract; Windows: the UB Mannheim installer) and build again, or get the PDF "
           "with a text layer from the Official Document System")


def tesseract_missing() -> str | None:
    """Why OCR cannot run here (with how to install it), or None when Tesseract and its English data are there."""
    exe = shutil.which("tesseract")
    if exe is None:
        return INSTALL
    try:
        listed = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Tesseract OCR cannot run ({exc})"
    if LANGUAGE not in (listed.stdout + listed.stderr).split():
        return f"Tesseract has no {LANGUAGE!r} language data: install it (Debian/Ubuntu: apt-get install tesseract-ocr-eng)"
    return None


def ocr_page(page: pdfium.PdfPage, number: int, dpi: int = DPI) -> Page:
    """The page rendered at ``dpi`` and read by Tesseract: one row of words per line it found."""
    width, height = page.get_size()
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        image = _pgm(bitmap)
    finally:
        bitmap.close()
    with tempfile.TemporaryDirectory(prefix="kg-ocr-") as tmp:
        path = Path(tmp) / "page.pgm"
        path.write_bytes(image)
        try:
            # One thread: on a small machine Tesseract's OpenMP threads make a page several times slower.
            done = subprocess.run(["tesseract", str(path), "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"],
                                  capture_output=True, timeout=PAGE_SECONDS, check=False,
                                  env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        except subprocess.TimeoutExpired:
            raise ReadError(f"OCR of page {number} took over {PAGE_SECONDS} s") from None
        except OSError as exc:
            raise ReadError(f"OCR could not run: {exc}") from None
    if done.returncode != 0:
        raise ReadError(f"OCR of page {number} failed: {done.stderr.decode('utf-8', 'replace').strip()[:300]}")
    return Page(number, width, height, rows=rows_from_tsv(done.stdout.decode("utf-8", "replace"), height, dpi))


def _pgm(bitmap: pdfium.PdfBitmap) -> bytes:
    """The grey bitmap as a binary PGM image (no imaging library needed)."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = bytes(bitmap.buffer)
    rows = b"".join(buffer[y * stride:y * stride + width] for y in range(height)) if stride != width else buffer
    return b"P5\n%d %d\n255\n" % (width, height) + rows


def rows_from_tsv(tsv: str, page_height: float, dpi: int) -> list[list[Segment]]:
    """Tesseract's TSV words grouped by its lines, as segments in points from the page's bottom left."""
    scale = 72 / dpi
    lines: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    # A line's height depends on its letters (capitals, descenders): heights near the page's usual one (nearer for
    # long lines, whose letters vary less) are taken as the same type size, so that only a real change of size (a
    # heading, a footnote) shows.
    heights = {key: max(int(w["top"]) + int(w["height"]) for w in words) - min(int(w["top"]) for w in words)
               for key, words in lines.items()}
    usual = statistics.median(heights.values()) if heights else 0
    rows: list[list[Segment]] = []
    for key, words in lines.items():
        bottom = max(int(w["top"]) + int(w["height"]) for w in words)
        near = 0.25 if len(words) > 2 else 0.45
        height = usual if abs(heights[key] - usual) <= near * usual else heights[key]
        size = height * scale * 0.8
        base = page_height - bottom * scale
        rows.append([Segment(w["text"], int(w["left"]) * scale, (int(w["left"]) + int(w["width"])) * scale, base, size)
                     for w in sorted(words, key=lambda w: int(w["left"]))])
    rows.sort(key=lambda r: (-r[0].base, r[0].x0))
    return rows
