"""Read a text without numbered paragraphs as blocks: paragraphs, headings and list lines, offsets kept."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.structure.model import Block, CleanText, ListItem, Paragraph, Section
from kg.structure.units import Unit

# A paragraph, list or heading marker at the start of a line: "(a) ", "1. ", "II. ", "A. ".
_MARKER = re.compile(r"^(?:\(\w{1,4}\)|\d{1,3}[.)]|[IVX]{1,6}\.|[A-Z]\.)\s+(?=\S)")
# A bullet at the start of the raw source line (markup cleaning has already taken it off the text).
_BULLET = re.compile(r"^\s*(?:[-*+•◦▪●]|\d{1,3}[.)])\s+$")
# "Chair: ...", "Vice-Chairpersons: ...", "President : ..." (a label, then what it labels).
LABEL = re.compile(r"^[A-Z][\w'’.-]*(?:[ -][\w'’.()-]+){0,5}\s?:\s*\S")
_TERMINAL = ".!?"
_CLOSERS = "”\"’')]*"
# Words that may stay lower case inside a name or a list of names.
_CONNECTORS = frozenset(
    "of and for the on in to against with de del la las los el y e et des du da do dos das di für und at by & "
    "or as well van von der den bin al le".split()
)
# A line that is only a date ("14 May 2018", "Monday, 3 June 2019"), a dateline rather than a heading.
_DATE_LINE = re.compile(r"^(?:[A-Z][a-z]+,?\s+)?\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+[A-Z][a-z]+\.?\s+\d{4}\.?$|^[\d\s/.-]+$")
# A line this long or longer was wrapped by the text's producer, not ended by its author.
_WRAPPED_WIDTH = 120


@dataclass
class _Line:
    clean: CleanText
    gap: int
    indent: int
    bullet: bool
    emphasised: bool

    @property
    def text(self) -> str:
        return self.clean.text


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _TERMINAL


def listish(text: str) -> bool:
    """Whether ``text`` reads as names (a list line, a label line) rather than a sentence."""
    words = re.sub(r"\([^)]*\)", " ", text).split()
    if not words:
        return False
    lower = [w for w in words if w[:1].islower() and w.strip(",.;:").lower() not in _CONNECTORS]
    return len(lower) <= len(words) // 12


def heading_like(text: str) -> bool:
    """A line a reader takes for a heading: short, no closing punctuation, capitalised."""
    words = text.split()
    if not words or len(words) > 14 or len(text) > 120 or text[-1] in ".,;:" or LABEL.match(text):
        return False
    if _DATE_LINE.match(text):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    return listish(text) or bool(_MARKER.match(text))


class BlockReader:
    """Groups the clean lines of a text into blocks, then tells headings, paragraphs and list lines apart."""

    def __init__(self, source: str) -> None:
        self.source = source

    def lines(self, units: list[Unit]) -> list[_Line]:
        out = []
        for unit in units:
            start = unit.clean.start
            line_start = self.source.rfind("\n", 0, start) + 1
            prefix = self.source[line_start:start]
            indent = len(prefix.expandtabs(4)) - len(prefix.lstrip().expandtabs(4))
            out.append(_Line(unit.clean, unit.gap_before, indent, bool(_BULLET.match(prefix)), unit.emphasised))
        return out

    @staticmethod
    def _width(lines: list[_Line]) -> tuple[int, bool]:
        """The width the text's lines were wrapped at, and whether they were wrapped at all: no line of
        a wrapped text runs far past the others."""
        lengths = sorted(len(line.text) for line in lines if len(line.text) >= 30)
        if not lengths:
            return 0, False
        width = lengths[int(0.9 * (len(lengths) - 1))]
        overlong = sum(1 for n in lengths if n > 1.5 * width)
        return width, width <= _WRAPPED_WIDTH and overlong <= len(lengths) // 50

    def group(self, lines: list[_Line]) -> list[list[_Line]]:
        """Consecutive lines that make one block."""
        width, wrapped = self._width(lines)
        blocks: list[list[_Line]] = []
        for line in lines:
            if blocks and not self._opens_block(blocks[-1], line, width, wrapped):
                blocks[-1].append(line)
            else:
                blocks.append([line])
        return blocks

    @staticmethod
    def _opens_block(block: list[_Line], line: _Line, width: int, wrapped: bool) -> bool:
        previous = block[-1]
        text, before = line.text, previous.text
        if line.gap or line.emphasised or previous.emphasised or line.bullet or _MARKER.match(text) or LABEL.match(text):
            return True
        if before.endswith(":") or (line.indent > previous.indent + 1 and _ends_sentence(before)):
            return True
        if text[:1].islower() or before.endswith(("-", ",")):
            return False
        if previous.clean.has_column_gap() or line.clean.has_column_gap():
            return True  # rows of a table: each its own line
        if not wrapped:
            # Each line is a paragraph of its own unless it visibly goes on.
            return True
        if _ends_sentence(before):
            return len(before) < 0.85 * width
        # A short line that ends no sentence (a heading, a name) stands alone.
        return len(before) < 0.6 * width


@dataclass
class BlockDocument:
    """What the block reader found: sections, paragraphs numbered in order, and every block."""

    sections: list[Section]
    paragraphs: list[Paragraph]
    blocks: list[Block]


def _joined(lines: list[_Line]) -> tuple[CleanText, tuple[int, ...]]:
    clean = lines[0].clean
    breaks = []
    for line in lines[1:]:
        before = len(clean.text)
        clean = clean.join_line(line.clean)
        # One character fewer than the two lines: the hyphen of a split word went.
        breaks.append(before - 1 if len(clean.text) < before + len(line.text) else before)
    return clean, tuple(breaks)


def read_blocks(units: list[Unit], source: str) -> BlockDocument:
    """The blocks of ``units`` (the clean lines of ``source``, page furniture and footnotes left out)."""
    reader = BlockReader(source)
    grouped = reader.group(reader.lines(units))
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    blocks: list[Block] = []
    section: Section | None = None
    list_owner: Paragraph | None = None
    for lines in grouped:
        clean, breaks = _joined(lines)
        text = clean.text
        single = len(lines) == 1
        if list_owner is not None and listish(text) and not lines[0].emphasised:
            # Lines under "... were represented:" belong to that paragraph, one item a line unless commas
            # carry the list across lines.
            pieces = [clean] if ("," in text or ";" in text) else [line.clean for line in lines]
            for piece in pieces:
                item = ListItem("", piece)
                list_owner.items.append(item)
                blocks.append(Block("item", piece, section, list_owner.number))
            if _ends_sentence(text):
                list_owner = None
            continue
        list_owner = None
        if single and (lines[0].emphasised and len(text.split()) <= 20 or heading_like(text)):
            section = Section(key="", title=text)
            sections.append(section)
            blocks.append(Block("heading", clean, section))
            continue
        paragraph = Paragraph(number=len(paragraphs) + 1, clean=clean, section=section, breaks=breaks)
        paragraphs.append(paragraph)
        blocks.append(Block("paragraph", clean, section, paragraph.number))
        if text.rstrip().endswith(":"):
            list_owner = paragraph
    return BlockDocument(sections, paragraphs, blocks)
