"""The forms of a bureau: names of people, a State in brackets, who was elected and by acclamation, contents lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.structure.model import CleanText

ORDINAL = r"(?:(?:First|Second|Third|Fourth|Fifth)\s+)?"


# Words that may stay lower case inside a person's name.
PARTICLES = frozenset("de da das do dos del della di du des van von der den ter ten bin binti al el la le y e".split())


NAME_TOKEN = r"(?:[A-Z][\w.'’-]*|(?:de|da|das|do|dos|del|della|di|du|des|van|von|der|den|ter|ten|bin|binti|al|el|la|le|y)\b)"


NAME = rf"{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN}){{0,9}}"


# A State in parentheses, which may hold one more pair: "(Iran (Islamic Republic of))".
PAREN = r"\((?P<state>[^()]+(?:\([^()]*\)[^()]*)?)\)"


PERSON_PAREN = re.compile(rf"(?P<name>[^(),;:]+?)\s*{PAREN}")


# A line (or lines run together) of nothing but people: "A (X)", "A (X) B (Y)", "A (X); B (Y)".
PEOPLE_LINE = re.compile(r"(?:[^(),;:]+?\s*\((?:[^()]+(?:\([^()]*\)[^()]*)?)\)\s*[,;]?\s*)+")


ELECTED = r"(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:unanimously\s+|duly\s+)?elected"


ACCLAMATION = r"(?:,?\s*by\s+acclamation,?\s*)?"


# "elected three Vice-Chairmen", "elected two Vice-Presidents"
COUNT = r"(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+)?"


# A line of a table of contents: dotted leaders, or a paragraph range and a page number at its end.
CONTENTS_LINE = re.compile(r"(?:\.\s*){4,}|\s\d{1,3}-\d{1,3}\s+\d{1,3}\s*$")


# Bodies an office may be named after without being another body's office.
MEETING_BODIES = r"(?:Meeting|Congress|Commission|Conference|Committee|Session|Bureau|Working\s+Group|Council)"


NAME_WORD = re.compile(rf"^(?:{NAME_TOKEN}|\(|\))")


def name_start(text: str, allow_of: bool = False) -> int:
    """Where the name at the end of ``text`` starts: after the last word that cannot be part of a name
    ('At its 1st meeting, Ana Silva' -> 'Ana Silva'; with ``allow_of``, 'Ana Silva of Brazil' stays whole)."""
    words = list(re.finditer(r"\S+", text))
    start = len(text)
    for i in range(len(words) - 1, -1, -1):
        word = words[i].group(0).strip(",")
        if NAME_WORD.match(word) and not words[i].group(0).endswith(",") or (allow_of and word in ("of", "the")):
            start = words[i].start()
            continue
        if words[i].group(0).endswith(",") and NAME_WORD.match(word) and i == len(words) - 1:
            start = words[i].start()
            continue
        break
    while text[start:].startswith(("of ", "the ")):
        start += text[start:].index(" ") + 1
    return start


@dataclass(frozen=True)
class Found:
    """An officer found in the text: role, name, State (if named) and where the name stands."""

    role: str
    name: str
    state: str | None
    span: CleanText
