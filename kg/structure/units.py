"""Cut a source text into clean line units: split fused headings, join wrapped bold runs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.structure.markup import FOOTNOTE_LINE, strip_markup
from kg.structure.model import CleanText


@dataclass
class Unit:
    """One logical line of the source, cleaned, with what its markup said about it."""

    clean: CleanText
    emphasised: bool = False
    footnote: bool = False
    furniture: bool = False
    gap_before: int = 0

    @property
    def text(self) -> str:
        return self.clean.text


_RULE = re.compile(r"^\s*([-*_=])(\s*\1){2,}\s*$")
# Page furniture that conversions leave between paragraphs: symbols, job
# numbers, page counters.
_FURNITURE = re.compile(
    r"^\s*(?:[A-Z]{1,5}/(?:[A-Z0-9.]+/)*[A-Z0-9.]+(?:/Add\.\d+)?|V\.\d{2}-\d{4,6}(?:\s*\(E\))?"
    r"|\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-|Page \d+)\s*$"
)
# A bold marker glued to text on both sides, as in ``(Pakistan)**Addendum``.
_FUSED_BOLD = re.compile(r"(?<=\S)\*\*(?:\*\*)?(?=\S)")
# An italic label glued to the text before it, as in ``Draft report*Rapporteur:*``.
_FUSED_LABEL = re.compile(r"(?<=[^\s*])(?=\*[A-Z][\w -]{0,30}:\*)")
_LEAD = re.compile(r"^\s*(?:#{1,6}\s+|[-•]\s+)*")


def split_units(source: str) -> list[Unit]:
    """The clean units of ``source`` in reading order."""
    units: list[Unit] = []
    gap = 0
    open_bold: list[CleanText] = []
    pos = 0
    for line in source.split("\n"):
        base = pos
        pos += len(line) + 1
        if not line.strip() or _RULE.match(line):
            gap += 1 if not line.strip() else 0
            continue
        if _FURNITURE.match(line):
            units.append(Unit(strip_markup(line, base), furniture=True, gap_before=gap))
            continue
        if FOOTNOTE_LINE.match(line):
            units.append(Unit(strip_markup(line, base), footnote=True, gap_before=gap))
            gap = 0
            continue
        body = _LEAD.sub("", line, count=1)
        if open_bold:
            open_bold.append(strip_markup(line, base))
            if body.count("**") % 2 == 1:
                units.append(_joined(open_bold, gap))
                open_bold, gap = [], 0
            continue
        if body.startswith("**") and body.count("**") % 2 == 1:
            open_bold = [strip_markup(line, base)]
            continue
        pieces = _fused_pieces(line)
        emphasised = len(pieces) > 1 or _is_whole_bold(body) or line.lstrip().startswith("#")
        for start, end in pieces:
            clean = strip_markup(line[start:end], base + start)
            if clean.text:
                units.append(Unit(clean, emphasised=emphasised, gap_before=gap))
                gap = 0
    if open_bold:
        units.append(_joined(open_bold, gap))
    return units


def _joined(parts: list[CleanText], gap: int) -> Unit:
    clean = parts[0]
    for part in parts[1:]:
        clean = clean.join(part) if part.text else clean
    return Unit(clean, emphasised=True, gap_before=gap)


def _is_whole_bold(body: str) -> bool:
    body = body.strip()
    return len(body) > 4 and body.startswith(("**", "__")) and body.endswith(("**", "__"))


def _fused_pieces(line: str) -> list[tuple[int, int]]:
    cuts = [0]
    for m in _FUSED_BOLD.finditer(line):
        cuts.extend([m.start(), m.end()])
    cuts.append(len(line))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    pieces: list[tuple[int, int]] = []
    for start, end in spans:
        inner = [start] + [start + m.start() for m in _FUSED_LABEL.finditer(line[start:end])] + [end]
        pieces.extend((inner[k], inner[k + 1]) for k in range(len(inner) - 1))
    return [(s, e) for s, e in pieces if line[s:e].strip(" *")]
