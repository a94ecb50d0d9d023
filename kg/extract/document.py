"""The report itself: its meeting, its kind and dates, and its paragraphs (numbered, or blocks in order)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.facts import Evidence, Fact, MeetingFact, ParagraphFact, ReportFact, SectionRef
from kg.reference.lexicon import Lexicon
from kg.structure.model import CleanText, Report

# The lines a document's header is looked for in.
_HEAD_LINES = 30
# Kinds of document, from the reports' own header and from the cues of kg/data/document_kinds.csv.
DOCUMENT_KINDS = ("report", "addendum", "press_release", "resolution", "web_page", "other")


def document_kind(report: Report, lexicon: Lexicon) -> str:
    """report, addendum, press release, resolution, web page or other: the cue of lowest rank found."""
    if report.metadata.kind == "draft_addendum":
        return "addendum"
    lines = [line.strip().lstrip("#*> ").strip() for line in report.source.splitlines() if line.strip()]
    head = lines[:_HEAD_LINES]
    name = report.file_name.lower()
    for _rank, kind, scope, phrase in lexicon.document_kinds:
        if scope == "name":
            found = name.endswith(phrase.lower())
        elif scope == "start":
            found = any(line.startswith(phrase) for line in head)
        elif scope == "any":
            found = phrase in report.source
        elif scope == "pattern":
            found = any(re.search(phrase, line) for line in head)
        else:
            found = any(phrase in line for line in head)
        if found:
            return kind
    return "report" if report.layout == "numbered" or report.metadata.meeting_title else "other"


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
        yield ReportFact(whole, meta.title, meta.kind, meta.is_draft, meta.distribution_date, meta.symbol,
                         document_kind(report, self.lexicon))
        numbered = report.layout == "numbered"
        for paragraph in report.paragraphs:
            yield ParagraphFact(
                Evidence.of(report, paragraph.clean, paragraph.number),
                paragraph.number,
                SectionRef.of(paragraph.section),
                paragraph.part,
                paragraph.text,
                numbered,
            )
