"""Assemble clean units into a Report: header, sections, paragraphs, recommendations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kg.model import (
    Block,
    CleanText,
    Heading,
    ListItem,
    Paragraph,
    Recommendation,
    Report,
    ReportMetadata,
    Section,
)
from kg.structure.agenda import assign_agenda_items
from kg.structure.blocks import read_blocks
from kg.structure.header import parse_header
from kg.structure.units import Unit, split_units

NUMBERED = re.compile(r"^(\d{1,3})\.\s+(?=\S)")
LETTERED = re.compile(r"^\(([a-z]{1,2})\)\s+(?=\S)")
ROMAN = re.compile(r"^([IVX]{1,6})\.\s+(?=\S)")
CAPITAL = re.compile(r"^([A-Z])\.\s+(?=[A-Z])")
CONGRESS_ITEM = re.compile(r"\(\s*agenda item (\d+)\s*\)", re.I)
WORKSHOP = re.compile(r"\(\s*workshop (\d+)\s*\)", re.I)
# The meeting's own item, written outside parentheses: "– Agenda item 5 (d)".
RPM_ITEM = re.compile(r"(?<![(\w])agenda item (\d+)(?:\s*\(([a-z])\))?", re.I)
SECTION_TITLE_END = re.compile(r"\(\s*(?:agenda item|workshop) \d+\s*\)\s*\.?$", re.I)
MAIN_THEME = re.compile(r"^main theme\b", re.I)
PART = re.compile(
    r"^(?:(?:summary|outcome) of (?:the )?(?:deliberations|discussions?|debate)"
    r"|recommendations|conclusions and recommendations|proceedings)\s*:?$",
    re.I,
)
OUTCOME_PART = re.compile(r"^(?:outcome|recommendations|conclusions)", re.I)
LABEL_LINE = re.compile(r"^[A-Z][\w'’-]*(?:[ -][\w'’-]+){0,3}:\s")
TOC_LINE = re.compile(r"(?:\.\s*){3,}\s*\d*\s*$|\s\.\s\.\s")
RECOMMENDATION_INTRO = re.compile(r"recommendations?\b.*:\s*$", re.I | re.S)
_TERMINAL = ".;:!?"
_CLOSERS = "”\"’')]*"
# A paragraph number may skip a few (a lost page) but never run backwards.
_MAX_NUMBER_GAP = 5


class NoReportStructure(ValueError):
    """A file with no text to read (only markup, page furniture or whitespace)."""


# Below this share of its body text in numbered paragraphs, a text is read as blocks instead.
_MIN_NUMBERED_SHARE = 0.5


def parse_report(source: str, path: str | Path) -> Report:
    """Structure the decoded ``source`` of the file at ``path``: by its numbered paragraphs, else as blocks."""
    path = Path(path)
    units = merge_wrapped_lines(split_units(source))
    if not any(_has_words(u.text) for u in units if not u.furniture):
        raise NoReportStructure("the file has no text")
    body_start = _body_start(units)
    if body_start is not None:
        metadata = parse_header([u for u in units[:body_start] if not u.footnote], units)
        assembler = _Assembler()
        for unit in units[body_start:]:
            assembler.feed(unit)
        if assembler.paragraphs and _numbered_share(assembler, units[body_start:]) >= _MIN_NUMBERED_SHARE:
            agenda = assign_agenda_items(assembler.sections, assembler.paragraphs)
            header = [Block("header", u.clean, None) for u in units[:body_start] if not u.furniture]
            return _report(path, source, metadata, assembler.sections, assembler.paragraphs,
                           header + assembler.body_blocks(), assembler.footnotes,
                           agenda=agenda, recommendations=assembler.recommendations)
    return _parse_blocks(source, path)


def _report(path: Path, source: str, metadata: ReportMetadata, sections: list[Section], paragraphs: list[Paragraph],
            blocks: list[Block], footnotes: list[CleanText], **rest: Any) -> Report:
    """The Report, each section given its key (the agenda item, else its place)."""
    for index, section in enumerate(sections, start=1):
        section.key = _section_key(section, index)
    return Report(file_name=path.name, doc_id=_doc_id(path), source=source, metadata=metadata, sections=sections,
                  paragraphs=paragraphs, blocks=blocks, footnotes=footnotes, **rest)


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _numbered_share(assembler: _Assembler, units: list[Unit]) -> float:
    """How much of the body's text the structure holds: all but the loose lines no number or heading claims."""
    body = sum(len(u.text) for u in units if not (u.furniture or u.footnote))
    loose = sum(len(obj.clean.text) for kind, obj, _, _ in assembler.entries if kind == "loose")  # type: ignore[attr-defined]
    return 1 - loose / body if body else 0.0


def _parse_blocks(source: str, path: Path) -> Report:
    """A text without (enough) numbered paragraphs: blocks numbered in order, headings found by their form."""
    units = split_units(source)
    body = [u for u in units if not (u.footnote or u.furniture)]
    document = read_blocks(body, source)
    metadata = parse_header([u for u in units[:_HEADER_UNITS] if not u.footnote], body)
    for section in document.sections:
        section.is_main_theme = bool(MAIN_THEME.match(section.title))
        if m := RPM_ITEM.search(section.title):
            section.rpm_item = m.group(1) + (f"({m.group(2)})" if m.group(2) else "")
        _Assembler._fill_items(section, section.title)
    return _report(path, source, metadata, document.sections, document.paragraphs, document.blocks,
                   [u.clean for u in units if u.footnote], layout="blocks")


# The lines of a text without numbered paragraphs that may hold its header (symbol, title, dates).
_HEADER_UNITS = 25


_WRAP_WIDTH = 50


def _opens_block(unit: Unit) -> bool:
    text = unit.text
    return bool(
        unit.emphasised or unit.footnote or unit.furniture or NUMBERED.match(text) or LETTERED.match(text)
        or ROMAN.match(text) or CAPITAL.match(text) or PART.match(text) or LABEL_LINE.match(text)
        or TOC_LINE.search(text)
    )


def merge_wrapped_lines(units: list[Unit]) -> list[Unit]:
    """Join hard-wrapped lines: a line straight under a long line, opening nothing, goes on with it."""
    merged: list[Unit] = []
    for unit in units:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and unit.gap_before == 0
            and len(previous.text) >= _WRAP_WIDTH
            and not previous.footnote
            and not previous.furniture
            and not _opens_block(unit)
        ):
            previous.clean = previous.clean.join_line(unit.clean)
            continue
        merged.append(unit)
    return merged


def _doc_id(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-")
    return stem or "document"


def _section_key(section: Section, index: int) -> str:
    if section.rpm_item:
        return re.sub(r"[^0-9a-z]", "", section.rpm_item.lower())
    return f"s{index}"


def _body_start(units: list[Unit]) -> int | None:
    for i, unit in enumerate(units):
        if unit.footnote or unit.furniture or TOC_LINE.search(unit.text):
            continue
        text = unit.text
        if ROMAN.match(text) or NUMBERED.match(text):
            return i
        if CAPITAL.match(text) and unit.emphasised:
            return i
    return None


def next_letter(letter: str) -> str:
    """The letter after ``letter`` in UN lists: a, b, ... z, aa, bb, ..."""
    if len(letter) == 1:
        return "aa" if letter == "z" else chr(ord(letter) + 1)
    return chr(ord(letter[0]) + 1) * len(letter) if letter[0] != "z" else letter + letter[0]


def _ends_open(text: str) -> bool:
    """Whether a text stops mid-sentence (a page break cut it)."""
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] not in _TERMINAL


def _looks_like_prose(unit: Unit) -> bool:
    text = unit.text
    return (
        not unit.emphasised
        and len(text.split()) >= 8
        and text[:1].isupper()
        and not _ends_open(text)
        and not LABEL_LINE.match(text)
        and not PART.match(text)
    )


class _Assembler:
    """Reads units in order and keeps the state of where they belong."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.paragraphs: list[Paragraph] = []
        # Entries keep the live object, because a page break may still extend it.
        self.entries: list[tuple[str, object, Section | None, int | None]] = []
        self.footnotes: list[CleanText] = []
        self.recommendations: list[Recommendation] = []
        self.headings: dict[int, Heading] = {}
        self.chapter: str | None = None
        self.level2: Section | None = None
        self.section: Section | None = None
        self.level2_has_title = False
        self.part: str | None = None
        # What a cut-off line continues: ("paragraph"|"recommendation"|"item"|"loose", object)
        self.target: tuple[str, object] | None = None

    def body_blocks(self) -> list[Block]:
        blocks = []
        for kind, obj, section, number in self.entries:
            letter = obj.letter if isinstance(obj, Recommendation) else None
            part = obj.part if isinstance(obj, Paragraph) else None
            blocks.append(Block(kind, obj.clean, section, number, letter, part))  # type: ignore[attr-defined]
        return blocks

    # -- dispatch ---------------------------------------------------------
    def feed(self, unit: Unit) -> None:
        text = unit.text
        if unit.footnote:
            self.footnotes.append(unit.clean)
            return
        if unit.furniture or TOC_LINE.search(text):
            return
        if self._continues_target(unit):
            self._continue_target(unit.clean)
            return
        if m := NUMBERED.match(text):
            self._numbered(unit, int(m.group(1)), unit.clean.slice(m.end()))
        elif m := LETTERED.match(text):
            self._lettered(m.group(1), unit.clean.slice(m.end()), unit.clean)
        elif m := ROMAN.match(text):
            self._chapter(unit, m.group(1), unit.clean.slice(m.end()))
        elif (m := CAPITAL.match(text)) and (unit.emphasised or len(text) < 200):
            self._lettered_heading(unit, m.group(1), unit.clean.slice(m.end()))
        elif PART.match(text):
            self._part(unit)
        else:
            self._loose(unit)

    def _continues_target(self, unit: Unit) -> bool:
        if self.target is None or self._starts_structure(unit):
            return False
        if not _ends_open(self._target_text()):
            if unit.gap_before == 0 and not unit.emphasised and self.target[0] in ("paragraph", "recommendation"):
                # Hard-wrapped text: a line straight under a paragraph line goes on with it.
                return True
            # A page break right after a full stop: a long plain sentence that no
            # number introduces still belongs to the paragraph before it.
            return self.target[0] == "paragraph" and _looks_like_prose(unit)
        # Loose lines and one-name-a-line lists only continue mid-sentence (lower case).
        kind, obj = self.target
        if kind == "loose" or (kind == "item" and not obj.marker):  # type: ignore[attr-defined]
            return unit.text[:1].islower()
        return True

    def _starts_structure(self, unit: Unit) -> bool:
        text = unit.text
        if m := NUMBERED.match(text):
            return self._is_next_number(int(m.group(1))) or bool(SECTION_TITLE_END.search(text))
        if LETTERED.match(text) or ROMAN.match(text) or PART.match(text):
            return True
        if LABEL_LINE.match(text) or (unit.emphasised and CAPITAL.match(text)):
            return True
        return False

    def _target_text(self) -> str:
        kind, obj = self.target  # type: ignore[misc]
        return obj.clean.text  # type: ignore[attr-defined]

    def _continue_target(self, clean: CleanText) -> None:
        _, obj = self.target  # type: ignore[misc]
        obj.clean = obj.clean.join_line(clean)  # type: ignore[attr-defined]

    # -- numbered lines ---------------------------------------------------
    def _is_next_number(self, number: int) -> bool:
        if not self.paragraphs:
            return True
        last = self.paragraphs[-1].number
        return last < number <= last + _MAX_NUMBER_GAP

    def _numbered(self, unit: Unit, number: int, body: CleanText) -> None:
        if SECTION_TITLE_END.search(body.text):
            self._section_title(unit, str(number), body)
        elif self._is_next_number(number):
            paragraph = Paragraph(
                number=number,
                clean=body,
                section=self.section,
                part=self.part,
                headings=tuple(h.title for _, h in sorted(self.headings.items())),
            )
            self.paragraphs.append(paragraph)
            self.entries.append(("paragraph", paragraph, self.section, number))
            self.target = ("paragraph", paragraph)
        else:
            self._item(f"{number}.", body)

    def _item(self, marker: str, clean: CleanText) -> None:
        if not self.paragraphs:
            self._loose_clean(clean)
            return
        item = ListItem(marker, clean)
        self.paragraphs[-1].items.append(item)
        self.entries.append(("item", item, self.section, self.paragraphs[-1].number))
        self.target = ("item", item)

    # -- lettered lines ---------------------------------------------------
    def _lettered(self, letter: str, body: CleanText, whole: CleanText) -> None:
        paragraph = self.paragraphs[-1] if self.paragraphs else None
        intro = bool(paragraph and RECOMMENDATION_INTRO.search(paragraph.text))
        in_outcome = bool(self.part and OUTCOME_PART.match(self.part))
        if intro or (in_outcome and (paragraph is None or paragraph.part != self.part)):
            group = paragraph.recommendations if paragraph is not None and intro else self.recommendations
            previous = group[-1] if group else None
            if previous is not None and letter != next_letter(previous.letter):
                # "(i)", "(ii)" under "(c)": sub-items of the recommendation, not new ones.
                previous.clean = previous.clean.join(whole)
                self.target = ("recommendation", previous)
                return
            rec = Recommendation(letter, body, self.section, paragraph.number if paragraph else None)
            if paragraph is not None:
                paragraph.recommendations.append(rec)
            self.recommendations.append(rec)
            self.entries.append(("recommendation", rec, self.section, rec.paragraph_number))
            self.target = ("recommendation", rec)
        else:
            self._item(f"({letter})", body)

    # -- headings ---------------------------------------------------------
    def _heading(self, level: int, number: str | None, clean: CleanText) -> Heading:
        heading = Heading(level, number, clean.text, clean)
        self.headings = {k: v for k, v in self.headings.items() if k < level}
        self.headings[level] = heading
        self.entries.append(("heading", heading, self.section, None))
        self.target = None
        return heading

    def _chapter(self, unit: Unit, number: str, body: CleanText) -> None:
        self._heading(1, number, unit.clean)
        self.chapter = body.text
        self.level2 = self.section = None
        self.part = None

    def _lettered_heading(self, unit: Unit, letter: str, body: CleanText) -> None:
        self._heading(2, letter, unit.clean)
        title = body.text
        section = Section(key="", title=title, chapter=self.chapter)
        section.is_main_theme = bool(MAIN_THEME.match(title))
        if m := RPM_ITEM.search(title):
            section.rpm_item = m.group(1) + (f"({m.group(2)})" if m.group(2) else "")
        self._fill_items(section, title)
        self.sections.append(section)
        self.level2 = self.section = section
        self.level2_has_title = False
        self.part = None
        self._restamp_open_paragraphs()

    def _section_title(self, unit: Unit, number: str, body: CleanText) -> None:
        self._heading(3, number, unit.clean)
        title = body.text
        if self.level2 is not None and self.level2.rpm_item and not self.level2_has_title:
            # The numbered title names the item the lettered heading already gave.
            section = self.level2
            section.title = title
        else:
            section = Section(key="", title=title, chapter=self.chapter)
            self.sections.append(section)
        section.heading_number = number
        self._fill_items(section, title)
        self.section = section
        self.level2_has_title = True
        self.part = None
        self._restamp_open_paragraphs()

    def _restamp_open_paragraphs(self) -> None:
        """Paragraphs read before a late section heading belong to that section."""
        for paragraph in reversed(self.paragraphs):
            if paragraph.section is not None:
                break
            paragraph.section = self.section

    @staticmethod
    def _fill_items(section: Section, title: str) -> None:
        if m := CONGRESS_ITEM.search(title):
            section.congress_item = int(m.group(1))
        if m := WORKSHOP.search(title):
            section.workshop = int(m.group(1))

    def _part(self, unit: Unit) -> None:
        self._heading(4, None, unit.clean)
        self.part = unit.text.rstrip(": ")

    def _loose(self, unit: Unit) -> None:
        if unit.emphasised:
            self._heading(4, None, unit.clean)
            return
        self._loose_clean(unit.clean)

    def _loose_clean(self, clean: CleanText) -> None:
        if self.target and self.target[0] in ("paragraph", "item") and self.paragraphs:
            if self.paragraphs[-1].text.rstrip().endswith(":"):
                # A line under "... the following officers:" belongs to that paragraph.
                self._item("", clean)
                return
        block = Block("loose", clean, self.section)
        self.entries.append(("loose", block, self.section, None))
        self.target = ("loose", block)
