"""Each document's facts into its named graph, and the entities they name into the reference graph."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS

from kg.extract.facts import (
    Fact,
    MeetingFact,
)
from kg.graph.document import DocumentWriter
from kg.graph.entities import Entities
from kg.graph.iris import IRIs, Triple, date_literal
from kg.namespaces import ACTOR_CLASSES, CKG, DEFAULT_BASE, INSTRUMENT_CLASSES, WD
from kg.reference.lexicon import Lexicon
from kg.resolve.resolver import ActorRef, slug
from kg.resolve.stage import Resolution


class GraphBuilder:
    """Collects each document's facts into its named graph, and entity descriptions into a reference graph."""

    def __init__(self, lexicon: Lexicon, base: str = DEFAULT_BASE) -> None:
        self.lexicon = lexicon
        self.iris = IRIs(base)
        # Each document's triples, in the order written (a dict is an ordered set): an rdflib Graph per document
        # cost as much again as adding the triples to the dataset.
        self.graphs: dict[str, dict[Triple, None]] = {}
        self.named = Entities()  # what the documents added so far name, for the reference graph
        self.entities: dict[str, Entities] = {}  # each document's own, until it is released

    # -- documents ------------------------------------------------------------
    def add_document(self, doc_id: str, file_name: str, facts: Iterable[Fact],
                     resolution: Resolution) -> dict[Triple, None]:
        """Write one document's facts, their names resolved (kg.resolve.stage), as the triples of its named graph
        (replacing any before)."""
        graph: dict[Triple, None] = {}
        self.graphs[doc_id] = graph
        facts = list(facts)
        meeting = next((f for f in facts if isinstance(f, MeetingFact)), None)
        meeting_key = self._meeting_key(meeting, doc_id, resolution)
        entities = self.entities[doc_id] = Entities()
        writer = DocumentWriter(self, graph, doc_id, file_name, meeting_key, resolution, entities)
        for fact in facts:
            writer.write(fact)
        entities.add_to(self.named)
        return graph

    def add_known(self, doc_id: str, entities: Entities) -> None:
        """A document an earlier build wrote, known by id, with the entities it names (its graph is elsewhere)."""
        self.graphs[doc_id] = {}
        entities.add_to(self.named)

    def release(self, doc_id: str) -> None:
        """Let go of a document's triples once they are assembled elsewhere (the document stays known by id)."""
        self.graphs[doc_id] = {}
        self.entities.pop(doc_id, None)

    def _meeting_key(self, fact: MeetingFact | None, doc_id: str, resolution: Resolution) -> str:
        if fact is None or not (fact.region_phrase or fact.meeting_title):
            return f"unknown-{slug(doc_id)}"
        region = resolution.region(fact.region_phrase) or fact.meeting_title or doc_id
        year = (fact.start_date or "")[:4]
        return slug(region) + (f"-{year}" if year else "")

    # -- the whole dataset ---------------------------------------------------------
    def reference_triples(self) -> Iterable[Triple]:
        """The reference graph: every actor, person and instrument the documents added so far name."""
        lex = self.lexicon
        for iri, ref in sorted(self.named.actors.items()):
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
                for alias in lex.other_state_names(ref.iso3):  # so a query can find it by any of its names
                    yield iri, SKOS.altLabel, Literal(alias)
                if country.iso3166_3:
                    yield iri, CKG.iso3166_3, Literal(country.iso3166_3)
                if country.withdrawn:
                    yield iri, CKG.codeWithdrawn, date_literal(country.withdrawn)
                for successor in country.successors:
                    # The State that followed, by the IRI it has wherever the documents name it.
                    yield iri, DCTERMS.isReplacedBy, self.iris.actor(ActorRef(successor, successor, "State", successor, True))
            elif org := lex.organizations.get(ref.key):
                for acronym in org.acronyms:
                    yield iri, CKG.acronym, Literal(acronym)
                for alias in org.aliases:
                    yield iri, SKOS.altLabel, Literal(alias)
                if org.wikidata:
                    yield iri, OWL.sameAs, WD[org.wikidata]
        for iri, name in sorted(self.named.people.items()):
            yield iri, RDF.type, CKG.Person
            yield iri, RDFS.label, Literal(name)
            yield iri, FOAF.name, Literal(name)
        for key in sorted(self._instrument_closure()):
            yield from self._instrument_triples(key)

    def _instrument_closure(self) -> set[str]:
        keys = set(self.named.instruments)
        for key in list(keys):
            entry = self.lexicon.instruments.get(key)
            while entry is not None and entry.parent:
                keys.add(entry.parent)
                entry = self.lexicon.instruments.get(entry.parent)
        return keys

    def _instrument_triples(self, key: str) -> Iterable[Triple]:
        iri = self.iris.instrument(key)
        entry = self.lexicon.instruments.get(key)
        ref = self.named.instruments.get(key)
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
            yield iri, CKG.adopted, date_literal(entry.adopted)
        if entry.wikidata:
            yield iri, OWL.sameAs, WD[entry.wikidata]
        if entry.source_url:
            yield iri, DCTERMS.source, URIRef(entry.source_url)
