"""Dataset description: void.ttl (VoID and DCAT) with counts, sources, licence and a build date from the inputs.

The counts come from one pass over the build's sorted Oxigraph quads (``BuildContext.quads``), not from rdflib's
store: walking rdflib's indexes took seconds for fifty reports and would not scale to millions of quads. (Not from
the Oxigraph query store either: it keeps "5"^^xsd:nonNegativeInteger as xsd:integer, so it would count fewer
distinct objects than the graph has.)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, date, datetime

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, VOID, XSD
from rdflib.term import Node

from kg.build.context import Memo, QuadFile, build_quads
from kg.graph.iris import IRIs
from kg.namespaces import CKG, DEFAULT_BASE, LICENSE, MEDIA_TYPE, ONTOLOGY_IRI, PREFIXES
from kg.publish.void_counts import CHUNK_ENTRIES as COUNTS_OF_CHUNKS
from kg.publish.void_counts import Counts, count, count_chunked
from kg.rdf.io import to_rdflib

VOID_FILE = "void.ttl"
READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.build.steps.EXPORTERS)
CHUNK_ENTRIES = COUNTS_OF_CHUNKS  # each chunk of graph.nq counted as the build writes it (kg.build.steps)

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
    return _newest_date(data.objects(None, CKG.distributionDate))


def _newest_date(distribution_dates: Iterable[Node]) -> date | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    dates = [o.toPython() for o in distribution_dates if isinstance(o, Literal)]
    dates = [d for d in dates if isinstance(d, date)]
    return max(dates) if dates else None


def _curie(term: URIRef) -> str:
    text = str(term)
    for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(iri) and len(text) > len(iri):
            return f"{prefix}-{text[len(iri):]}"
    return "iri-" + "".join(ch if ch.isalnum() else "-" for ch in text)


def describe(ds: Dataset | None, base: str = DEFAULT_BASE, quads: Iterable[ox.Quad] | None = None,
             counts: Counts | None = None) -> Graph:
    """The VoID/DCAT description of ``ds``: counts over the union of its named graphs, sources, distributions.

    ``quads``: the build's sorted quads when the caller has them (``kg.build.export.build_quads``); ``counts``:
    theirs, when the caller counted them."""
    iris = IRIs(base)
    if counts is None:
        counts = count(build_quads(ds) if quads is None else quads)
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
    when = _newest_date(to_rdflib(o) for o in counts.distribution_dates)
    if when is not None:
        g.add((d, DCTERMS.modified, Literal(when.isoformat(), datatype=XSD.date)))

    # sources: the corpus files the reports were read from
    for report in counts.reports:
        source = to_rdflib(report)
        g.add((d, DCTERMS.source, source))
        for name in map(to_rdflib, counts.file_names.get(report, ())):
            g.add((source, CKG.fileName, name))
            g.add((source, RDFS.label, name))

    # counts over the union graph
    classes = {to_rdflib(cls): cls for cls in counts.instances}  # and the Oxigraph term the counts are keyed on
    properties = {to_rdflib(prop): n for prop, n in counts.per_property.items()}
    vocabularies = {iri for iri in PREFIXES.values()
                    if any(str(t).startswith(iri) for t in list(properties) + list(classes))}
    g.add((d, VOID.triples, Literal(counts.triples)))
    g.add((d, VOID.entities, Literal(counts.entities)))
    g.add((d, VOID.classes, Literal(len(classes))))
    g.add((d, VOID.properties, Literal(len(properties))))
    g.add((d, VOID.distinctSubjects, Literal(counts.subjects)))
    g.add((d, VOID.distinctObjects, Literal(counts.objects)))
    for vocabulary in sorted(vocabularies):
        g.add((d, VOID.vocabulary, URIRef(vocabulary)))
    meetings = sorted(map(to_rdflib, counts.meetings))
    if meetings:
        g.add((d, VOID.exampleResource, meetings[0]))
    for cls, key in sorted(classes.items()):
        part = iris.dataset("class", _curie(cls))
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(counts.instances[key])))
        g.add((part, VOID.triples, Literal(counts.instance_triples[key])))
    for prop, n in sorted(properties.items()):
        part = iris.dataset("property", _curie(prop))
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(n)))

    # one subset per named graph: each source document, the reference graph and the derived graph (the default
    # graph, which the build leaves empty, is not one)
    graphs = sorted((graph for graph in counts.per_graph if isinstance(graph, ox.NamedNode)), key=str)
    inputs = [name for name in map(to_rdflib, graphs) if name != iris.derived_graph()]
    for graph in graphs:
        name = to_rdflib(graph)
        g.add((d, VOID.subset, name))
        g.add((name, RDF.type, VOID.Dataset))
        g.add((name, VOID.triples, Literal(counts.per_graph[graph])))
        for report in counts.graph_reports.get(graph, ()):
            g.add((name, DCTERMS.source, to_rdflib(report)))
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
    for file, (media_type, what) in sorted(DISTRIBUTIONS.items()):
        dist = iris.dataset("distribution", file)
        g.add((d, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(file)))
        g.add((dist, DCTERMS.description, Literal(what, lang="en")))
        g.add((dist, DCTERMS.license, LICENSE))
        if media_type:
            g.add((dist, DCAT.mediaType, MEDIA_TYPE[media_type]))
    return g


def export(ds: Dataset | None, ctx: object = None) -> dict[str, bytes]:
    """Build step (pipeline EXPORTERS): void.ttl; counted chunk by chunk with the build's memo."""
    base = getattr(ctx, "base", DEFAULT_BASE)
    quads, memo = build_quads(ds, ctx), getattr(ctx, "memo", None)
    counts = (count_chunked(quads.path, memo, chunks=quads.chunks) if isinstance(quads, QuadFile) and isinstance(memo, Memo)
              else None)
    return {VOID_FILE: describe(ds, base, quads, counts).serialize(format="turtle").encode("utf-8")}
