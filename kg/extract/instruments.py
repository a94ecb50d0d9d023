"""Instruments named anywhere: titles, short names, collective names and numbered resolutions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cached_property

from kg.extract.facts import Evidence, InstrumentMentionFact, SectionRef
from kg.extract.text import sentences
from kg.reference.lexicon import Lexicon, name_key
from kg.structure.model import Block, CleanText, Report

_NUMBER_FORM = r"(?:\d{1,4}/\d{1,4}[A-Z]?|\d{2,4}\s?(?:[A-Z]\s)?\((?:S-)?[IVXL]{1,7}\))"
_RESOLUTION = re.compile(
    rf"\b[Rr]esolutions?\s+(?P<numbers>{_NUMBER_FORM}(?:(?:,\s*|\s+and\s+){_NUMBER_FORM})*)"
)
# "78/223" (session/number, year/number) and the older "3452 (XXX)", "663 C (XXIV)" (number, part, session).
_NUMBER = re.compile(_NUMBER_FORM)


class InstrumentExtractor:
    """Literal naming: every occurrence of a known name, even inside a longer title."""

    name = "instruments"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    @cached_property
    def _name_patterns(self) -> list[tuple[re.Pattern[str], str, str]]:
        """(pattern, key, needle): the needle, a word of the name, must be in a text for the pattern to run."""
        patterns = []
        for name, key in self.lexicon.instrument_names:
            words = name.split()
            body = r"\s+".join(re.escape(word) for word in words)
            if len(name) <= 6 and name.isupper():
                pattern = body
            else:
                # Instruments are proper names: "Protocols to the Convention" names the
                # existing ones, "new protocols to the Convention" does not.  Only the
                # first letter keeps its case; "Convention Against Cybercrime" still matches.
                first, rest = re.escape(name[0]), body[len(re.escape(name[0])):]
                pattern = first + (f"(?i:{rest})" if rest else "")
            needle = max(words, key=len).lower()
            patterns.append((re.compile(rf"(?<![\w-]){pattern}(?![\w-])"), key, needle))
        return patterns

    @cached_property
    def _bodies(self) -> list[tuple[re.Pattern[str], str]]:
        """(pattern, body key) for resolution-adopting bodies, longest name first."""
        names = sorted(
            ((n, b.key) for b in self.lexicon.resolution_bodies.values() for n in (b.name, *b.aliases)),
            key=lambda p: -len(p[0]),
        )
        return [(re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.I), key) for n, key in names]

    @cached_property
    def _title_pattern(self) -> re.Pattern[str] | None:
        """A capitalised title headed by an instrument word: 'the Lusaka Accord on Judicial Cooperation'."""
        keywords = sorted(self.lexicon.instrument_keywords, key=len, reverse=True)
        if not keywords:
            return None
        cap = r"[A-Z][\w'’-]*"
        link = r"(?:of|on|for|against|to|the|and|in|de|la)"
        head = "|".join(re.escape(k) for k in keywords)
        tail = rf"\s+(?:on|for|against|of|to)(?:\s+{link})*\s+{cap}(?:\s+(?:{link}\s+)*{cap})*"
        # Either capitalised words right before the head word ("Lusaka Accord ...") or
        # the head word with a capitalised tail ("Convention on Mutual Assistance ...").
        return re.compile(
            rf"\b(?:(?:{cap}\s+(?:{link}\s+)*)*{cap}\s+(?:{head})\b(?:{tail})?|(?:{head})\b{tail})"
        )

    def extract(self, report: Report) -> Iterator[InstrumentMentionFact]:
        last_body: str | None = None
        for block in report.blocks:
            section = SectionRef.of(block.section)
            known = self._revised(report, list(self._named(report, block, section)))
            yield from known
            if block.kind != "heading":
                yield from self._unknown_titles(report, block, section, known)
            for sentence in sentences(block.clean):
                for fact, body in self._resolutions(report, block, section, sentence, last_body):
                    last_body = body or last_body
                    yield fact

    def _revised(self, report: Report, found: list[InstrumentMentionFact]) -> list[InstrumentMentionFact]:
        """Mentions as the instruments' history allows: the 1955 title inside the Nelson Mandela Rules' own
        title is that title, not a second instrument; and a text older than a revision names what it revised."""
        revisions = self.lexicon.revisions
        if not revisions:
            return found
        spans = {(f.evidence.start, f.evidence.end, f.key) for f in found}
        kept = []
        for fact in found:
            inside_reviser = any(
                revisions.get(key) == fact.key and start <= fact.evidence.start and fact.evidence.end <= end
                and (start, end) != (fact.evidence.start, fact.evidence.end)
                for start, end, key in spans
            )
            if inside_reviser:
                continue
            if fact.key in revisions and _before(_document_date(report), self.lexicon.instruments[fact.key].adopted):
                fact = replace(fact, key=revisions[fact.key])
            kept.append(fact)
        return kept

    def _fact(self, report: Report, block: Block, section: SectionRef | None, span: CleanText, key: str,
              resolution: tuple[str, str, str | None] | None = None) -> InstrumentMentionFact:
        return InstrumentMentionFact(
            Evidence.of(report, span, block.paragraph_number), key, span.text, block.kind, section,
            block.part, block.letter, resolution,
        )

    def _named(self, report: Report, block: Block, section: SectionRef | None) -> Iterator[InstrumentMentionFact]:
        taken: dict[str, list[tuple[int, int]]] = {}
        text = block.clean.text
        lowered = text.lower()
        for pattern, key, needle in self._name_patterns:
            if needle not in lowered:
                continue
            for m in pattern.finditer(text):
                spans = taken.setdefault(key, [])
                if any(a < m.end() and m.start() < b for a, b in spans):
                    continue
                spans.append((m.start(), m.end()))
                yield self._fact(report, block, section, block.clean.slice(m.start(), m.end()), key)

    def _unknown_titles(self, report: Report, block: Block, section: SectionRef | None,
                        known: list[InstrumentMentionFact]) -> Iterator[InstrumentMentionFact]:
        pattern = self._title_pattern
        if pattern is None:
            return
        taken = [(f.evidence.start, f.evidence.end) for f in known]
        for m in pattern.finditer(block.clean.text):
            span = block.clean.slice(m.start(), m.end())
            start, end = span.source_span()
            if any(a < end and start < b for a, b in taken):
                continue
            words = [w for w in m.group(0).split() if w[:1].isupper()]
            if len(words) < 2 or self.lexicon.is_known_name(m.group(0)) or name_key(m.group(0)) in self.lexicon.non_instruments:
                continue
            key = "UNRESOLVED_" + re.sub(r"[^A-Z0-9]+", "_", m.group(0).upper()).strip("_")
            yield self._fact(report, block, section, span, key, ("", m.group(0), None))

    def _resolutions(self, report: Report, block: Block, section: SectionRef | None, sentence: CleanText,
                     last_body: str | None) -> Iterator[tuple[InstrumentMentionFact, str | None]]:
        text = sentence.text
        for m in _RESOLUTION.finditer(text):
            if re.search(r"\b(?:its|their)\s+(?:own\s+)?$", text[: m.start()]):
                # "its resolution": of the body the sentence names (before it, else after), else of the document's
                # own body ("Recalling its resolution 40/32" in a resolution of the Assembly).
                body = (self._named_before(text[: m.start()]) or self._body_for(text, m.start(), m.end())
                        or self._own_body(report) or last_body)
            else:
                body = self._body_for(text, m.start(), m.end()) or last_body
            for n in _NUMBER.finditer(m.group("numbers")):
                number = n.group(0)
                start = m.start("numbers") + n.start()
                span = sentence.slice(m.start(), start + len(number))
                number = re.sub(r"\s+", " ", number)
                body_entry = self.lexicon.resolution_bodies.get(body) if body else None
                prefix = body_entry.key_prefix if body_entry else "RES"
                key = f"{prefix}_{re.sub(r'[^0-9A-Z-]+', '_', number).strip('_')}"
                label_body = body_entry.name if body_entry else None
                parent = body_entry.parent_instrument if body_entry else None
                yield self._fact(report, block, section, span, key, (label_body or "", number, parent)), body

    def _named_before(self, text: str) -> str | None:
        """The body named last in ``text``."""
        best: tuple[int, str | None] = (-1, None)
        for pattern, key in self._bodies:
            for bm in pattern.finditer(text):
                if bm.end() > best[0]:
                    best = (bm.end(), key)
        return best[1]

    def _own_body(self, report: Report) -> str | None:
        """The body whose meeting the document reports on: 'its resolution 40/32' in a General Assembly
        resolution is the Assembly's, in a report of the Commission the Commission's."""
        title = report.metadata.meeting_title or ""
        for pattern, key in self._bodies:
            if pattern.match(title):
                return key
        return None

    def _body_for(self, text: str, start: int, end: int) -> str | None:
        """The body adopting the resolution: right after it ('of the ...'), before it, else in the sentence."""
        after = text[end : end + 200]
        m = re.match(r"\s+of\s+(?:the\s+)?", after)
        if m:
            rest = after[m.end() :]
            for pattern, key in self._bodies:
                if pattern.match(rest):
                    return key
        before = text[max(0, start - 60) : start]
        best: tuple[int, str | None] = (-1, None)
        for pattern, key in self._bodies:
            for bm in pattern.finditer(before):
                if bm.end() > best[0]:
                    best = (bm.end(), key)
        if best[1] and not text[max(0, start - 60) + best[0] : start].strip(" ’'s"):
            return best[1]
        found: tuple[int, str | None] = (10**9, None)
        for pattern, key in self._bodies:
            for bm in pattern.finditer(text):
                distance = abs(bm.start() - start)
                if distance < found[0]:
                    found = (distance, key)
        return found[1]


def _document_date(report: Report) -> str | None:
    meta = report.metadata
    return meta.start_date or meta.distribution_date


def _before(date: str | None, adopted: str | None) -> bool:
    """Whether a document of ``date`` is older than an instrument adopted on ``adopted`` (either may be partial)."""
    if not date or not adopted:
        return False
    n = min(len(date), len(adopted))
    return date[:n] < adopted[:n]
