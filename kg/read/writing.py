"""Laid-out lines written as the text model of a report: one block a line, hanging numbers kept, footnotes apart."""

from __future__ import annotations

from collections.abc import Iterable

from kg.read.hyphens import Dehyphenator
from kg.read.lines import NOTE_START, Line


def joined(dehyphenate: Dehyphenator, pieces: Iterable[str]) -> str:
    out = ""
    for piece in pieces:
        out = dehyphenate.join(out, piece) if out else piece
    return out


def split_footnotes(lines: list[Line], body_size: float) -> tuple[list[Line], list[list[Line]]]:
    """A page's lines without its footnotes, and the footnotes (lines each): the run of smaller lines at the foot
    of the page that starts with a note number or mark."""
    start = len(lines)
    while start > 0 and lines[start - 1].size < 0.9 * body_size:
        start -= 1
    while start < len(lines) and not NOTE_START.match(lines[start].text()):
        start += 1
    if start >= len(lines):
        return lines, []
    notes: list[list[Line]] = []
    for line in lines[start:]:
        if NOTE_START.match(line.text()) and (not notes or line.x0 <= notes[-1][0].x0 + 2):
            notes.append([line])
        else:
            notes[-1].append(line)
    return lines[:start], notes


class Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pages: list[tuple[int, int]] = []

    def block(self, text: str, pages: list[int], lines: list[Line]) -> None:
        if self.parts:
            self._add("\n\n")
        # The page changes where the block's lines do: find each change in the joined text by the line's words.
        start = self.length
        self._mark(start, pages[0])
        if len(set(pages)) > 1:
            cursor = 0
            for line, page in zip(lines, pages):
                head = line.text(notes=False)[:12]
                found = text.find(head, cursor) if head else -1
                if found >= 0:
                    cursor = found
                    self._mark(start + found, page)
        self._add(text)

    def _mark(self, offset: int, page: int) -> None:
        if not self.pages or self.pages[-1][1] != page:
            self.pages.append((offset, page))

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts) + "\n"
