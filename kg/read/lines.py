"""The pieces of a laid-out page: text segments, the lines they make, the page, and the forms of their markers."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

# What opens a numbered paragraph, a lettered item, a chapter or a lettered heading, standing before its text.
MARKER = re.compile(r"^(?:\d{1,3}\.(?:\d{1,2}\.?)?|\([a-z]{1,2}\)|\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)|[a-z]\)"
                    r"|[IVXL]{1,6}\.|[A-Z]\.|[•◦▪●\-–])$")


MARKER_START = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,2}\)|[IVXL]{1,6}\.|[A-Z]\.)\s")


NOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡§]{1,3}|[a-z])$")


NOTE_START = re.compile(r"^(?:\d{1,3}|[*†‡§]{1,3})(?=\s|[A-Z(])")


TERMINAL = tuple(".;:!?")


PAGE_NUMBER = re.compile(r"^\d{1,4}$")


@dataclass
class Segment:
    """A run of text on one line of a page: its box in points from the page's bottom left, its font size."""

    text: str
    x0: float
    x1: float
    base: float  # the baseline
    size: float
    bold: bool = False
    superscript: bool = False


@dataclass
class Line:
    """Segments on one baseline, left to right, in one column."""

    segments: list[Segment]
    page: int

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def base(self) -> float:
        return statistics.median(s.base for s in self.segments if not s.superscript) if any(
            not s.superscript for s in self.segments) else self.segments[0].base

    @property
    def size(self) -> float:
        sizes: Counter[float] = Counter()
        for s in self.segments:
            if not s.superscript:
                sizes[round(s.size, 1)] += len(s.text.strip())
        return sizes.most_common(1)[0][0] if sizes else self.segments[0].size

    @property
    def bold(self) -> bool:
        letters = [s for s in self.segments if any(c.isalnum() for c in s.text) and not s.superscript]
        return bool(letters) and all(s.bold for s in letters)

    def text(self, notes: bool = True) -> str:
        """The line's text; a superscript footnote number becomes ``[^N]`` (or is dropped without ``notes``)."""
        out = ""
        previous: Segment | None = None
        for s in self.segments:
            piece = s.text
            if s.superscript:
                mark = piece.strip()
                piece = f"[^{mark}]" if notes and NOTE_MARK.match(mark) else ("" if NOTE_MARK.match(mark) else mark)
                out += piece
                previous = s
                continue
            if previous is not None and out and not out[-1].isspace() and not piece[:1].isspace():
                gap = s.x0 - previous.x1
                if gap > 0.15 * s.size or (previous.superscript and gap > 0.05 * s.size):
                    out += "\t" if gap > 2.5 * s.size and PAGE_NUMBER.match(piece.strip()) else " "
            out += piece
            previous = s
        return re.sub(r"[ \u00a0]+", " ", out).strip()


@dataclass
class Page:
    """One page's lines (or the runs to make them), its size in points, and its number."""

    number: int
    width: float
    height: float
    segments: list[Segment] = field(default_factory=list)
    rows: list[list[Segment]] | None = None  # given by the reader (OCR knows its lines); else made from segments
