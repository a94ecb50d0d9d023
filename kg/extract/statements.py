"""Who made statements on an agenda item, in what capacity: all the sentence forms reports use."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.facts import Evidence, SectionRef, StatementFact
from kg.extract.text import sentences, split_names
from kg.lexicon import Lexicon
from kg.model import CleanText, Report

# "Statements were (also|furthermore) made by ..." / "A statement was made by ..."
_MADE_BY = re.compile(
    r"\bstatements?\s+(?:was|were)\s+(?:(?:also|further|furthermore|subsequently|then)\s+)*made\s+by\s+",
    re.I,
)
# "The observers for INTERPOL and OSCE also made statements."
_SUBJECT_MADE = re.compile(
    r"^(?P<who>.+?)\s+(?:(?:also|further|furthermore|subsequently)\s+)*made\s+(?:a\s+)?statements?\b",
    re.I,
)
_CAPACITY_MARK = re.compile(r"\b(?:the\s+|a\s+|an\s+)?(?P<cap>representatives?|observers?)\s+(?:of|for)\s+", re.I)
_CAPACITY_CLAUSE = re.compile(
    r",?\s+in\s+(?:her|his|their|its)\s+capacity\s+as\s+(?:an?\s+)?(?P<cap>observer|representative)s?\b", re.I
)
_TAIL = re.compile(r"\s*(?:,\s*(?:also\s+)?on\s+behalf\s+of\b.*)?[.;:]?\s*$", re.I)


def _capacity(word: str) -> str:
    return "observer" if word.lower().startswith("observer") else "representative"


class StatementExtractor:
    """Statements by States and organizations, per agenda item."""

    name = "statements"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def extract(self, report: Report) -> Iterator[StatementFact]:
        for paragraph in report.paragraphs:
            section = SectionRef.of(paragraph.section)
            for sentence in sentences(paragraph.clean):
                for name, capacity in self.parse_statement_sentence(sentence):
                    yield StatementFact(
                        Evidence.of(report, name, paragraph.number, sentence), name.text, capacity, section
                    )

    def parse_statement_sentence(self, sentence: CleanText) -> list[tuple[CleanText, str | None]]:
        """Every (name, capacity) a statement sentence lists; empty for other sentences."""
        text = sentence.text
        if m := _MADE_BY.search(text):
            who = sentence.slice(m.end())
        elif m := _SUBJECT_MADE.match(text):
            who = sentence.slice(0, m.end("who"))
        else:
            return []
        clause_capacity = None
        if c := _CAPACITY_CLAUSE.search(who.text):
            clause_capacity = _capacity(c.group("cap"))
            who = who.slice(0, c.start())
        if t := _TAIL.search(who.text):
            who = who.slice(0, t.start())
        return [(name, clause_capacity or cap) for name, cap in self._segments(who)]

    def _segments(self, who: CleanText) -> Iterator[tuple[CleanText, str | None]]:
        marks = list(_CAPACITY_MARK.finditer(who.text))
        starts = [0] + [m.end() for m in marks]
        ends = [m.start() for m in marks] + [len(who.text)]
        caps: list[str | None] = [None] + [_capacity(m.group("cap")) for m in marks]
        for start, end, cap in zip(starts, ends, caps):
            segment = who.slice(start, end)
            for name in split_names(segment, self.lexicon.is_known_name):
                if self.lexicon.is_non_actor(name.text):
                    continue
                yield name, cap
