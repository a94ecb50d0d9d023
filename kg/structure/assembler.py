"""Units of text assembled into a report's sections, numbered paragraphs and lettered recommendations."""

from __future__ import annotations

from kg.structure.model import (
    Block,
    CleanText,
    Heading,
    ListItem,
    Paragraph,
    Recommendation,
    Section,
)
from kg.structure.patterns import (
    CAPITAL,
    CLOSERS,
    CONGRESS_ITEM,
    LABEL_LINE,
    LETTERED,
    MAIN_THEME,
    MAX_NUMBER_GAP,
    NUMBERED,
    OUTCOME_PART,
    PART,
    RECOMMENDATION_INTRO,
    ROMAN,
    RPM_ITEM,
    SECTION_TITLE_END,
    TERMINAL,
    TOC_LINE,
    WORKSHOP,
)
from kg.structure.units import Unit

# What a cut-off line can continue (a loose line is kept as its Block), and what the entries hold besides.
Target = Paragraph | Recommendation | ListItem | Block
Entry = Target | Heading


def next_letter(letter: str) -> str:
    """The letter after ``letter`` in UN lists: a, b, ... z, aa, bb, ..."""
    if len(letter) == 1:
        return "aa" if letter == "z" else chr(ord(letter) + 1)
    return chr(ord(letter[0]) + 1) * len(letter) if letter[0] != "z" else letter + letter[0]


def _ends_open(text: str) -> bool:
    """Whether a text stops mid-sentence (a page break cut it)."""
    stripped = text.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] not in TERMINAL


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
        self.entries: list[tuple[str, Entry, Section | None, int | None]] = []
        self.footnotes: list[CleanText] = []
        self.recommendations: list[Recommendation] = []
        self.headings: dict[int, Heading] = {}
        self.chapter: str | None = None
        self.level2: Section | None = None
        self.section: Section | None = None
        self.level2_has_title = False
        self.part: str | None = None
        # What a cut-off line continues: ("paragraph"|"recommendation"|"item"|"loose", object)
        self.target: tuple[str, Target] | None = None

    def body_blocks(self) -> list[Block]:
        blocks = []
        for kind, obj, section, number in self.entries:
            letter = obj.letter if isinstance(obj, Recommendation) else None
            part = obj.part if isinstance(obj, Paragraph) else None
            blocks.append(Block(kind, obj.clean, section, number, letter, part))
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
        if kind == "loose" or (isinstance(obj, ListItem) and not obj.marker):
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
        assert self.target is not None  # called only while there is one
        return self.target[1].clean.text

    def _continue_target(self, clean: CleanText) -> None:
        assert self.target is not None  # called only while there is one
        obj = self.target[1]
        obj.clean = obj.clean.join_line(clean)

    # -- numbered lines ---------------------------------------------------
    def _is_next_number(self, number: int) -> bool:
        if not self.paragraphs:
            return True
        last = self.paragraphs[-1].number
        return last < number <= last + MAX_NUMBER_GAP

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
