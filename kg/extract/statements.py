"""Who made statements on an agenda item, in what capacity: all the sentence forms reports use."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.facts import Evidence, SectionRef, StatementFact
from kg.extract.text import looks_like_name, sentences, split_names
from kg.lexicon import Lexicon
from kg.model import CleanText, Report

# "Statements were (also|furthermore) made by ..." / "A statement was made by ..."
_MADE_BY = re.compile(
    r"\bstatements?\s+(?:was|were)\s+(?:(?:also|further|furthermore|subsequently|then)\s+)*(?:made|delivered|given)\s+by\s+",
    re.I,
)
# "The observers for INTERPOL and OSCE also made statements."
_SUBJECT_MADE = re.compile(
    r"^(?P<who>.+?)\s+(?:(?:also|further|furthermore|subsequently)\s+)*(?:made|delivered|gave)\s+(?:a\s+|joint\s+)?statements?\b",
    re.I,
)
_CAPACITY_MARK = re.compile(r"\b(?:by\s+)?(?:the\s+|a\s+|an\s+)?(?P<cap>representatives?|observers?)\s+(?:of|for)\s+", re.I)
_CAPACITY_CLAUSE = re.compile(
    r",?\s+in\s+(?:her|his|their|its)\s+capacity\s+as\s+(?:an?\s+)?(?P<cap>observer|representative)s?\b", re.I
)
# "... the observers for the following intergovernmental organizations: A, B"
_FOLLOWING = re.compile(r"^(?:the\s+)?following\s+(?P<header>[^:]{3,200}?)\s*:\s*", re.I)
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
                for name, capacity, type_hint in self.parse_statement_sentence(sentence, with_types=True):
                    yield StatementFact(
                        Evidence.of(report, name, paragraph.number, sentence), name.text, capacity, section, type_hint
                    )

    def parse_statement_sentence(self, sentence: CleanText, with_types: bool = False) -> list:
        """Every (name, capacity[, type hint]) a statement sentence lists; empty for other sentences."""
        text = sentence.text
        subject_form = False
        if m := _MADE_BY.search(text):
            who = sentence.slice(m.end())
        elif m := _SUBJECT_MADE.match(text):
            who = sentence.slice(0, m.end("who"))
            subject_form = True
        else:
            return []
        clause_capacity = None
        if c := _CAPACITY_CLAUSE.search(who.text):
            clause_capacity = _capacity(c.group("cap"))
            who = who.slice(0, c.start())
        if t := _TAIL.search(who.text):
            who = who.slice(0, t.start())
        found = [(name, clause_capacity or cap, hint) for name, cap, hint in self._segments(who)]
        if subject_form and not _CAPACITY_MARK.search(who.text):
            # "The Minister of Justice of X made a statement": an office, not an actor, unless the data knows it.
            found = [f for f in found if self.lexicon.is_known_name(f[0].text)]
        return found if with_types else [(name, cap) for name, cap, _ in found]

    def _segments(self, who: CleanText) -> Iterator[tuple[CleanText, str | None, str | None]]:
        marks = list(_CAPACITY_MARK.finditer(who.text))
        starts = [0] + [m.end() for m in marks]
        ends = [m.start() for m in marks] + [len(who.text)]
        caps: list[str | None] = [None] + [_capacity(m.group("cap")) for m in marks]
        for start, end, cap in zip(starts, ends, caps):
            segment = who.slice(start, end)
            type_hint = None
            if m := _FOLLOWING.match(segment.text):
                type_hint, _ = self.lexicon.list_type(m.group("header"))
                segment = segment.slice(m.end())
            for name in split_names(segment, self.lexicon.is_known_name):
                if self.lexicon.is_non_actor(name.text):
                    continue
                if self.lexicon.is_known_name(name.text) or looks_like_name(name.text):
                    yield name, cap, type_hint
