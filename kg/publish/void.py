"""Dataset description: void.ttl (VoID and DCAT) with counts, sources, licence and a build date from the inputs."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from datetime import UTC, date, datetime

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, VOID, XSD

from kg.export import union_graph
from kg.graph import IRIs
from kg.namespaces import CKG, DEFAULT_BASE, LICENSE, MEDIA_TYPE, ONTOLOGY_IRI, PREFIXES

VOID_FILE = "void.ttl"

# Every file `kg build` writes, as a DCAT distribution: name -> (media type or None, what it is).
DISTRIBUTIONS: dict[str, tuple[str | None, str]] = {
    "graph.ttl": ("text/turtle", "The whole graph as Turtle: the union of all named graphs."),
    "graph.trig": ("application/trig", "The graph as TriG: one named graph per source document, plus the reference graph "
                                       "and the derived graph."),
    "graph.nq": ("application/n-quads", "The graph as N-Quads, one sorted line per quad."),
    "graph.jsonld": ("application/ld+json", "The graph as JSON-LD, one object per named graph; context in context.jsonld."),
    "context.jsonld": ("application/ld+json", "The JSON-LD context graph.jsonld refers to."),
    "graph.graphml": (None, "The entity graph for Gephi: actors, meetings, instruments, recommendations, people."),
    "actors.csv": ("text/csv", "One row per actor."),
    "instruments.csv": ("text/csv", "One row per instrument."),
    "recommendations.csv": ("text/csv", "One row per recommendation."),
    "statements.csv": ("text/csv", "One row per statement and paragraph it was read from."),
    "attendance.csv": ("text/csv", "One row per attendance and paragraph it was read from."),
    "officers.csv": ("text/csv", "One row per officer role and paragraph it was read from."),
    "meetings.csv": ("text/csv", "One row per meeting."),
    "documents.csv": ("text/csv", "One row per source document."),
    "theme_matrix.csv": ("text/csv", "The cross-regional matrix: recommendations per theme and meeting."),
    "theme_matrix.html": ("text/html", "The cross-regional matrix as a page; each cell lists its recommendations."),
    "revisions.html": ("text/html", "Draft to final: how each draft recommendation and statement fared, word by word."),
    "unresolved.csv": ("text/csv", "Names not in the reference data, for a reviewer."),
    "ontology.ttl": ("text/turtle", "The congress-kg ontology the data uses."),
    "shapes.ttl": ("text/turtle", "The SHACL shapes every build is validated against."),
    "ontology.html": ("text/html", "The ontology's documentation page."),
    VOID_FILE: ("text/turtle", "This description of the dataset (VoID and DCAT)."),
}


def build_date(data: Graph) -> date | None:
    """SOURCE_DATE_EPOCH when set, else the newest distribution date of the reports; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    dates = [o.toPython() for o in data.objects(None, CKG.distributionDate) if isinstance(o, Literal)]
    dates = [d for d in dates if isinstance(d, date)]
    return max(dates) if dates else None


def _curie(term: URIRef) -> str:
    text = str(term)
    for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(iri) and len(text) > len(iri):
            return f"{prefix}-{text[len(iri):]}"
    return "iri-" + "".join(ch if ch.isalnum() else "-" for ch in text)


def describe(ds: Dataset, base: str = DEFAULT_BASE) -> Graph:
    """The VoID/DCAT description of ``ds``: counts over the union of its named graphs, sources, distributions."""
    iris = IRIs(base)
    union = union_graph(ds)
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    d = iris.dataset()
    for cls in (VOID.Dataset, DCAT.Dataset):
        g.add((d, RDF.type, cls))
    g.add((d, DCTERMS.title, Literal("congress-kg: the UN Crime Congress regional preparatory meeting reports "
                                     "as a knowledge graph", lang="en")))
    g.add((d, DCTERMS.description, Literal(
        "Actors, statements, attendance, officers, recommendations and the legal instruments they name, read from "
        "the reports of the regional preparatory meetings of the United Nations Congress on Crime Prevention and "
        "Criminal Justice; every fact keeps the paragraph and the exact passage it came from. Derived from them: how "
        "each draft recommendation and statement fared in the final report, and the themes and action types of the "
        "recommendations.", lang="en")))
    g.add((d, DCTERMS.license, LICENSE))
    g.add((d, DCTERMS.conformsTo, ONTOLOGY_IRI))
    g.add((d, VOID.uriSpace, Literal(iris.base)))
    when = build_date(union)
    if when is not None:
        g.add((d, DCTERMS.modified, Literal(when.isoformat(), datatype=XSD.date)))

    # sources: the corpus files the reports were read from
    for report in sorted(set(union.subjects(RDF.type, CKG.Report))):
        g.add((d, DCTERMS.source, report))
        for name in union.objects(report, CKG.fileName):
            g.add((report, CKG.fileName, name))
            g.add((report, RDFS.label, name))

    # counts over the union graph
    subjects = set(union.subjects())
    typed = {s for s in union.subjects(RDF.type, None) if isinstance(s, URIRef)}
    classes: dict[URIRef, set] = defaultdict(set)
    for s, o in union.subject_objects(RDF.type):
        if isinstance(o, URIRef):
            classes[o].add(s)
    properties = Counter(p for _, p, _ in union)
    vocabularies = {iri for iri in PREFIXES.values()
                    if any(str(t).startswith(iri) for t in list(properties) + list(classes))}
    g.add((d, VOID.triples, Literal(len(union))))
    g.add((d, VOID.entities, Literal(len(typed))))
    g.add((d, VOID.classes, Literal(len(classes))))
    g.add((d, VOID.properties, Literal(len(properties))))
    g.add((d, VOID.distinctSubjects, Literal(len(subjects))))
    g.add((d, VOID.distinctObjects, Literal(len(set(union.objects())))))
    for vocabulary in sorted(vocabularies):
        g.add((d, VOID.vocabulary, URIRef(vocabulary)))
    meetings = sorted(union.subjects(RDF.type, CKG.Meeting))
    if meetings:
        g.add((d, VOID.exampleResource, meetings[0]))
    for cls, members in sorted(classes.items()):
        part = iris.dataset("class", _curie(cls))
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(len(members))))
        g.add((part, VOID.triples, Literal(sum(1 for m in members for _ in union.predicate_objects(m)))))
    for prop, count in sorted(properties.items()):
        part = iris.dataset("property", _curie(prop))
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(count)))

    # one subset per named graph: each source document, the reference graph and the derived graph
    graphs = [x for x in sorted(ds.graphs(), key=lambda x: str(x.identifier))
              if len(x) and isinstance(x.identifier, URIRef)]
    inputs = [x.identifier for x in graphs if x.identifier != iris.derived_graph()]
    for graph in graphs:
        name = graph.identifier
        g.add((d, VOID.subset, name))
        g.add((name, RDF.type, VOID.Dataset))
        g.add((name, VOID.triples, Literal(len(graph))))
        for report in graph.subjects(RDF.type, CKG.Report):
            g.add((name, DCTERMS.source, report))
        if name == iris.reference_graph():
            g.add((name, DCTERMS.description, Literal(
                "Reference data: the actors, people and instruments the documents name, and the themes and action "
                "types schemes.", lang="en")))
        elif name == iris.derived_graph():
            g.add((name, DCTERMS.description, Literal(
                "Derived from the other graphs (the documents' facts, the themes and action types schemes): "
                "draft-to-final revisions, and the theme assignments and action types of recommendations.", lang="en")))
            for source in inputs:
                g.add((name, PROV.wasDerivedFrom, source))
        else:
            g.add((name, DCTERMS.description, Literal("The facts read from one source document.", lang="en")))

    # the files of this build
    for name, (media_type, what) in sorted(DISTRIBUTIONS.items()):
        dist = iris.dataset("distribution", name)
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(name)))
        g.add((dist, DCTERMS.description, Literal(what, lang="en")))
        g.add((dist, DCTERMS.license, LICENSE))
        if media_type:
            g.add((dist, DCAT.mediaType, MEDIA_TYPE[media_type]))
    return g


def export(ds: Dataset, ctx: object = None) -> dict[str, bytes]:
    """Build step (pipeline EXPORTERS): void.ttl."""
    base = getattr(ctx, "base", DEFAULT_BASE)
    return {VOID_FILE: describe(ds, base).serialize(format="turtle").encode("utf-8")}
