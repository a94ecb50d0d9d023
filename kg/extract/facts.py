"""The facts extractors yield: names as written, with the exact source passage behind each."""

from __future__ import annotations

from dataclasses import dataclass

from kg.structure.model import CleanText, Report, Section

# A speaker's name as a sentence gives it, with the capacity it speaks in; typed, also the actor type a list gives.
Speaker = tuple[CleanText, str | None]
TypedSpeaker = tuple[CleanText, str | None, str | None]


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: document, paragraph, source offsets and the verbatim quote.

    ``prefix`` and ``suffix`` are the source text just before and after the quote
    within its sentence (or line), so that prefix + quote + suffix is the passage
    a reader needs; both are empty when the quote is the whole passage.
    """

    doc_id: str
    file_name: str
    paragraph_number: int | None
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def of(cls, report: Report, clean: CleanText, paragraph_number: int | None,
           context: CleanText | None = None) -> Evidence:
        """The evidence of ``clean``; ``context`` is the sentence or line around it, if any."""
        start, end = clean.source_span()
        prefix = suffix = ""
        if context is not None and context.text:
            context_start, context_end = context.source_span()
            prefix = report.source[min(context_start, start):start]
            suffix = report.source[end:max(context_end, end)]
        return cls(report.doc_id, report.file_name, paragraph_number, start, end, report.source[start:end],
                   prefix, suffix)


@dataclass(frozen=True)
class SectionRef:
    """The agenda item a fact is about."""

    key: str
    rpm_item: str | None
    congress_item: int | None
    workshop: int | None
    title: str

    @classmethod
    def of(cls, section: Section | None) -> SectionRef | None:
        if section is None:
            return None
        return cls(section.key, section.rpm_item, section.congress_item, section.workshop, section.title)


@dataclass(frozen=True)
class Fact:
    """Base of every fact: the passage it stands on."""

    evidence: Evidence


@dataclass(frozen=True)
class MeetingFact(Fact):
    meeting_title: str | None
    region_phrase: str | None
    venue: str | None
    start_date: str | None
    end_date: str | None


@dataclass(frozen=True)
class ReportFact(Fact):
    title: str | None
    kind: str
    is_draft: bool
    distribution_date: str | None
    symbol: str | None
    document_kind: str = "report"


@dataclass(frozen=True)
class ParagraphFact(Fact):
    number: int
    section: SectionRef | None
    part: str | None
    text: str
    numbered: bool = True


@dataclass(frozen=True)
class StatementFact(Fact):
    """``name`` spoke on ``section``; capacity None when the text gives none."""

    name: str
    capacity: str | None
    section: SectionRef | None
    type_hint: str | None = None


@dataclass(frozen=True)
class AttendanceFact(Fact):
    name: str
    capacity: str
    type_hint: str | None


@dataclass(frozen=True)
class OfficerFact(Fact):
    role: str
    person: str
    state: str | None


@dataclass(frozen=True)
class RecommendationFact(Fact):
    letter: str
    text: str
    section: SectionRef | None


@dataclass(frozen=True)
class AttributionFact(Fact):
    """A State named in parentheses inside recommendation ``letter`` of ``section``."""

    letter: str
    section: SectionRef | None
    name: str


@dataclass(frozen=True)
class InstrumentMentionFact(Fact):
    """An instrument named in the text; ``key`` from the data, or minted for a resolution."""

    key: str
    surface: str
    block_kind: str
    section: SectionRef | None
    part: str | None
    letter: str | None
    resolution: tuple[str, str, str | None] | None = None


@dataclass(frozen=True)
class SourceFact(Fact):
    """The file a report was read from: its hash, media type and reader; for a PDF, DOCX or HTML input the name
    of the stored text (relative to the exports) and, for a PDF, where each page starts in it; the warnings of
    the reading (the build prints them)."""

    sha256: str
    media_type: str
    reader: str
    text_file: str | None = None
    pages: tuple[tuple[int, int], ...] = ()
    warnings: tuple[str, ...] = ()
