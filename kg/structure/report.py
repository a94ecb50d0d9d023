"""Assemble clean units into a Report: header, sections, paragraphs, recommendations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kg.structure.agenda import assign_agenda_items
from kg.structure.assembler import _Assembler
from kg.structure.blocks import read_blocks
from kg.structure.header import parse_header
from kg.structure.model import (
    Block,
    CleanText,
    Paragraph,
    Report,
    ReportMetadata,
    Section,
)
from kg.structure.patterns import CAPITAL, LABEL_LINE, LETTERED, MAIN_THEME, NUMBERED, PART, ROMAN, RPM_ITEM, TOC_LINE
from kg.structure.units import Unit, split_units


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
    loose = sum(len(obj.clean.text) for kind, obj, _, _ in assembler.entries if kind == "loose")
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
            and not (previous.clean.has_column_gap() or unit.clean.has_column_gap())  # rows of a table
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
