"""The structured document model every stage after reading works on."""

from __future__ import annotations

from dataclasses import dataclass, field

# Spaces between two words that set them in two columns (cells of a table row) rather than one line of prose.
COLUMN_GAP = 3


@dataclass(frozen=True)
class CleanText:
    """Text freed of markup, with the source offset of every character kept.

    ``offsets[i]`` is the position in the decoded source file of ``text[i]``;
    ``end`` is the source position just after the last character.
    """

    text: str
    offsets: tuple[int, ...]
    end: int

    def __post_init__(self) -> None:
        if len(self.text) != len(self.offsets):
            raise ValueError("CleanText needs one offset per character")

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else self.end

    def source_span(self, i: int = 0, j: int | None = None) -> tuple[int, int]:
        """Source (start, end) of the clean characters ``text[i:j]``."""
        j = len(self.text) if j is None else j
        if i >= j:
            pos = self.offsets[i] if i < len(self.offsets) else self.end
            return pos, pos
        return self.offsets[i], self.offsets[j - 1] + 1

    def slice(self, i: int, j: int | None = None) -> CleanText:
        j = len(self.text) if j is None else j
        end = self.offsets[j - 1] + 1 if j > i else self.source_span(i, j)[0]
        return CleanText(self.text[i:j], self.offsets[i:j], end)

    def strip(self) -> CleanText:
        text = self.text
        i, j = 0, len(text)
        while i < j and text[i].isspace():
            i += 1
        while j > i and text[j - 1].isspace():
            j -= 1
        return self.slice(i, j)

    def gaps(self, spaces: int) -> list[int]:
        """Where the source had a run of at least ``spaces`` spaces (one in this text): the index after each."""
        text, offsets = self.text, self.offsets
        return [i for i in range(1, len(offsets)) if text[i - 1] == " " and offsets[i] - offsets[i - 1] >= spaces]

    def has_column_gap(self) -> bool:
        """Whether the source set a run of three or more spaces between two words of this line: cells of a table
        row, not prose (justified prose stretches a gap to two spaces at most)."""
        return bool(self.gaps(COLUMN_GAP))

    def join(self, other: CleanText, sep: str = " ") -> CleanText:
        """This text, a separator standing where the gap was, then ``other``."""
        gap = (self.end,) * len(sep)
        return CleanText(self.text + sep + other.text, self.offsets + gap + other.offsets, other.end)

    def join_line(self, other: CleanText) -> CleanText:
        """The next source line after this one: a word hyphenated across the break is made whole again
        ('Czecho-' + 'slovakia' -> 'Czechoslovakia', 'Guinea-' + 'Bissau' -> 'Guinea-Bissau'), else one space."""
        text = self.text
        if len(text) > 1 and text[-1] == "-" and text[-2].isalpha() and other.text[:1].isalpha():
            if other.text[0].islower() and text[-2].islower():
                return self.slice(0, len(text) - 1).join(other, "")
            return self.join(other, "")
        return self.join(other)


@dataclass(frozen=True)
class Heading:
    """A heading line: its level (1 chapter, 2 lettered, 3 numbered title, 4 other)."""

    level: int
    number: str | None
    title: str
    clean: CleanText


@dataclass
class Section:
    """A part of a report under one heading, with the agenda item it is about."""

    key: str
    title: str
    heading_number: str | None = None
    rpm_item: str | None = None
    congress_item: int | None = None
    workshop: int | None = None
    is_main_theme: bool = False
    chapter: str | None = None


@dataclass
class Recommendation:
    """A lettered recommendation: ``(a) Strengthen ...``."""

    letter: str
    clean: CleanText
    section: Section | None
    paragraph_number: int | None

    @property
    def text(self) -> str:
        return self.clean.text


@dataclass
class ListItem:
    """A numbered or lettered line inside a paragraph that is not a recommendation."""

    marker: str
    clean: CleanText

    @property
    def text(self) -> str:
        return self.clean.text


@dataclass
class Paragraph:
    """A numbered paragraph, its lettered sub-items kept apart."""

    number: int
    clean: CleanText
    section: Section | None
    part: str | None = None
    headings: tuple[str, ...] = ()
    items: list[ListItem] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    # Where the source's line breaks fell, as positions in ``text`` (the block reader keeps them for lists).
    breaks: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return self.clean.text

    def lines(self) -> list[CleanText]:
        """The paragraph cut at the source's line breaks (the whole text when none were kept)."""
        cuts = [0, *self.breaks, len(self.clean.text)]
        pieces = (self.clean.slice(a, b).strip() for a, b in zip(cuts, cuts[1:]))
        return [piece for piece in pieces if piece.text]


@dataclass
class Block:
    """Any run of text in the report: heading, paragraph, list item or loose line."""

    kind: str
    clean: CleanText
    section: Section | None
    paragraph_number: int | None = None
    letter: str | None = None
    part: str | None = None


@dataclass
class Person:
    """A person named with the State they belong to: ``Name (State)``."""

    name: str
    state: str | None
    clean: CleanText


@dataclass
class ReportMetadata:
    """What a report says about itself and its meeting."""

    title: str | None = None
    region_phrase: str | None = None
    meeting_title: str | None = None
    venue: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    distribution_date: str | None = None
    is_draft: bool = False
    kind: str = "final_report"
    symbol: str | None = None
    rapporteur: Person | None = None
    meeting_title_clean: CleanText | None = None


@dataclass
class Report:
    """One source document, read and structured."""

    file_name: str
    doc_id: str
    source: str
    metadata: ReportMetadata
    sections: list[Section]
    paragraphs: list[Paragraph]
    blocks: list[Block]
    footnotes: list[CleanText] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    agenda: dict[str, str] = field(default_factory=dict)
    # "numbered": paragraphs carry the report's own numbers; "blocks": read as blocks, numbered in order.
    layout: str = "numbered"
