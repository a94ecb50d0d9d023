"""The forms of a UN report's structure: numbered paragraphs, lettered items, parts, sections, agenda items."""

from __future__ import annotations

import re

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


# A paragraph that introduces lettered recommendations: "... adopted the following recommendations:", or the
# recommendations as the paragraph's own sentence, "Having considered the item, the Meeting recommended that:".
RECOMMENDATION_INTRO = re.compile(r"recommend(?:ations?|ed|s)?\b.*:\s*$", re.I | re.S)


TERMINAL = ".;:!?"


CLOSERS = "”\"’')]*"


# A paragraph number may skip a few (a lost page) but never run backwards.
MAX_NUMBER_GAP = 5
