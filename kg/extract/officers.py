"""Officers of a meeting: role labels ('Chair: Name (State)'), election sentences and the prose of press texts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

from kg.extract.bureau import (
    ACCLAMATION,
    CONTENTS_LINE,
    COUNT,
    ELECTED,
    MEETING_BODIES,
    NAME,
    ORDINAL,
    PAREN,
    PARTICLES,
    PEOPLE_LINE,
    PERSON_PAREN,
    Found,
    name_start,
)
from kg.extract.facts import Evidence, OfficerFact
from kg.extract.text import looks_like_name, sentences
from kg.reference.lexicon import Lexicon, name_key
from kg.structure.model import Block, CleanText, Report


class OfficerExtractor:
    """Officer lines and sentences anywhere in a document: election sections, draft headers, press prose."""

    name = "officers"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    # -- patterns built from the data -------------------------------------------------
    @cached_property
    def _role(self) -> str:
        words = sorted(self.lexicon.officer_roles, key=len, reverse=True)
        return ORDINAL + "(?:" + "|".join(re.escape(w).replace(r"\ ", r"[ -]") for w in words) + ")"

    @cached_property
    def _label(self) -> re.Pattern[str]:
        """'Chair:' at a line's start or inside a sentence ('...officers: Chair: ...; Rapporteur: ...')."""
        return re.compile(rf"(?<![\w-])(?P<role>{self._role})\s*:\s*")

    @cached_property
    def _as_role(self) -> re.Pattern[str]:
        """'... elected Ana Silva (Brazil) as Chair' and 'Ana Silva (Brazil), as Chair'."""
        return re.compile(rf"(?P<name>{NAME})\s*{PAREN},?\s+as\s+(?:its\s+|the\s+)?(?P<role>{self._role})\b")

    @cached_property
    def _was_elected(self) -> re.Pattern[str]:
        """'<people> was elected (by acclamation) (as) (its) Chair' with the people before it."""
        return re.compile(rf"\s*,?\s*{ELECTED}{ACCLAMATION}\s*(?:as\s+)?(?:its\s+|the\s+)?(?P<role>{self._role})\b")

    @cached_property
    def _elected_as(self) -> re.Pattern[str]:
        """'elected (by acclamation) as (its) Chair Ana Silva (Brazil)' / '... elected Vice-Presidents: ...'."""
        return re.compile(
            rf"\belected{ACCLAMATION}\s*(?:as\s+)?(?:its\s+|the\s+)?{COUNT}(?P<role>{self._role})"
            rf"(?:\s+of\s+the\s+{MEETING_BODIES})?(?P<colon>[^:;.()]{{0,40}}:)?\s*,?\s+(?P<rest>[A-Z].*)$"
        )

    @cached_property
    def _role_after(self) -> re.Pattern[str]:
        """'Ana Silva (Brazil), Chair' in a list of the bureau."""
        end = rf"(?=\s*(?:[;.]|$|of\s+the\s+{MEETING_BODIES}))"
        return re.compile(rf"(?P<name>{NAME})\s*{PAREN},\s+(?P<role>{self._role}){end}")

    @cached_property
    def _titled(self) -> re.Pattern[str]:
        """Press prose: 'Commission Chair Ana Silva of Brazil', 'the Chair of the Commission, Ana Silva (Brazil)'."""
        return re.compile(
            rf"(?:\b{MEETING_BODIES}\s+(?P<role1>{self._role})\s+|\bthe\s+(?P<role2>{self._role})\s+of\s+the\s+"
            rf"(?P<body>{MEETING_BODIES}[\w ]*?|[A-Z][\w’' -]+?),\s+)"
            rf"(?P<person>{NAME}(?:\s*{PAREN}|\s+of\s+(?:the\s+)?{NAME})?)"
        )

    # -- reading -----------------------------------------------------------------------
    def extract(self, report: Report) -> Iterator[OfficerFact]:
        seen: dict[tuple[str, str], set[str]] = {}  # (role, name key) -> the name's words
        pending: str | None = None
        for block in report.blocks:
            if CONTENTS_LINE.search(block.clean.text):
                continue  # a table of contents names the rapporteurs of its chapters, not the meeting's officers
            found, pending = self._block(report, block, pending)
            for item in found:
                name = self.clean_name(item.name)
                if not self.is_person(name) or self._seen(seen, item.role, name):
                    continue
                seen[(item.role, name_key(name))] = set(name_key(name).split())
                evidence = Evidence.of(report, item.span, block.paragraph_number, block.clean)
                state = item.state.strip() if item.state else None
                if state and not (self.lexicon.state(state) or looks_like_name(state)):
                    state = None  # "(Director of ...)": a description, not a State
                yield OfficerFact(evidence, item.role, name, state)

    @staticmethod
    def _seen(seen: dict[tuple[str, str], set[str]], role: str, name: str) -> bool:
        """The same officer again, perhaps by surname alone ('Mr. Ansari (India), Vice-President' after
        'Vice-President: Mr. Z. R. Ansari (India)')."""
        words = set(name_key(name).split())
        return (role, name_key(name)) in seen or any(r == role and words < other for (r, _), other in seen.items())

    def _of_subsidiary(self, after: str) -> bool:
        """Whether the office is of a committee or group of the meeting: '... as Chairman of the Drafting Committee'."""
        m = re.match(r"\s+of\s+(?:the\s+|its\s+)?(?P<body>.{0,60})", after)
        return m is not None and any(m.group("body").startswith(b) for b in self.lexicon.subsidiary_bodies)

    def _block(self, report: Report, block: Block, pending: str | None) -> tuple[list[Found], str | None]:
        clean = block.clean
        text = clean.text
        labels = list(self._label.finditer(text))
        if labels:
            found: list[Found] = []
            # Sentences before the first label ("... elected A (X) as Chair. The following were elected Vice-Chairs:").
            for sentence in sentences(clean.slice(0, labels[0].start())):
                found.extend(self._sentence(sentence, report))
            for i, label in enumerate(labels):
                end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
                role = self.role(label.group("role"))
                segment = clean.slice(label.end(), end)
                # "Vice-Chairpersons: A, B and C, and D (X) as Rapporteur": D holds the office named after him.
                own = [(m.start(), m.end(), m) for m in self._as_role.finditer(segment.text)]
                for _, _, m in own:
                    name_at = m.start("name") + name_start(m.group("name"))
                    found.append(Found(self.role(m.group("role")), segment.text[name_at:m.end("name")], m.group("state"),
                                        segment.slice(name_at, m.end())))
                for n, s, span in self.people(segment):
                    at = span.start - segment.start
                    if not any(a <= at < b for a, b, _ in own):
                        found.append(Found(role, n, s, span))
            # Names on the lines under the last label ("Vice-Chairs:" then one name a line) take its role.
            last = labels[-1]
            open_label = not text[last.end():].strip(" ;,.") or block.kind != "paragraph"
            return found, self.role(last.group("role")) if open_label else None
        if pending and block.kind in ("item", "loose") and PEOPLE_LINE.fullmatch(text.strip(" ;,.")):
            return [Found(pending, n, s, span) for n, s, span in self.people(clean)], pending
        found = []
        for sentence in sentences(clean):
            found.extend(self._sentence(sentence, report))
        return found, None

    def _sentence(self, sentence: CleanText, report: Report) -> Iterator[Found]:
        text = sentence.text
        for m in self._as_role.finditer(text):
            if self._of_subsidiary(text[m.end("role"):]):
                continue
            start = m.start("name") + name_start(m.group("name"))
            yield Found(self.role(m.group("role")), text[start:m.end("name")], m.group("state"), sentence.slice(start, m.end()))
        for m in self._was_elected.finditer(text):
            if self._of_subsidiary(text[m.end("role"):]):
                continue
            subject = sentence.slice(0, m.start())
            role = self.role(m.group("role"))
            for name, state, (start, end) in self.subject_people(subject):
                yield Found(role, name, state, sentence.slice(start, end))
        if (elected := self._elected_as.search(text)) and not self._of_subsidiary(text[elected.end("role"):]):
            role = self.role(elected.group("role"))
            rest = sentence.slice(elected.start("rest"))
            # "... Vice-Chairpersons: A, B and C, and D (X) as Rapporteur": D is the Rapporteur.
            claimed = [(a.start() - elected.start("rest"), a.end() - elected.start("rest")) for a in self._as_role.finditer(text)]
            for name, state, span in self.people(rest, first_only=not elected.group("colon")):
                start = span.start - rest.start
                if not any(a <= start < b for a, b in claimed):
                    yield Found(role, name, state, span)
        for m in self._role_after.finditer(text):
            if self._of_subsidiary(text[m.end("role"):]):
                continue
            yield Found(self.role(m.group("role")), m.group("name"), m.group("state"), sentence.slice(m.start(), m.end()))
        for m in self._titled.finditer(text):
            body = m.group("body")
            if body and not self._is_meeting_body(body, report):
                continue
            role = self.role(m.group("role1") or m.group("role2"))
            for name, state, span in self.people(sentence.slice(m.start("person"), m.end("person")), first_only=True):
                yield Found(role, name, state, span)

    # -- pieces ------------------------------------------------------------------------
    def role(self, word: str) -> str:
        """'Vice-Chairpersons', 'First Vice-Chair', 'vice chairman' -> 'Vice-Chair' (the data's role)."""
        word = re.sub(rf"^{ORDINAL}", "", word.strip())
        for phrase, role in self.lexicon.officer_roles.items():
            if name_key(phrase).replace(" ", "-") == name_key(word).replace(" ", "-"):
                return role
        return word.strip().title()

    def clean_name(self, name: str) -> str:
        """The name without list glue and without titles and honorifics ('and H.E. Mr. X' -> 'X')."""
        name = re.sub(r"\s+", " ", name).strip(" ,;:.")
        changed = True
        while changed:
            changed = False
            m = re.match(r"^(?:and|the|by|of)\s+", name)
            if m:
                name, changed = name[m.end():], True
            for honorific in self.lexicon.honorifics:
                if name.startswith(honorific + " ") and len(name) > len(honorific) + 1:
                    name, changed = name[len(honorific) + 1:].lstrip(), True
                    break
        return name.strip(" ,;:")

    def is_person(self, name: str) -> bool:
        """Whether ``name`` reads as a person's name: a few capitalised words, no role, State or body."""
        words = name.split()
        if not words or len(words) > 8 or not words[0][:1].isupper():
            return False
        if any(w[:1].islower() and w.lower() not in PARTICLES for w in words):
            return False
        if any(ch.isdigit() for ch in name) or not any(len(w.strip(".")) > 1 for w in words):
            return False
        if self.lexicon.is_known_name(name) or self.lexicon.is_non_actor(name):
            return False
        return not any(name_key(w.strip(",.")) in self._role_keys for w in words)

    @cached_property
    def _role_keys(self) -> frozenset[str]:
        keys = {name_key(p) for p in self.lexicon.officer_roles}
        bodies = {"committee", "commission", "council", "meeting", "congress", "conference", "bureau", "assembly",
                  "secretariat", "delegation", "government", "members", "states", "representative", "session"}
        return frozenset(keys | {k.replace("-", " ") for k in keys} | bodies)

    def people(self, clean: CleanText, first_only: bool = False) -> list[tuple[str, str | None, CleanText]]:
        """The people a list names: 'A (X), B (Y) and C (Z)', or 'A of X; B, Y' without parentheses."""
        text = clean.text
        found = []
        for m in PERSON_PAREN.finditer(text):
            start = m.start("name") + name_start(m.group("name"))
            found.append((text[start:m.end("name")], m.group("state"), clean.slice(start, m.end())))
        if not found:
            for start, end in self._list_pieces(text):
                name, state = self._name_and_state(text[start:end])
                if name:
                    piece = clean.slice(start, end).strip()
                    found.append((name, state, piece.slice(0, len(piece.text.rstrip(" .;,")))))
        return found[:1] if first_only else found

    def _list_pieces(self, text: str) -> list[tuple[int, int]]:
        """Spans of the entries of 'A of X; B, Y and C': cut at ';', ',' and 'and', a State after a comma kept."""
        cuts = [(m.start(), m.end()) for m in re.finditer(r";\s*|,\s*|\s+and\s+", text)]
        bounds = [0] + [x for cut in cuts for x in cut] + [len(text)]
        pieces = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
        merged: list[tuple[int, int]] = []
        for start, end in pieces:
            piece = text[start:end].strip()
            state = self.lexicon.state(re.sub(r"^(?:of|from)\s+", "", piece))
            if merged and state and text[merged[-1][1]:start].strip() == ",":
                merged[-1] = (merged[-1][0], end)
            elif piece:
                merged.append((start, end))
        return merged

    def subject_people(self, subject: CleanText) -> list[tuple[str, str | None, tuple[int, int]]]:
        """The people a sentence names just before 'was elected': 'A (X) and B (Y)', or 'A of X'."""
        text = subject.text
        paren = list(PERSON_PAREN.finditer(text))
        if paren:
            if text[paren[-1].end():].strip(" ,"):
                return []
            out = []
            for m in paren:
                start = m.start("name") + name_start(m.group("name"))
                out.append((text[start:m.end("name")], m.group("state"), (start, m.end())))
            return out
        start = name_start(text, allow_of=True)
        name, state = self._name_and_state(text[start:])
        if not name or len(self.clean_name(name).split()) < 2:
            return []  # one word before "was elected" is too little to be sure it is a person's name
        return [(name, state, (start, len(text.rstrip(" ,"))))]

    def _name_and_state(self, text: str) -> tuple[str | None, str | None]:
        """'Maria Lopez of Mexico', 'Maria Lopez, Mexico', 'Mr. CHANCE Canada' -> name and State as written."""
        text = re.sub(r"\s+", " ", text).strip(" ,;:.")
        m = re.match(r"^(?P<name>.+?),?\s+(?:of|from)\s+(?:the\s+)?(?P<state>[A-Z].+)$", text)
        if m and self.lexicon.state(m.group("state")):
            return m.group("name"), m.group("state")
        words = text.replace(",", " , ").split()
        for cut in range(1, len(words)):
            tail = " ".join(words[cut:]).strip(" ,")
            if self.lexicon.state(tail):
                return " ".join(words[:cut]).strip(" ,"), tail
        return (text, None) if text else (None, None)

    def _is_meeting_body(self, body: str, report: Report) -> bool:
        """'the Chair of the Commission' is this meeting's officer; 'the President of the Economic and Social
        Council' is not, unless the document is about that body's meeting."""
        body = body.strip()
        if re.fullmatch(MEETING_BODIES, body):
            return True
        title = report.metadata.meeting_title or ""
        return bool(title) and name_key(body) in name_key(title)
