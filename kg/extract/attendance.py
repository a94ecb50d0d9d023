"""Who was represented at the meeting, as member or observer, and what kind of actor each is."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.facts import AttendanceFact, Evidence
from kg.extract.text import looks_like_name, sentences, split_names
from kg.lexicon import Lexicon
from kg.model import CleanText, Report

_OBSERVERS = r"(?P<observer>\s+by\s+(?:an?\s+)?observers?)?"
_AT = r"(?:\s+at\s+the\s+(?:Meeting|session|Congress|meeting))?"
_FOLLOWING = re.compile(
    rf"^The\s+following\s+(?P<header>.+?)\s+(?:was|were)\s+(?:also\s+)?represented{_OBSERVERS}{_AT}\s*:\s*",
    re.I,
)
_SUBJECT = re.compile(rf"\s+(?:was|were)\s+(?:also\s+)?represented{_OBSERVERS}{_AT}\s*[.;]?\s*$", re.I)
_ATTENDED = re.compile(
    r"\battended\s+by\s+(?:the\s+)?(?P<cap>representatives|observers)\s+(?:of|for)\s+the\s+following\s+"
    r"(?P<header>[^:]+?)\s*:\s*",
    re.I,
)


class AttendanceExtractor:
    """Attendance lists: 'The following ... were represented (by observers): A, B and C.'"""

    name = "attendance"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def extract(self, report: Report) -> Iterator[AttendanceFact]:
        for paragraph in report.paragraphs:
            for sentence in sentences(paragraph.clean):
                parsed = self.parse_attendance_sentence(sentence)
                if parsed is None:
                    continue
                names, capacity, type_hint = parsed
                if not names and sentence.text.rstrip().endswith(":"):
                    # The list stands one name a line under the paragraph.
                    names = [i.clean for i in paragraph.items if not i.marker or not i.marker[0].isdigit()]
                for name in names:
                    evidence = Evidence.of(report, name, paragraph.number, sentence)
                    yield AttendanceFact(evidence, name.text, capacity, type_hint)

    def parse_attendance_sentence(self, sentence: CleanText) -> tuple[list[CleanText], str, str | None] | None:
        text = sentence.text
        header: str | None = None
        if m := _FOLLOWING.match(text):
            header, observer, listed = m.group("header"), bool(m.group("observer")), sentence.slice(m.end())
        elif m := _ATTENDED.search(text):
            header, observer, listed = m.group("header"), m.group("cap").lower() == "observers", sentence.slice(m.end())
        elif m := _SUBJECT.search(text):
            observer, listed = bool(m.group("observer")), sentence.slice(0, m.start())
        else:
            return None
        type_hint, fixed_capacity = self.lexicon.list_type(header) if header else (None, None)
        # "represented by observers" in the sentence outranks what the list header implies.
        capacity = "observer" if observer else (fixed_capacity or "member")
        names = [
            n
            for n in split_names(listed, self.lexicon.is_known_name)
            if not self.lexicon.is_non_actor(n.text) and (self.lexicon.is_known_name(n.text) or looks_like_name(n.text))
        ]
        return names, capacity, type_hint
