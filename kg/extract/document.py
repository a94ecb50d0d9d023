"""The report itself: its meeting, its kind and dates, and its numbered paragraphs."""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.facts import Evidence, Fact, MeetingFact, ParagraphFact, ReportFact, SectionRef
from kg.lexicon import Lexicon
from kg.model import CleanText, Report


class DocumentExtractor:
    """Meeting metadata, report metadata and paragraphs."""

    name = "document"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def extract(self, report: Report) -> Iterator[Fact]:
        meta = report.metadata
        title_clean = meta.meeting_title_clean or CleanText("", (), 0)
        whole = Evidence.of(report, title_clean, None)
        yield MeetingFact(whole, meta.meeting_title, meta.region_phrase, meta.venue, meta.start_date, meta.end_date)
        yield ReportFact(whole, meta.title, meta.kind, meta.is_draft, meta.distribution_date, meta.symbol)
        for paragraph in report.paragraphs:
            yield ParagraphFact(
                Evidence.of(report, paragraph.clean, paragraph.number),
                paragraph.number,
                SectionRef.of(paragraph.section),
                paragraph.part,
                paragraph.text,
            )
