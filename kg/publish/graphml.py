"""GraphML export for Gephi: entities as nodes, facts and links as edges, as declared in NODES and EDGES."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.export import union_graph
from kg.graph import IRIs
from kg.namespaces import ACTOR_CLASSES, CKG, DEFAULT_BASE, INSTRUMENT_CLASSES

GRAPHML_FILE = "graph.graphml"


@dataclass(frozen=True)
class NodeKind:
    """Instances of ``classes`` become nodes of this kind; ``attributes`` are copied from the graph."""

    kind: str
    classes: tuple[URIRef, ...]
    attributes: dict[str, URIRef] = field(default_factory=dict)


@dataclass(frozen=True)
class FactEdge:
    """A fact entity (a statement ...) becomes one edge from its ``source`` to its ``target`` property."""

    kind: str
    cls: URIRef
    source: URIRef
    target: URIRef
    attributes: dict[str, URIRef] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkEdge:
    """A property between two nodes becomes one edge."""

    kind: str
    predicate: URIRef


NODES: tuple[NodeKind, ...] = (
    NodeKind("actor", (CKG.Actor, *ACTOR_CLASSES.values()), {"iso3": CKG.iso3}),
    NodeKind("meeting", (CKG.Meeting,), {"region": CKG.region}),
    NodeKind("instrument", (CKG.Instrument, *INSTRUMENT_CLASSES.values()), {"key": CKG.instrumentKey}),
    NodeKind("recommendation", (CKG.Recommendation,), {"letter": CKG.letter}),
    NodeKind("person", (CKG.Person,)),
)

EDGES: tuple[FactEdge | LinkEdge, ...] = (
    FactEdge("statement", CKG.Statement, CKG.actor, CKG.meeting, {"capacity": CKG.capacity}),
    FactEdge("attendance", CKG.Attendance, CKG.actor, CKG.meeting, {"capacity": CKG.capacity}),
    FactEdge("officer", CKG.OfficerRole, CKG.person, CKG.meeting, {"role": CKG.role}),
    LinkEdge("attribution", CKG.attributedTo),
    LinkEdge("naming", CKG.namesInstrument),
    LinkEdge("recommendation_of", CKG.meeting),
    LinkEdge("part_of", DCTERMS.isPartOf),
    LinkEdge("representing", CKG.representing),
)


def _first(g: Graph, s: URIRef, p: URIRef) -> str | None:
    values = sorted(str(o) for o in g.objects(s, p))
    return values[0] if values else None


def _type_name(g: Graph, s: URIRef, kind: NodeKind) -> str:
    names = sorted(str(t).rsplit("#", 1)[-1] for t in g.objects(s, RDF.type) if t in kind.classes and t != CKG.Actor)
    return names[0] if names else kind.kind


def node_id(iri: URIRef, base: str) -> str:
    """A GraphML id (an XML NMTOKEN) made from the IRI: its path under the base, ':' for '/'."""
    text = str(iri)[len(base):] if str(iri).startswith(base) else str(iri)
    return re.sub(r"[^A-Za-z0-9._:-]", "_", text.replace("/", ":"))


def entity_graph(g: Graph, base: str = DEFAULT_BASE) -> nx.MultiDiGraph:
    """The network of ``g``: nodes and edges added in sorted order, so the same graph gives the same file."""
    base = IRIs(base).base
    net = nx.MultiDiGraph()
    kinds: dict[URIRef, NodeKind] = {}
    for kind in NODES:
        for cls in kind.classes:
            for s in g.subjects(RDF.type, cls):
                if isinstance(s, URIRef):
                    kinds.setdefault(s, kind)
    for node in sorted(kinds):
        kind = kinds[node]
        attrs = {"label": _first(g, node, RDFS.label) or str(node), "kind": kind.kind,
                 "type": _type_name(g, node, kind)}
        attrs.update({k: v for k, p in kind.attributes.items() if (v := _first(g, node, p)) is not None})
        net.add_node(node_id(node, base), iri=str(node), **attrs)
    edges: list[tuple[str, str, str, dict[str, str]]] = []
    for spec in EDGES:
        if isinstance(spec, FactEdge):
            for fact in g.subjects(RDF.type, spec.cls):
                source, target = g.value(fact, spec.source), g.value(fact, spec.target)
                if source in kinds and target in kinds:
                    attrs = {"kind": spec.kind, "label": _first(g, fact, RDFS.label) or spec.kind}
                    item = g.value(fact, CKG.agendaItem)
                    if item is not None and (rpm := _first(g, item, CKG.rpmItem)):
                        attrs["rpm_item"] = rpm
                    attrs.update({k: v for k, p in spec.attributes.items() if (v := _first(g, fact, p)) is not None})
                    edges.append((node_id(source, base), node_id(target, base), node_id(fact, base), attrs))
        else:
            for source, target in g.subject_objects(spec.predicate):
                if source in kinds and target in kinds:
                    ends = node_id(source, base), node_id(target, base)
                    edges.append((*ends, f"{ends[0]}.{spec.kind}.{ends[1]}", {"kind": spec.kind, "label": spec.kind}))
    for source, target, key, attrs in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        net.add_edge(source, target, key=key, **attrs)
    return net


def to_graphml(net: nx.MultiDiGraph) -> bytes:
    return ("\n".join(nx.generate_graphml(net, encoding="utf-8", prettyprint=True, named_key_ids=False)) + "\n").encode()


def export(ds: Dataset, ctx: object = None) -> dict[str, bytes]:
    """Build step (pipeline EXPORTERS): graph.graphml."""
    return {GRAPHML_FILE: to_graphml(entity_graph(union_graph(ds), getattr(ctx, "base", DEFAULT_BASE)))}
