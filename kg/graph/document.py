"""The facts of one document written as RDF: its report, meeting, paragraphs, facts and their evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.extract.facts import (
    AttendanceFact,
    AttributionFact,
    Evidence,
    Fact,
    InstrumentMentionFact,
    MeetingFact,
    OfficerFact,
    ParagraphFact,
    RecommendationFact,
    ReportFact,
    SectionRef,
    SourceFact,
    StatementFact,
)
from kg.graph.entities import Entities
from kg.graph.iris import Triple, date_literal, item_key
from kg.namespaces import CKG, OA, SCHEMA
from kg.resolve.resolver import ActorRef
from kg.resolve.stage import STATE_HINT, Resolution

if TYPE_CHECKING:
    from kg.graph.builder import GraphBuilder


class DocumentWriter:
    """Writes the facts of one document; knows its report, meeting and paragraphs."""

    def __init__(self, builder: GraphBuilder, graph: dict[Triple, None], doc_id: str, file_name: str, meeting_key: str,
                 resolution: Resolution, entities: Entities) -> None:
        self.entities = entities  # what the document names, for the reference graph
        self.g = graph
        self.resolution = resolution
        self.doc_id = doc_id
        self.file_name = file_name
        self.meeting_key = meeting_key
        self.iris = builder.iris
        self.report = self.iris.report(doc_id)
        self.meeting = self.iris.meeting(meeting_key)
        self.pages: tuple[tuple[int, int], ...] = ()  # a PDF's (offset, page) changes, from its SourceFact

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            self.g[(s, p, o)] = None

    def write(self, fact: Fact) -> None:
        handler = getattr(self, "_" + type(fact).__name__, None)
        if handler is None:
            raise TypeError(f"no graph writer for {type(fact).__name__}")
        handler(fact)

    # -- helpers ---------------------------------------------------------------
    def _agenda_item(self, section: SectionRef | None) -> URIRef | None:
        if section is None or not section.rpm_item:
            return None
        item = self.iris.agenda_item(self.meeting_key, item_key(section.rpm_item))
        self.add(item, RDF.type, CKG.AgendaItem)
        self.add(item, CKG.meeting, self.meeting)
        self.add(item, CKG.rpmItem, Literal(section.rpm_item))
        self.add(item, RDFS.label, Literal(f"Agenda item {section.rpm_item}"))
        if section.congress_item is not None:
            self.add(item, CKG.congressItem, Literal(section.congress_item))
        if section.workshop is not None:
            self.add(item, CKG.workshop, Literal(section.workshop))
        if section.title:
            self.add(item, DCTERMS.title, Literal(section.title))
        return item

    def _section_key(self, section: SectionRef | None) -> str:
        if section is None:
            return "none"
        return item_key(section.rpm_item) if section.rpm_item else section.key

    def _paragraph(self, evidence: Evidence) -> URIRef | None:
        if evidence.paragraph_number is None:
            return None
        return self.iris.paragraph(self.doc_id, evidence.paragraph_number)

    def _derive(self, fact: URIRef, evidence: Evidence) -> None:
        """Link a fact to its paragraph (PROV-O) and to the exact passage (a Web Annotation)."""
        self.add(fact, PROV.wasDerivedFrom, self._paragraph(evidence) or self.report)
        self._annotate(fact, evidence)

    def _annotate(self, body: URIRef, evidence: Evidence) -> None:
        """An annotation whose body is ``body`` and whose target is the quoted passage of this report.

        The target's source is the report and its scope the paragraph; the
        selectors give the verbatim quote (with the rest of its sentence as
        prefix and suffix) and its start and end offsets in the source file.
        """
        if not evidence.quote:
            return
        ann = self.iris.evidence(self.doc_id, evidence, body)
        target = URIRef(ann + "#target")
        quote = URIRef(ann + "#quote")
        position = URIRef(ann + "#position")
        self.add(ann, RDF.type, OA.Annotation)
        self.add(ann, OA.motivatedBy, OA.identifying)
        self.add(ann, OA.hasBody, body)
        self.add(ann, OA.hasTarget, target)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, self.report)
        self.add(target, OA.hasScope, self._paragraph(evidence))
        self.add(target, OA.hasSelector, quote)
        self.add(target, OA.hasSelector, position)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(evidence.quote))
        self.add(quote, OA.prefix, Literal(evidence.prefix) if evidence.prefix else None)
        self.add(quote, OA.suffix, Literal(evidence.suffix) if evidence.suffix else None)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(evidence.start, datatype=XSD.nonNegativeInteger))
        self.add(position, OA.end, Literal(evidence.end, datatype=XSD.nonNegativeInteger))
        for page in self._pages(evidence.start, evidence.end):
            self.add(target, CKG.page, Literal(page, datatype=XSD.positiveInteger))

    def _pages(self, start: int, end: int) -> list[int]:
        """The PDF pages the source text from ``start`` to ``end`` stands on (none for other files)."""
        pages = []
        for index, (offset, page) in enumerate(self.pages):
            following = self.pages[index + 1][0] if index + 1 < len(self.pages) else None
            if offset < end and (following is None or following > start) and page not in pages:
                pages.append(page)
        return sorted(pages)

    def _actor(self, name: str, type_hint: str | None) -> tuple[URIRef, ActorRef] | None:
        ref = self.resolution.actor(name, type_hint)
        if ref is None:
            return None
        iri = self.iris.actor(ref)
        self.entities.actors.setdefault(iri, ref)
        return iri, ref

    def _instrument(self, fact: InstrumentMentionFact) -> URIRef:
        ref = self.resolution.instrument(fact)
        self.entities.instruments.setdefault(ref.key, ref)
        return self.iris.instrument(ref.key)

    # -- one method per fact kind -------------------------------------------------
    def _MeetingFact(self, f: MeetingFact) -> None:
        m = self.meeting
        self.add(m, RDF.type, CKG.Meeting)
        label = f.meeting_title or self.meeting_key
        self.add(m, RDFS.label, Literal(label))
        self.add(m, CKG.region, Literal(self.resolution.region(f.region_phrase)) if f.region_phrase else None)
        self.add(m, CKG.venue, Literal(f.venue) if f.venue else None)
        self.add(m, SCHEMA.startDate, date_literal(f.start_date) if f.start_date else None)
        self.add(m, SCHEMA.endDate, date_literal(f.end_date) if f.end_date else None)
        self._annotate(m, f.evidence)

    def _ReportFact(self, f: ReportFact) -> None:
        r = self.report
        self.add(r, RDF.type, CKG.Report)
        self.add(r, RDF.type, CKG.DraftReport if f.is_draft else CKG.FinalReport)
        self.add(r, RDFS.label, Literal(self.file_name))
        self.add(r, CKG.fileName, Literal(self.file_name))
        self.add(r, CKG.isDraft, Literal(f.is_draft))
        self.add(r, CKG.reportKind, Literal(f.kind))
        self.add(r, CKG.documentKind, Literal(f.document_kind))
        self.add(r, CKG.reportsOn, self.meeting)
        self.add(r, DCTERMS.title, Literal(f.title) if f.title else None)
        self.add(r, CKG.distributionDate, date_literal(f.distribution_date) if f.distribution_date else None)
        self.add(r, CKG.symbol, Literal(f.symbol) if f.symbol else None)

    def _SourceFact(self, f: SourceFact) -> None:
        r = self.report
        self.pages = f.pages
        self.add(r, CKG.sourceSha256, Literal(f.sha256))
        self.add(r, CKG.mediaType, Literal(f.media_type))
        self.add(r, CKG.reader, Literal(f.reader))
        self.add(r, CKG.textFile, Literal(f.text_file) if f.text_file else None)

    def _ParagraphFact(self, f: ParagraphFact) -> None:
        p = self.iris.paragraph(self.doc_id, f.number)
        self.add(p, RDF.type, CKG.Paragraph)
        self.add(p, RDFS.label, Literal(f"{self.file_name} {'para.' if f.numbered else 'block'} {f.number}"))
        self.add(p, CKG.inReport, self.report)
        self.add(p, CKG.paragraphNumber, Literal(f.number))
        self.add(p, CKG.startOffset, Literal(f.evidence.start, datatype=XSD.nonNegativeInteger))
        self.add(p, CKG.endOffset, Literal(f.evidence.end, datatype=XSD.nonNegativeInteger))
        self.add(p, CKG.text, Literal(f.text))
        self.add(p, CKG.part, Literal(f.part) if f.part else None)
        self.add(p, CKG.agendaItem, self._agenda_item(f.section))

    def _StatementFact(self, f: StatementFact) -> None:
        resolved = self._actor(f.name, f.type_hint)
        if resolved is None:
            return
        actor, ref = resolved
        capacity = f.capacity or ("representative" if ref.actor_type == "State" else "observer")
        s = self.iris.statement(self.meeting_key, self._section_key(f.section), ref.key, capacity)
        self.add(s, RDF.type, CKG.Statement)
        self.add(s, RDFS.label, Literal(f"{ref.label} ({capacity}) on {self._item_label(f.section)}"))
        self.add(s, CKG.actor, actor)
        self.add(s, CKG.capacity, Literal(capacity))
        self.add(s, CKG.meeting, self.meeting)
        self.add(s, CKG.agendaItem, self._agenda_item(f.section))
        self._derive(s, f.evidence)

    @staticmethod
    def _item_label(section: SectionRef | None) -> str:
        if section is None:
            return "no agenda item"
        return f"agenda item {section.rpm_item}" if section.rpm_item else section.title

    def _AttendanceFact(self, f: AttendanceFact) -> None:
        resolved = self._actor(f.name, f.type_hint)
        if resolved is None:
            return
        actor, ref = resolved
        a = self.iris.attendance(self.meeting_key, ref.key, f.capacity)
        self.add(a, RDF.type, CKG.Attendance)
        self.add(a, RDFS.label, Literal(f"{ref.label} ({f.capacity})"))
        self.add(a, CKG.actor, actor)
        self.add(a, CKG.capacity, Literal(f.capacity))
        self.add(a, CKG.meeting, self.meeting)
        self._derive(a, f.evidence)

    def _OfficerFact(self, f: OfficerFact) -> None:
        person = self.resolution.person(f.person)
        p = self.iris.person(person.key)
        self.entities.people.setdefault(p, person.name)
        o = self.iris.officer(self.meeting_key, f.role, person.key)
        self.add(o, RDF.type, CKG.OfficerRole)
        self.add(o, RDFS.label, Literal(f"{f.role}: {person.name}"))
        self.add(o, CKG.role, Literal(f.role))
        self.add(o, CKG.person, p)
        self.add(o, CKG.meeting, self.meeting)
        if f.state:
            state = self._actor(f.state, STATE_HINT)
            if state is not None:
                self.add(o, CKG.representing, state[0])
                self.add(p, CKG.representing, state[0])
        self._derive(o, f.evidence)

    def _RecommendationFact(self, f: RecommendationFact) -> None:
        r = self.iris.recommendation(self.doc_id, self._section_key(f.section), f.letter)
        self.add(r, RDF.type, CKG.Recommendation)
        self.add(r, RDFS.label, Literal(f"{self.file_name} {self._item_label(f.section)} ({f.letter})"))
        self.add(r, CKG.letter, Literal(f.letter))
        self.add(r, CKG.text, Literal(f.text))
        self.add(r, CKG.inReport, self.report)
        self.add(r, CKG.meeting, self.meeting)
        self.add(r, CKG.agendaItem, self._agenda_item(f.section))
        self._derive(r, f.evidence)

    def _AttributionFact(self, f: AttributionFact) -> None:
        resolved = self._actor(f.name, STATE_HINT)
        if resolved is None:
            return
        r = self.iris.recommendation(self.doc_id, self._section_key(f.section), f.letter)
        actor, ref = resolved
        self.add(r, CKG.attributedTo, actor)
        # The attribution itself is a fact with its own passage: reify it so it can carry provenance.
        a = self.iris.attribution(r, ref.key)
        self.add(a, RDF.type, RDF.Statement)
        self.add(a, RDF.subject, r)
        self.add(a, RDF.predicate, CKG.attributedTo)
        self.add(a, RDF.object, actor)
        label = f"{self.file_name} {self._item_label(f.section)} ({f.letter}) attributed to {ref.label}"
        self.add(a, RDFS.label, Literal(label))
        self._derive(a, f.evidence)

    def _InstrumentMentionFact(self, f: InstrumentMentionFact) -> None:
        instrument = self._instrument(f)
        m = self.iris.mention(self.doc_id, f.evidence.start, f.key)
        self.add(m, RDF.type, CKG.InstrumentMention)
        self.add(m, CKG.instrument, instrument)
        self.add(m, CKG.inReport, self.report)
        self.add(m, CKG.surface, Literal(f.surface))
        self.add(m, CKG.startOffset, Literal(f.evidence.start, datatype=XSD.nonNegativeInteger))
        self.add(m, CKG.endOffset, Literal(f.evidence.end, datatype=XSD.nonNegativeInteger))
        self._derive(m, f.evidence)
        if f.block_kind == "recommendation" and f.letter:
            rec = self.iris.recommendation(self.doc_id, self._section_key(f.section), f.letter)
            self.add(rec, CKG.namesInstrument, instrument)
        elif f.block_kind == "paragraph" and f.evidence.paragraph_number is not None:
            self.add(self.iris.paragraph(self.doc_id, f.evidence.paragraph_number), CKG.namesInstrument, instrument)
