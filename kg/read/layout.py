"""Positioned text runs of laid-out pages (PDF, OCR) into the text model of a plain report: one block a line."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from kg.read.furniture import Furniture
from kg.read.hyphens import Dehyphenator
from kg.read.lines import MARKER, MARKER_START, NOTE_START, PAGE_NUMBER, TERMINAL, Line, Page, Segment
from kg.read.writing import Writer, joined, split_footnotes


@dataclass
class LaidOut:
    """The text read, and where each page's text starts in it: ``pages[i]`` is (offset, page number)."""

    text: str
    pages: list[tuple[int, int]]
    footnotes: int = 0
    dropped: int = 0  # furniture lines


def rows_of(segments: list[Segment]) -> list[list[Segment]]:
    """Segments grouped into rows by baseline, top to bottom; raised small runs joined to the row below as
    superscripts (footnote references)."""
    ordered = sorted(segments, key=lambda s: (-s.base, s.x0))
    rows: list[list[Segment]] = []
    for seg in ordered:
        row = rows[-1] if rows else None
        if row is not None and abs(row[0].base - seg.base) <= 0.3 * min(row[0].size, seg.size):
            row.append(seg)
        else:
            rows.append([seg])
    merged: list[list[Segment]] = []
    for index, row in enumerate(rows):
        below = rows[index + 1] if index + 1 < len(rows) else None
        if below is not None and _raised_over(row, below):
            for seg in row:
                seg.superscript = True
            below.extend(row)
            continue
        merged.append(row)
    return [sorted(row, key=lambda s: s.x0) for row in merged]


def _raised_over(row: list[Segment], below: list[Segment]) -> bool:
    size = max(s.size for s in below)
    text = "".join(s.text for s in row).strip()
    return (all(s.size < 0.85 * size for s in row) and len(text) <= 4 and bool(text)
            and all(0 < s.base - below[0].base < 0.75 * size for s in row)
            and min(s.x0 for s in below) - size < row[0].x0 < max(s.x1 for s in below) + size)


def lines_of(row: list[Segment], page: int) -> list[Line]:
    """A row cut into lines where a wide gap parts two columns (the masthead's left and right), not after a
    paragraph number or letter, nor before a page number the leader of a contents line points to."""
    lines = [[row[0]]]
    for seg in row[1:]:
        previous = lines[-1][-1]
        gap = seg.x0 - previous.x1
        wide = gap > 2.5 * max(seg.size, previous.size) and not seg.superscript
        if wide and not MARKER.match(previous.text.strip()) and not PAGE_NUMBER.match(seg.text.strip()):
            lines.append([seg])
        else:
            lines[-1].append(seg)
    return [Line(segments, page) for segments in lines]


class _Blocks:
    """Lines into blocks (paragraphs, headings), deciding at each line whether it opens a new one."""

    def __init__(self, lines: list[Line], dehyphenate: Dehyphenator) -> None:
        body = [line for line in lines if line.text()]
        self.size = _body_size(body)
        self.pitch = _pitch(body, self.size)
        self.right = _right_edge(body)
        self.dehyphenate = dehyphenate
        self.blocks: list[list[Line]] = []
        for line in body:
            if self.blocks and not self._opens(self.blocks[-1], line):
                self.blocks[-1].append(line)
            else:
                self.blocks.append([line])

    def _opens(self, block: list[Line], line: Line) -> bool:
        previous = block[-1]
        text = line.text()
        if previous.bold != line.bold or abs(previous.size - line.size) > 0.12 * self.size:
            return True
        if MARKER_START.match(text) or MARKER.match(text):
            return True
        if previous.page != line.page:
            return not self._runs_on(previous, line)
        if previous.base - line.base > self.pitch + 0.25 * self.size or previous.base < line.base:
            return True
        if self._fits(previous, line):
            return True  # the first word would have fitted on the line before: that line ended its paragraph
        return False

    def _runs_on(self, previous: Line, line: Line) -> bool:
        """Whether the first line of a page goes on with the last of the page before."""
        before = previous.text()
        return not before.endswith(TERMINAL) or not self._fits(previous, line)

    def _fits(self, previous: Line, line: Line) -> bool:
        text = line.text(notes=False)
        word = text.split(" ", 1)[0]
        width = (line.x1 - line.x0) / max(len(text), 1) * (len(word) + 1)
        return previous.x1 + width < self.right - 0.5 * self.size

    def text_of(self, block: list[Line]) -> str:
        out = ""
        for line in block:
            piece = line.text()
            if out:
                out = self.dehyphenate.join(out, piece)
            else:
                out = piece
        return out


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text())
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _pitch(lines: list[Line], size: float) -> float:
    steps = [a.base - b.base for a, b in zip(lines, lines[1:])
             if a.page == b.page and abs(a.size - size) < 0.5 and abs(b.size - size) < 0.5
             and 0.8 * size < a.base - b.base < 2.5 * size]
    return statistics.median(steps) if steps else 1.2 * size


def _right_edge(lines: list[Line]) -> float:
    ends = sorted(line.x1 for line in lines)
    return ends[round(0.95 * (len(ends) - 1))] if ends else 0.0


def lay_out(pages: list[Page], furniture: Furniture | None = None) -> LaidOut:
    """The text of ``pages``: furniture dropped, footnotes set apart at the end as ``[^N]: ...``, each block
    (heading, paragraph, item) on a line of its own with a blank line between, bold blocks as ``### `` headings."""
    furniture = furniture or Furniture.load()
    page_lines: list[list[Line]] = []
    for page in pages:
        rows = page.rows if page.rows is not None else rows_of(page.segments)
        page_lines.append([line for row in rows for line in lines_of(row, page.number)])
    kept, dropped = furniture.strip(page_lines, [(p.width, p.height) for p in pages])
    body_size = _body_size([line for lines in kept for line in lines])
    body: list[Line] = []
    notes: list[list[Line]] = []
    for lines in kept:
        text_lines, page_notes = split_footnotes(lines, body_size)
        body.extend(text_lines)
        notes.extend(page_notes)
    words = [line.text(notes=False) for line in body] + [line.text(notes=False) for note in notes for line in note]
    dehyphenate = Dehyphenator(words)
    blocks = _Blocks(body, dehyphenate)
    writer = Writer()
    for block in blocks.blocks:
        text = blocks.text_of(block)
        writer.block(("### " + text) if block[0].bold and not block[0].text().startswith("#") else text,
                     [line.page for line in block], block)
    for note in notes:
        first = note[0].text()
        m = NOTE_START.match(first)
        if m is None:
            continue
        rest = joined(dehyphenate, [first[m.end():].strip()] + [line.text() for line in note[1:]])
        writer.block(f"[^{m.group(0)}]: {rest}", [line.page for line in note], note)
    return LaidOut(writer.text(), writer.pages, footnotes=len(notes), dropped=dropped)
