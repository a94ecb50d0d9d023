"""Who made statements on an agenda item, in what capacity: the list forms of reports and the narrative
forms of reports and press texts ('The representative of X said ...')."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Literal, overload

from kg.extract.facts import Evidence, SectionRef, Speaker, StatementFact, TypedSpeaker
from kg.extract.names import plausible_name
from kg.extract.speakers import (
    ASIDE,
    CAPACITY_CLAUSE,
    CAPACITY_MARK,
    DELIVERED,
    FOLLOWING,
    IN_PARENS,
    MADE_BY,
    POSSESSIVE,
    STATEMENT_HEAD,
    STATEMENT_WORD,
    SUBJECT_MADE,
    TAIL,
    capacity_of,
    clauses_of,
    is_capacity_mark,
    lead_article,
    semicolon_pieces,
)
from kg.extract.text import looks_like_name, sentences, split_names
from kg.reference.lexicon import Lexicon, name_key
from kg.structure.model import Block, CleanText, Report


class StatementExtractor:
    """Statements by States and organizations, per agenda item."""

    name = "statements"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def extract(self, report: Report) -> Iterator[StatementFact]:
        for paragraph in report.paragraphs:
            section = SectionRef.of(paragraph.section)
            ceremonial = bool(section and name_key(section.title) in self.lexicon.ceremonial_sections)
            for sentence in sentences(paragraph.clean):
                found = self.parse_statement_sentence(sentence, with_types=True)
                if not found and not ceremonial:
                    found = self.parse_narrative(sentence)
                for name, capacity, type_hint in found:
                    if capacity == "representative" and not self.lexicon.is_state_name(name.text) and type_hint != "State":
                        # Only a State has representatives in the gold's sense; an organization speaks as observer.
                        capacity = "observer"
                    yield StatementFact(
                        Evidence.of(report, name, paragraph.number, sentence), name.text, capacity, section, type_hint
                    )
        yield from self.statement_document(report)

    # -- a document that is one actor's statement ------------------------------------------
    def statement_document(self, report: Report) -> Iterator[StatementFact]:
        """'EU Statement at the General Debate ...', 'Statement of the Republic of Slovenia on behalf of ...',
        'STATEMENT OF THE G-77 AND CHINA ... DELIVERED BY H.E. AMBASSADOR X, PERMANENT REPRESENTATIVE OF BOLIVIA':
        a text that is a statement names its speaker in its first lines."""
        head = report.blocks[:STATEMENT_HEAD]
        for index, block in enumerate(head):
            if not STATEMENT_WORD.search(block.clean.text):
                continue
            found = self._delivered_by(head[index:index + 4]) or self._titled_statement(block)
            if found is None:
                continue
            name, where = found
            number = next((b.paragraph_number for b in report.blocks[report.blocks.index(where):]
                           if b.paragraph_number is not None), None)
            capacity = "representative" if self.lexicon.is_state_name(name.text) else "observer"
            yield StatementFact(Evidence.of(report, name, number, where.clean), name.text, capacity, None)
            return

    def _delivered_by(self, blocks: list[Block]) -> tuple[CleanText, Block] | None:
        for block in blocks:
            m = DELIVERED.search(block.clean.text)
            if m is None:
                continue
            rest = block.clean.slice(m.end())
            for clause in reversed(clauses_of(rest)):
                found = self._speaker(clause)
                if found is not None and not self.lexicon.is_resolution_body(found[0].text):
                    return found[0], block
        return None

    def _titled_statement(self, block: Block) -> tuple[CleanText, Block] | None:
        clean = block.clean
        text = clean.text
        m = STATEMENT_WORD.search(text)
        assert m is not None
        after = re.match(r"\s+(?:(?:of|by)\s+)?(?:the\s+)?", text[m.end():], re.I)
        start = m.end() + (after.end() if after else 0)
        words = list(re.finditer(r"\S+", text[start:]))
        for k in range(min(len(words), 10), 0, -1):
            span = clean.slice(start, start + words[k - 1].end())
            if self.lexicon.is_known_name(span.text) and not self.lexicon.is_resolution_body(span.text):
                return span, block
        before = list(re.finditer(r"\S+", text[: m.start()]))
        for k in range(max(0, len(before) - 6), len(before)):
            span = clean.slice(before[k].start(), before[-1].end())
            if self.lexicon.is_known_name(span.text) and not self.lexicon.is_resolution_body(span.text):
                return span, block
        return None

    # -- narrative forms -----------------------------------------------------------------
    @cached_property
    def _verb(self) -> re.Pattern[str]:
        verbs = "|".join(sorted((re.escape(v) for v in self.lexicon.speech_verbs), key=len, reverse=True))
        return re.compile(rf"\s+(?:(?:also|further|then|again|later|both)\s+)?(?:{verbs})\b")

    @cached_property
    def _titles(self) -> list[tuple[re.Pattern[str], str | None]]:
        titles = sorted(self.lexicon.speaker_titles.items(), key=lambda t: -len(t[0]))
        return [(re.compile(rf"(?<![\w-]){re.escape(t)}(?![\w-])", re.I), cap) for t, cap in titles]

    def parse_narrative(self, sentence: CleanText) -> list[tuple[CleanText, str | None, str | None]]:
        """The speaker of 'The representative of X said ...', 'X's Minister of Justice stressed ...',
        'Speaking on behalf of G, the observer for Y noted ...', 'Mr. Z (X) said ...'."""
        text = sentence.text
        m = self._verb.search(text)
        if m is None:
            return []
        subject = sentence.slice(0, m.start())
        clauses = clauses_of(subject)
        for clause in reversed(clauses):
            if ASIDE.match(clause.text):
                continue
            found = self._speaker(clause)
            if found is not None:
                return [found]
        return []

    def _speaker(self, clause: CleanText) -> tuple[CleanText, str | None, str | None] | None:
        text = clause.text
        if p := IN_PARENS.match(text):
            actor = clause.slice(p.start("actor"), p.end("actor"))
            if self.lexicon.state(actor.text) or self.lexicon.organization(actor.text):
                return actor, self._title_capacity(p.group("who")) or "representative", None
            return None
        if p := POSSESSIVE.match(text):
            capacity = self._title_capacity(p.group("title"))
            actor = clause.slice(0, p.end("actor"))
            actor = actor.slice(lead_article(actor.text))
            if capacity is not None or self._is_title(p.group("title")):
                if self.lexicon.is_known_name(actor.text):
                    return actor, capacity, None
        bare = clause.slice(lead_article(text))
        if self.lexicon.is_known_name(bare.text):
            # "the General Assembly requested": a body acting by its resolutions, not a speaker.
            return None if self.lexicon.is_resolution_body(bare.text) else (bare, None, None)
        if found := self._attributive(clause):
            return found
        # "The Minister of Justice of Italy": the actor is the longest known name after 'of', 'for' or 'from' ending the clause.
        for of in re.finditer(r"\s(?:of|for|from)\s+", text, re.I):
            actor = clause.slice(of.end())
            title = text[: of.start()]
            if not self._is_title(title):
                continue
            if self._speaks_for_secretariat(title) or self._officer_by_name(title):
                return None
            capacity = self._title_capacity(title)
            if self.lexicon.is_known_name(actor.text):
                if self.lexicon.is_non_actor(actor.text):
                    return None
                return actor, capacity, None
            if (capacity in ("representative", "observer") and is_capacity_mark(title)
                    and plausible_name(actor.text, self.lexicon)):
                # "the observer for Friends of Justice Foundation": kept, flagged unresolved.
                return actor, capacity, None
        return None

    def _office(self, clean: CleanText) -> tuple[CleanText, str | None, str | None] | None:
        """'the Executive Director of the UN Office on Drugs and Crime (UNODC)': an office, then whose it is."""
        text = clean.text[lead_article(clean.text):]
        if any(p.match(text) for p, _ in self._titles) and re.search(r"\s(?:of|for|from)\s", text):
            return self._speaker(clean)
        return None

    def _attributive(self, clause: CleanText) -> tuple[CleanText, str | None, str | None] | None:
        """'UNODC Executive Director', 'Austrian Justice Minister' is not data: an actor's name, then a title."""
        words = list(re.finditer(r"\S+", clause.text))
        for k in range(len(words) - 1, 0, -1):
            actor = clause.slice(words[0].start(), words[k - 1].end())
            actor = actor.slice(lead_article(actor.text))
            title = clause.text[words[k].start():]
            if self._is_title(title) and self.lexicon.is_known_name(actor.text):
                if self._officer_by_name(title) or self._speaks_for_secretariat(title):
                    return None
                return actor, self._title_capacity(title), None
        return None

    @cached_property
    def _secretariat_words(self) -> list[re.Pattern[str]]:
        """The non-actors that are not also a speaker's title ('Secretariat', not 'Chair')."""
        titles = {name_key(t) for t in self.lexicon.speaker_titles}
        words = [n for n in self.lexicon.non_actors if n not in titles]
        return [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.I) for w in words]

    def _speaks_for_secretariat(self, title: str) -> bool:
        """'The Chief of the Secretariat to the Governing Bodies of UNODC' speaks as the Secretariat, which
        the gold never counts as a statement-maker (CONVENTIONS.md)."""
        return any(p.search(title) for p in self._secretariat_words)

    @cached_property
    def _officer_role(self) -> re.Pattern[str]:
        roles = sorted(self.lexicon.officer_roles, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(r) for r in roles) + r")(?![\w-])\s+(?P<after>\S)")

    def _officer_by_name(self, title: str) -> bool:
        """'Commission Chair Helena Varga (of Hungary)': an officer named before 'of', who speaks as the
        meeting's officer, not for the State that follows ('the Chair of the Alliance' speaks for it)."""
        m = self._officer_role.search(title)
        return bool(m and m.group("after")[0].isupper())

    def _is_title(self, title: str) -> bool:
        return any(pattern.search(title) for pattern, _ in self._titles)

    def _title_capacity(self, title: str) -> str | None:
        for pattern, capacity in self._titles:
            if pattern.search(title):
                return capacity
        return None

    @overload
    def parse_statement_sentence(self, sentence: CleanText, with_types: Literal[False] = False) -> list[Speaker]: ...
    @overload
    def parse_statement_sentence(self, sentence: CleanText, with_types: Literal[True]) -> list[TypedSpeaker]: ...

    def parse_statement_sentence(self, sentence: CleanText, with_types: bool = False) -> list[Speaker] | list[TypedSpeaker]:
        """Every (name, capacity[, type hint]) a statement sentence lists; empty for other sentences."""
        text = sentence.text
        subject_form = False
        if m := MADE_BY.search(text):
            who = sentence.slice(m.end())
        elif m := SUBJECT_MADE.match(text):
            who = sentence.slice(0, m.end("who"))
            subject_form = True
        else:
            return []
        clause_capacity = None
        if c := CAPACITY_CLAUSE.search(who.text):
            clause_capacity = capacity_of(c.group("cap"))
            who = who.slice(0, c.start())
        if t := TAIL.search(who.text):
            who = who.slice(0, t.start())
        found = [(name, clause_capacity or cap, hint) for name, cap, hint in self._segments(who)]
        if subject_form and not CAPACITY_MARK.search(who.text):
            # "The Minister of Justice of X made a statement": an office, not an actor, unless the data knows it.
            found = [f for f in found if self.lexicon.is_known_name(f[0].text)]
        return found if with_types else [(name, cap) for name, cap, _ in found]

    def _segments(self, who: CleanText) -> Iterator[tuple[CleanText, str | None, str | None]]:
        marks = list(CAPACITY_MARK.finditer(who.text))
        starts = [0] + [m.end() for m in marks]
        ends = [m.start() for m in marks] + [len(who.text)]
        caps: list[str | None] = [None] + [capacity_of(m.group("cap")) for m in marks]
        for start, end, cap in zip(starts, ends, caps):
            segment = who.slice(start, end)
            type_hint = None
            if m := FOLLOWING.match(segment.text):
                type_hint, _ = self.lexicon.list_type(m.group("header"))
                segment = segment.slice(m.end())
            pieces = semicolon_pieces(segment) if ";" in segment.text else [segment]
            for piece in pieces:
                clauses = clauses_of(piece) if len(pieces) > 1 else []
                if clauses:  # none in a piece of punctuation alone (",;")
                    # "the Minister of Justice of Austria, Alma Zadić; ...": the office names the actor, the name its holder.
                    first = clauses[0]
                    first = first.slice(len(first.text) - len(re.sub(r"^and\s+", "", first.text, count=1)))
                    found = self._office(first) or (None if self.lexicon.is_known_name(first.text) else self._speaker(first))
                    if found:
                        yield found[0], cap or found[1], type_hint
                        continue
                yield from self._listed(piece, cap, type_hint)

    def _listed(self, piece: CleanText, cap: str | None,
                type_hint: str | None) -> Iterator[tuple[CleanText, str | None, str | None]]:
        after_office = False
        for name in split_names(piece, self.lexicon.is_known_name):
            if self.lexicon.is_non_actor(name.text):
                continue
            if found := self._office(name):
                after_office = True
                yield found[0], cap or found[1], type_hint
            elif self.lexicon.is_known_name(name.text):
                after_office = False
                yield name, cap, type_hint
            elif found := self._speaker(name):
                after_office = True
                yield found[0], cap or found[1], type_hint
            elif after_office:
                after_office = False  # "the Minister of Justice of Austria, Alma Zadić": the minister's name
            elif looks_like_name(name.text):
                yield name, cap, type_hint
