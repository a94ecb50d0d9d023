"""Officers of the meeting: 'Chair: Name (State)' lines, the rapporteur of a draft's header included."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.facts import Evidence, OfficerFact
from kg.lexicon import Lexicon
from kg.model import Block, CleanText, Report

_ROLE_WORD = r"(?:(?:First|Second|Third)\s+)?(?:Vice[- ])?(?:Chair(?:person|man|woman)?|President)s?|Rapporteurs?"
_ROLE_LINE = re.compile(rf"^(?P<role>{_ROLE_WORD})\s*:\s*", re.I)
_PERSON = re.compile(r"(?P<name>[^(),;:]+?)\s*\((?P<state>[^()]+(?:\([^()]*\)[^()]*)?)\)")
# "... elected Ana Silva (Brazil) as Chair and Li Wei (China) as Rapporteur"
_INLINE = re.compile(
    rf"(?P<name>(?:[A-Z][\w.'’-]*\s+){{0,5}}[A-Z][\w'’-]+)\s*\((?P<state>[^()]+)\),?\s+as\s+(?P<role>{_ROLE_WORD})\b"
)
_HONORIFIC = re.compile(r"^(?:and|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|H\.E\.|Ambassador)\s+")


def canonical_role(word: str) -> str:
    """'Vice-Chairs', 'vice chairperson' -> 'Vice-Chair'; 'Rapporteurs' -> 'Rapporteur'."""
    word = re.sub(r"^(?:First|Second|Third)\s+", "", word.strip(), flags=re.I)
    word = re.sub(r"s$", "", word, flags=re.I)
    vice = bool(re.match(r"vice", word, re.I))
    base = re.sub(r"^vice[- ]", "", word, flags=re.I).lower()
    base = "Chair" if base.startswith("chair") else base.capitalize()
    return f"Vice-{base}" if vice else base


def _clean_name(name: str) -> str:
    name = name.strip()
    while m := _HONORIFIC.match(name):
        name = name[m.end():].strip()
    return name


class OfficerExtractor:
    """Officer lines anywhere in the report (election section or draft header), and 'X (State) as Chair'."""

    name = "officers"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def extract(self, report: Report) -> Iterator[OfficerFact]:
        seen: set[tuple[str, str]] = set()
        role: str | None = None
        for block in report.blocks:
            text = block.clean.text
            m = _ROLE_LINE.match(text)
            if m:
                role = canonical_role(m.group("role"))
                people = self._people(block.clean, m.end())
            elif role and block.kind in ("item", "loose") and _PERSON.fullmatch(text.strip(" ;,.")):
                # A further name on its own line under "Vice-Chairs:".
                people = self._people(block.clean, 0)
            else:
                role = None
                people = []
                for inline in _INLINE.finditer(text):
                    span = block.clean.slice(inline.start(), inline.end())
                    people.append((canonical_role(inline.group("role")), inline.group("name"), inline.group("state"), span))
            for person_role, name, state, span in people:
                person_role = person_role or role
                name = _clean_name(name)
                if not person_role or not name or (person_role, name) in seen:
                    continue
                seen.add((person_role, name))
                evidence = Evidence.of(report, span, self._paragraph(block), block.clean)
                yield OfficerFact(evidence, person_role, name, state.strip())

    @staticmethod
    def _paragraph(block: Block) -> int | None:
        return block.paragraph_number

    @staticmethod
    def _people(clean: CleanText, start: int) -> list[tuple[str | None, str, str, CleanText]]:
        return [
            (None, p.group("name"), p.group("state"), clean.slice(p.start(), p.end()))
            for p in _PERSON.finditer(clean.text, start)
        ]
