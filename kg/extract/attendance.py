"""Who was represented at the meeting, as member or observer, and what kind of actor each is."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.facts import AttendanceFact, Evidence
from kg.extract.names import cells, plausible_name, read_columns, read_rows, segment_known, strip_furniture
from kg.extract.text import sentences, split_names
from kg.reference.lexicon import Lexicon
from kg.structure.model import CleanText, Paragraph, Report

_OBSERVERS = r"(?P<observer>\s+(?:by|as)\s+(?:an?\s+)?observers?)?"
_AT = r"(?:\s+(?:at|in)\s+the\s+(?:[\w-]+\s+){0,3}?(?:Meeting|session|Congress|meeting|Conference|Commission))?"
_FOLLOWING = re.compile(
    rf"^(?:The\s+)?following\s+(?P<header>.+?)\s+(?:was|were)\s+(?:also\s+)?represented{_OBSERVERS}{_AT}\s*:\s*",
    re.I,
)
_SUBJECT = re.compile(rf"\s+(?:was|were)\s+(?:also\s+)?represented{_OBSERVERS}{_AT}\s*[.;]?\s*$", re.I)
_ATTENDED = re.compile(
    r"\battended\s+by\s+(?:the\s+)?(?P<cap>representatives|observers|delegations)\s+(?:of|for|from)\s+the\s+following\s+"
    r"(?P<header>[^:]+?)\s*:\s*",
    re.I,
)
# "Representatives of the following States attended the session: ..." / "Observers for the following ... attended:"
_CAME = re.compile(
    r"^(?:The\s+)?(?P<cap>representatives|observers|delegations)\s+(?:of|for|from)\s+(?:the\s+)?following\s+"
    r"(?P<header>.+?)\s+(?:also\s+)?(?:attended|participated|took\s+part)\b[^:]*:\s*",
    re.I,
)
# "The United Nations Secretariat was represented by the Department of ... and the Office of ..."
_REPRESENTED_BY = re.compile(
    r"^(?:The\s+)?(?P<header>[A-Z][\w ]+?)\s+(?:was|were)\s+(?:also\s+)?represented\s+by\s+(?!(?:an?\s+)?observers?\b)"
    r"(?:the\s+following\s+[\w ]+?\s*:\s*)?",
)
# A category line inside a list: "General consultative status: ...", "Category II: ...".
_CATEGORY_LABEL = re.compile(r"^(?P<label>[A-Z][^:]{2,80}?):\s+(?=\S)")


class AttendanceExtractor:
    """Attendance lists: 'The following ... were represented (by observers): A, B and C.', across lines too."""

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
                    # The list stands under the paragraph, one name (or one run of names) a line.
                    names = self.listed_names(paragraph)
                for name in names:
                    evidence = Evidence.of(report, name, paragraph.number, sentence)
                    known_organization = not self.lexicon.is_state_name(name.text) and self.lexicon.is_known_name(name.text)
                    # Only States are members of a meeting; an organization attends as an observer.
                    role = "observer" if known_organization and type_hint in (None, "State") else capacity
                    yield AttendanceFact(evidence, name.text, role, type_hint)

    def listed_names(self, paragraph: Paragraph) -> list[CleanText]:
        """The names on the list lines under a paragraph that ends with a colon."""
        lines = []
        for item in paragraph.items:
            if item.marker and item.marker[0].isdigit():
                continue
            clean = item.clean
            if m := _CATEGORY_LABEL.match(clean.text):
                if not self.lexicon.is_known_name(m.group("label")):
                    clean = clean.slice(m.end())
            lines.append(clean)
        if any(len(cells(line)) > 1 for line in lines):
            # A table: names in two or more columns, each read downwards.
            return [n for n in read_columns(lines, self.lexicon) if plausible_name(n.text, self.lexicon)]
        separated = sum(1 for line in lines if "," in line.text or ";" in line.text)
        if separated * 2 < len(lines) and not all(self.lexicon.is_known_name(line.text.strip(" .;,")) for line in lines):
            # Lines without commas (a name a line, names side by side, columns run together).
            return [n for n in read_rows(lines, self.lexicon) if plausible_name(n.text, self.lexicon)]
        # A list with commas runs on over its lines: a line goes on into the next unless it ends a name.
        runs: list[CleanText] = []
        current: CleanText | None = None
        for line in lines:
            current = line if current is None else current.join_line(line)
            if not self._goes_on(line):
                runs.append(current)
                current = None
        if current is not None:
            runs.append(current)
        return [name for run in runs for name in self.names(run)]

    def _goes_on(self, line: CleanText) -> bool:
        """Whether a list line stops inside a name or before the next one ('..., Gabon,' / 'Czecho-')."""
        text = line.text.rstrip()
        if text.endswith((",", ";", "-")):
            return True
        if text.endswith(".") or self.lexicon.is_known_name(text.strip(" .;,")):
            return False
        last = re.split(r"[,;]|\s+and\s+", text)[-1].strip()
        return bool(last) and not self.lexicon.is_known_name(last)

    def parse_attendance_sentence(self, sentence: CleanText) -> tuple[list[CleanText], str, str | None] | None:
        text = sentence.text
        header: str | None = None
        if m := _FOLLOWING.match(text):
            header, observer, listed = m.group("header"), bool(m.group("observer")), sentence.slice(m.end())
        elif m := _ATTENDED.search(text):
            header, observer, listed = m.group("header"), m.group("cap").lower() == "observers", sentence.slice(m.end())
        elif m := _CAME.match(text):
            header, observer, listed = m.group("header"), m.group("cap").lower() == "observers", sentence.slice(m.end())
        elif (m := _REPRESENTED_BY.match(text)) and self.lexicon.list_type(m.group("header"))[0]:
            header, observer, listed = m.group("header"), False, sentence.slice(m.end())
        elif m := _SUBJECT.search(text):
            observer, listed = bool(m.group("observer")), sentence.slice(0, m.start())
        else:
            return None
        type_hint, fixed_capacity = self.lexicon.list_type(header) if header else (None, None)
        # "represented by observers" in the sentence outranks what the list header implies; an organization
        # attends as an observer unless the header says otherwise.
        default = "observer" if type_hint not in (None, "State") else "member"
        capacity = "observer" if observer else (fixed_capacity or default)
        return self.names(listed), capacity, type_hint

    def names(self, listed: CleanText) -> list[CleanText]:
        """The names in a list: split at commas, semicolons and 'and', runs without commas cut by the data."""
        out = []
        for name in split_names(listed, self.lexicon.is_known_name):
            name = strip_furniture(name)
            if not name.text or self.lexicon.is_non_actor(name.text):
                continue
            if self.lexicon.is_known_name(name.text):
                out.append(name)
                continue
            pieces = segment_known(name, self.lexicon)
            if len(pieces) > 1 and any(self.lexicon.is_known_name(p.text) for p in pieces):
                out.extend(p for p in pieces if plausible_name(p.text, self.lexicon))
            elif plausible_name(name.text, self.lexicon):
                out.append(name)
        return out
