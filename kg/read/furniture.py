"""Page furniture: running headers, job numbers, barcodes and page counters in a page's margins, dropped."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg import DATA_DIR

if TYPE_CHECKING:
    from kg.read.lines import Line

DATA_FILE = DATA_DIR / "page_furniture.csv"
# The share of the page's height at its top and bottom where headers and footers stand.
MARGIN = 0.1
# The first page's masthead carries the symbol the report is known by: kept there, dropped as a running header.
_KEPT_ON_FIRST_PAGE = {"symbol"}
_CHUNKS = re.compile(r"\s{2,}|\t")


@dataclass(frozen=True)
class Furniture:
    """The forms of page furniture (kg/data/page_furniture.csv) and what to do with the lines of a document."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def load(cls, path: Path = DATA_FILE) -> Furniture:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        return cls(tuple((row["kind"], re.compile(row["pattern"])) for row in rows))

    def kind(self, text: str) -> str | None:
        """The kind of furniture ``text`` is, whole or as chunks that each are some furniture; None if none."""
        text = text.strip()
        for kind, pattern in self.patterns:
            if pattern.match(text):
                return kind
        for splitter in (_CHUNKS, re.compile(r"\s+")):
            chunks = [c for c in splitter.split(text) if c]
            if len(chunks) > 1 and all(any(p.match(c) for _, p in self.patterns) for c in chunks):
                return "furniture"
        return None

    def strip(self, pages: list[list[Line]], sizes: list[tuple[float, float]]) -> tuple[list[list[Line]], int]:
        """Each page's lines without its furniture, and how many lines were dropped: lines in the top or bottom
        margin that are of a furniture form, or that repeat (digits aside) at the same place on other pages."""
        repeated = self._repeated(pages, sizes)
        kept: list[list[Line]] = []
        dropped = 0
        for index, (lines, (_width, height)) in enumerate(zip(pages, sizes)):
            page_kept = []
            for line in lines:
                text = line.text(notes=False)
                if _in_margin(line, height):
                    kind = self.kind(text)
                    if (kind is not None and not (index == 0 and kind in _KEPT_ON_FIRST_PAGE)) or (
                            _shape(text) in repeated and not (index == 0 and kind in _KEPT_ON_FIRST_PAGE)):
                        dropped += 1
                        continue
                page_kept.append(line)
            kept.append(page_kept)
        return kept, dropped

    @staticmethod
    def _repeated(pages: list[list[Line]], sizes: list[tuple[float, float]]) -> set[str]:
        """Margin lines found on at least two pages and half the pages after the first."""
        seen: Counter[str] = Counter()
        for lines, (_width, height) in zip(pages, sizes):
            seen.update({_shape(line.text(notes=False)) for line in lines if _in_margin(line, height)})
        need = max(2, (len(pages) - 1) / 2)
        return {shape for shape, count in seen.items() if count >= need and shape}


def _in_margin(line: Line, height: float) -> bool:
    return line.base > height * (1 - MARGIN) or line.base < height * MARGIN


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())
