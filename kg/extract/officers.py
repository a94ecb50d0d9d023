"""Officers of the meeting: 'Chair: Name (State)' lines, the rapporteur of a draft's header included."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.facts import Evidence, OfficerFact
from kg.lexicon import Lexicon
from kg.model import Report

_ROLE_LINE = re.compile(
    r"^(?P<role>(?:Vice[- ])?(?:Chair(?:person|man|woman)?|President)s?|Rapporteurs?)\s*:\s*",
    re.I,
)
_PERSON = re.compile(r"(?P<name>[^(),;]+?)\s*\((?P<state>[^()]+(?:\([^()]*\)[^()]*)?)\)")


def canonical_role(word: str) -> str:
    """'Vice-Chairs', 'vice chairperson' -> 'Vice-Chair'; 'Rapporteurs' -> 'Rapporteur'."""
    word = re.sub(r"s$", "", word.strip(), flags=re.I)
    vice = bool(re.match(r"vice", word, re.I))
    base = re.sub(r"^vice[- ]", "", word, flags=re.I).lower()
    base = "Chair" if base.startswith("chair") else base.capitalize()
    return f"Vice-{base}" if vice else base


class OfficerExtractor:
    """Officer lines anywhere in the report (election section or draft header)."""

    name = "officers"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def extract(self, report: Report) -> Iterator[OfficerFact]:
        seen: set[tuple[str, str]] = set()
        for block in report.blocks:
            m = _ROLE_LINE.match(block.clean.text)
            if not m:
                continue
            role = canonical_role(m.group("role"))
            for person in _PERSON.finditer(block.clean.text, m.end()):
                name = person.group("name").strip()
                name = re.sub(r"^(?:and|Mr\.?|Ms\.?|Mrs\.?|H\.E\.)\s+", "", name).strip()
                if (role, name) in seen:
                    continue
                seen.add((role, name))
                span = block.clean.slice(person.start(), person.end())
                evidence = Evidence.of(report, span, block.paragraph_number, block.clean)
                yield OfficerFact(evidence, role, name, person.group("state").strip())
