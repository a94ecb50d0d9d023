"""Graph stage: resolved facts become RDF, one named graph per source document."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

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
    StatementFact,
)
from kg.lexicon import Lexicon
from kg.namespaces import ACTOR_CLASSES, CKG, DEFAULT_BASE, INSTRUMENT_CLASSES, OA, SCHEMA, WD
from kg.resolve import ActorRef, InstrumentRef, Resolver, slug

_Triple = tuple[URIRef | BNode, URIRef, URIRef | Literal | BNode]


class IRIs:
    """Mints every IRI from identifiers in the data (ISO3, keys, file names, numbers, letters)."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def graph(self, doc_id: str) -> URIRef:
        return self._iri("graph", doc_id)

    def reference_graph(self) -> URIRef:
        return self._iri("graph", "reference")

    def derived_graph(self) -> URIRef:
        """The named graph of triples the enrichers derive from the documents' graphs."""
        return self._iri("graph", "derived")

    def revision(self, draft_doc: str, final_doc: str, *key: str) -> URIRef:
        return self._iri("revision", draft_doc, final_doc, *(slug(k) for k in key))

    def commitment_cluster(self, congress: str, item: str, digest: str) -> URIRef:
        """A cross-regional cluster of one Congress agenda item, keyed by a hash of its members' IRIs."""
        return self._iri("cluster", slug(congress), slug(item), digest)

    def theme_assignment(self, recommendation: URIRef, theme_key: str) -> URIRef:
        return URIRef(f"{recommendation}/theme/{slug(theme_key)}")

    def meeting(self, key: str) -> URIRef:
        return self._iri("meeting", key)

    def agenda_item(self, meeting_key: str, item_key: str) -> URIRef:
        return self._iri("meeting", meeting_key, "item", item_key)

    def report(self, doc_id: str) -> URIRef:
        return self._iri("report", doc_id)

    def paragraph(self, doc_id: str, number: int) -> URIRef:
        return self._iri("report", doc_id, "paragraph", str(number))

    def recommendation(self, doc_id: str, section_key: str, letter: str) -> URIRef:
        return self._iri("report", doc_id, "recommendation", section_key, letter)

    def mention(self, doc_id: str, start: int, key: str) -> URIRef:
        return self._iri("report", doc_id, "mention", f"{start}-{slug(key)}")

    def attribution(self, recommendation: URIRef, actor_key: str) -> URIRef:
        return URIRef(f"{recommendation}/attribution/{slug(actor_key)}")

    def evidence(self, doc_id: str, evidence: Evidence, fact: URIRef) -> URIRef:
        tail = str(fact)[len(self.base):].replace("/", "-")
        return self._iri("report", doc_id, "evidence", f"{evidence.start}-{evidence.end}-{tail}")

    def statement(self, meeting_key: str, item_key: str, actor_key: str, capacity: str) -> URIRef:
        return self._iri("statement", meeting_key, item_key, slug(actor_key), capacity)

    def attendance(self, meeting_key: str, actor_key: str, capacity: str) -> URIRef:
        return self._iri("attendance", meeting_key, slug(actor_key), capacity)

    def officer(self, meeting_key: str, role: str, person_key: str) -> URIRef:
        return self._iri("officer", meeting_key, slug(role), person_key)

    def actor(self, ref: ActorRef) -> URIRef:
        if ref.actor_type == "State" and ref.iso3:
            return self._iri("state", ref.iso3)
        return self._iri("organization", slug(ref.key))

    def person(self, key: str) -> URIRef:
        return self._iri("person", key)

    def instrument(self, key: str) -> URIRef:
        return self._iri("instrument", key)

    def dataset(self, *parts: str) -> URIRef:
        """The dataset description (void.ttl) and its parts: partitions, distributions."""
        return self._iri("dataset", *parts)


def _date(value: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def _item_key(rpm_item: str) -> str:
    return re.sub(r"[^0-9a-z]", "", rpm_item.lower())


class GraphBuilder:
    """Collects each document's facts into its named graph, and entity descriptions into a reference graph."""

    def __init__(self, lexicon: Lexicon, resolver: Resolver, base: str = DEFAULT_BASE) -> None:
        self.lexicon = lexicon
        self.resolver = resolver
        self.iris = IRIs(base)
        # Each document's triples, in the order written (a dict is an ordered set): an rdflib Graph per document
        # cost as much again as adding the triples to the dataset.
        self.graphs: dict[str, dict[_Triple, None]] = {}
        self.actors: dict[URIRef, ActorRef] = {}
        self.instruments: dict[str, InstrumentRef] = {}
        self.people: dict[URIRef, str] = {}
        self.meetings: dict[str, dict[str, str | None]] = {}

    # -- documents ------------------------------------------------------------
    def add_document(self, doc_id: str, file_name: str, facts: Iterable[Fact]) -> dict[_Triple, None]:
        """Write one document's facts as the triples of its named graph (replacing any before)."""
        graph: dict[_Triple, None] = {}
        self.graphs[doc_id] = graph
        facts = list(facts)
        meeting = next((f for f in facts if isinstance(f, MeetingFact)), None)
        meeting_key = self._meeting_key(meeting, doc_id)
        writer = _DocumentWriter(self, graph, doc_id, file_name, meeting_key)
        for fact in facts:
            writer.write(fact)
        return graph

    def release(self, doc_id: str) -> None:
        """Let go of a document's triples once they are assembled elsewhere (the document stays known by id)."""
        self.graphs[doc_id] = {}

    def _meeting_key(self, fact: MeetingFact | None, doc_id: str) -> str:
        if fact is None or not (fact.region_phrase or fact.meeting_title):
            return f"unknown-{slug(doc_id)}"
        region = self.resolver.region(fact.region_phrase) or fact.meeting_title or doc_id
        year = (fact.start_date or "")[:4]
        return slug(region) + (f"-{year}" if year else "")

    # -- the whole dataset ---------------------------------------------------------
    def dataset(self, release: bool = False) -> Dataset:
        """Every document's named graph and the reference graph, in a new dataset. ``release``: let go of the
        builder's own copy of each document graph once copied (the documents stay known by id), so a large
        build does not hold its triples twice; a second call then has no document triples."""
        ds = Dataset()
        for doc_id in sorted(self.graphs):
            target = ds.graph(self.iris.graph(doc_id))
            for triple in self.graphs[doc_id]:
                target.add(triple)
            if release:
                self.graphs[doc_id] = {}
        reference = ds.graph(self.iris.reference_graph())
        for triple in self.reference_triples():
            reference.add(triple)
        return ds

    def reference_triples(self) -> Iterable[_Triple]:
        """The reference graph: every actor, person and instrument the documents added so far name."""
        lex = self.lexicon
        for iri, ref in sorted(self.actors.items()):
            yield iri, RDF.type, CKG.Actor
            yield iri, RDF.type, ACTOR_CLASSES.get(ref.actor_type, CKG.OtherActor)
            yield iri, RDFS.label, Literal(ref.label)
            yield iri, SKOS.prefLabel, Literal(ref.label)
            if not ref.resolved:
                yield iri, CKG.unresolved, Literal(True)
            if ref.iso3 and (country := lex.countries.get(ref.iso3)):
                yield iri, CKG.iso3, Literal(ref.iso3)
                if country.m49:
                    yield iri, CKG.m49, Literal(country.m49)
                if country.wikidata:
                    yield iri, OWL.sameAs, WD[country.wikidata]
            elif org := lex.organizations.get(ref.key):
                for acronym in org.acronyms:
                    yield iri, CKG.acronym, Literal(acronym)
                for alias in org.aliases:
                    yield iri, SKOS.altLabel, Literal(alias)
                if org.wikidata:
                    yield iri, OWL.sameAs, WD[org.wikidata]
        for iri, name in sorted(self.people.items()):
            yield iri, RDF.type, CKG.Person
            yield iri, RDFS.label, Literal(name)
            yield iri, FOAF.name, Literal(name)
        for key in sorted(self._instrument_closure()):
            yield from self._instrument_triples(key)

    def _instrument_closure(self) -> set[str]:
        keys = set(self.instruments)
        for key in list(keys):
            entry = self.lexicon.instruments.get(key)
            while entry is not None and entry.parent:
                keys.add(entry.parent)
                entry = self.lexicon.instruments.get(entry.parent)
        return keys

    def _instrument_triples(self, key: str) -> Iterable[_Triple]:
        iri = self.iris.instrument(key)
        entry = self.lexicon.instruments.get(key)
        ref = self.instruments.get(key)
        kind = entry.kind if entry else (ref.kind if ref else "resolution")
        label = entry.title if entry else (ref.label if ref else key)
        yield iri, RDF.type, INSTRUMENT_CLASSES.get(kind, CKG.Instrument)
        yield iri, RDFS.label, Literal(label)
        yield iri, SKOS.prefLabel, Literal(label)
        yield iri, CKG.instrumentKey, Literal(key)
        yield iri, CKG.instrumentKind, Literal(kind)
        if ref is not None and not ref.resolved:
            yield iri, CKG.unresolved, Literal(True)
        if entry is None:
            return
        for name in entry.short_names:
            if name != entry.title:
                yield iri, SKOS.altLabel, Literal(name)
        if entry.parent:
            yield iri, DCTERMS.isPartOf, self.iris.instrument(entry.parent)
        if entry.adopted:
            yield iri, CKG.adopted, _date(entry.adopted)
        if entry.wikidata:
            yield iri, OWL.sameAs, WD[entry.wikidata]
        if entry.source_url:
            yield iri, DCTERMS.source, URIRef(entry.source_url)


class _DocumentWriter:
    """Writes the facts of one document; knows its report, meeting and paragraphs."""

    def __init__(self, builder: GraphBuilder, graph: dict[_Triple, None], doc_id: str, file_name: str, meeting_key: str) -> None:
        self.b = builder
        self.g = graph
        self.doc_id = doc_id
        self.file_name = file_name
        self.meeting_key = meeting_key
        self.iris = builder.iris
        self.report = self.iris.report(doc_id)
        self.meeting = self.iris.meeting(meeting_key)

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
        item = self.iris.agenda_item(self.meeting_key, _item_key(section.rpm_item))
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
        return _item_key(section.rpm_item) if section.rpm_item else section.key

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

    def _actor(self, name: str, type_hint: str | None) -> tuple[URIRef, ActorRef] | None:
        ref = self.b.resolver.actor(name, type_hint, self.file_name)
        if ref is None:
            return None
        iri = self.iris.actor(ref)
        self.b.actors.setdefault(iri, ref)
        return iri, ref

    def _instrument(self, fact: InstrumentMentionFact) -> URIRef:
        ref = self.b.resolver.instrument(fact.key, fact.resolution, self.file_name)
        self.b.instruments.setdefault(ref.key, ref)
        return self.iris.instrument(ref.key)

    # -- one method per fact kind -------------------------------------------------
    def _MeetingFact(self, f: MeetingFact) -> None:
        m = self.meeting
        self.add(m, RDF.type, CKG.Meeting)
        label = f.meeting_title or self.meeting_key
        self.add(m, RDFS.label, Literal(label))
        self.add(m, CKG.region, Literal(self.b.resolver.region(f.region_phrase)) if f.region_phrase else None)
        self.add(m, CKG.venue, Literal(f.venue) if f.venue else None)
        self.add(m, SCHEMA.startDate, _date(f.start_date) if f.start_date else None)
        self.add(m, SCHEMA.endDate, _date(f.end_date) if f.end_date else None)
        self._annotate(m, f.evidence)

    def _ReportFact(self, f: ReportFact) -> None:
        r = self.report
        self.add(r, RDF.type, CKG.Report)
        self.add(r, RDF.type, CKG.DraftReport if f.is_draft else CKG.FinalReport)
        self.add(r, RDFS.label, Literal(self.file_name))
        self.add(r, CKG.fileName, Literal(self.file_name))
        self.add(r, CKG.isDraft, Literal(f.is_draft))
        self.add(r, CKG.reportKind, Literal(f.kind))
        self.add(r, CKG.reportsOn, self.meeting)
        self.add(r, DCTERMS.title, Literal(f.title) if f.title else None)
        self.add(r, CKG.distributionDate, _date(f.distribution_date) if f.distribution_date else None)
        self.add(r, CKG.symbol, Literal(f.symbol) if f.symbol else None)

    def _ParagraphFact(self, f: ParagraphFact) -> None:
        p = self.iris.paragraph(self.doc_id, f.number)
        self.add(p, RDF.type, CKG.Paragraph)
        self.add(p, RDFS.label, Literal(f"{self.file_name} para. {f.number}"))
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
        person = self.b.resolver.person(f.person)
        p = self.iris.person(person.key)
        self.b.people.setdefault(p, person.name)
        o = self.iris.officer(self.meeting_key, f.role, person.key)
        self.add(o, RDF.type, CKG.OfficerRole)
        self.add(o, RDFS.label, Literal(f"{f.role}: {person.name}"))
        self.add(o, CKG.role, Literal(f.role))
        self.add(o, CKG.person, p)
        self.add(o, CKG.meeting, self.meeting)
        if f.state:
            state = self._actor(f.state, "State")
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
        resolved = self._actor(f.name, "State")
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
