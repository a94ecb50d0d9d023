"""Give each section the meeting's own agenda item, from the adopted agenda when the report has one."""

from __future__ import annotations

import re

from kg.structure.model import Paragraph, Section

_TOP = re.compile(r"^(\d{1,2})\.$")
_SUB = re.compile(r"^\(([a-z])\)$")
_CONGRESS_ITEM = re.compile(r"\(\s*agenda item (\d+)\s*\)", re.I)
_MAIN_THEME = re.compile(r"^main theme\b", re.I)
# The agenda all regional preparatory meetings adopt: item 4 is the main
# theme and item 5 lists the Congress items in order.
_DEFAULT_MAIN_THEME = "4"
_DEFAULT_SUBSTANTIVE = "5"


def read_adopted_agenda(paragraphs: list[Paragraph]) -> dict[str, str]:
    """Map ``main`` and ``congress:N`` to the meeting's item (``4``, ``5(a)``)."""
    mapping: dict[str, str] = {}
    for paragraph in paragraphs:
        if "agenda" not in paragraph.text.lower() or not paragraph.items:
            continue
        top: str | None = None
        for item in paragraph.items:
            if m := _TOP.match(item.marker):
                top = m.group(1)
                body = item.text
                if _MAIN_THEME.match(body):
                    mapping.setdefault("main", top)
                elif m2 := _CONGRESS_ITEM.search(body):
                    mapping.setdefault(f"congress:{m2.group(1)}", top)
            elif (m := _SUB.match(item.marker)) and top is not None:
                if m2 := _CONGRESS_ITEM.search(item.text):
                    mapping.setdefault(f"congress:{m2.group(1)}", f"{top}({m.group(1)})")
        if mapping:
            return mapping
    return mapping


def assign_agenda_items(sections: list[Section], paragraphs: list[Paragraph]) -> dict[str, str]:
    """Fill ``rpm_item`` of every section that discusses an agenda item; return the agenda map."""
    agenda = read_adopted_agenda(paragraphs)
    for section in sections:
        if section.rpm_item:
            continue
        if section.is_main_theme:
            section.rpm_item = agenda.get("main", _DEFAULT_MAIN_THEME)
        elif section.congress_item is not None:
            key = f"congress:{section.congress_item}"
            if key in agenda:
                section.rpm_item = agenda[key]
            elif section.heading_number and section.heading_number.isdigit():
                letter = chr(ord("a") + int(section.heading_number) - 1)
                section.rpm_item = f"{_DEFAULT_SUBSTANTIVE}({letter})"
    return agenda
