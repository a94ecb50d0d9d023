"""GraphML export for Gephi: entities as nodes, facts and links as edges, as declared in NODES and EDGES.

The network is read from the build's Oxigraph store (kg.pages.html.dataset_store), whose default graph is the
union of all documents, with one SPARQL query per node kind, fact kind and link property, not walked node by
node in rdflib: so a build need not keep an rdflib graph for it. Where an attribute has several values it takes
the smallest, so the bytes never depend on the order the store gives them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.build.context import dataset_store
from kg.graph.iris import IRIs
from kg.namespaces import ACTOR_CLASSES, CKG, DEFAULT_BASE, INSTRUMENT_CLASSES
from kg.rdf.query import select

if TYPE_CHECKING:
    from kg.build.context import BuildContext

GRAPHML_FILE = "graph.graphml"
READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.build.steps.EXPORTERS)


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



# What one query found about an entity: property IRI -> its values (IRIs or lexical forms).
Properties = dict[str, set[str]]


def _iris(terms: Iterable[URIRef]) -> str:
    return " ".join(f"<{term}>" for term in terms)


def _first(values: Properties, prop: URIRef) -> str | None:
    """The smallest value (so the bytes never depend on the order the store gives them), or None."""
    return min(values.get(str(prop), ()), default=None)


def _kind_nodes(store: ox.Store, kind: NodeKind) -> dict[str, Properties]:
    """Every IRI of one of the kind's classes, with its labels, types and attributes; one query for the kind.

    OPTIONAL, so a node with none of them is still found."""
    found: dict[str, Properties] = {}
    props = _iris((RDFS.label, RDF.type, *kind.attributes.values()))
    query = (f"SELECT ?node ?property ?value WHERE {{\n"
             f"  {{ SELECT DISTINCT ?node WHERE {{ VALUES ?class {{ {_iris(kind.classes)} }} ?node a ?class "
             f"FILTER(isIRI(?node)) }} }}\n"
             f"  OPTIONAL {{ VALUES ?property {{ {props} }} ?node ?property ?value }}\n}}\n")
    # Unpacked by position, which is cheaper than looking each variable up by name.
    for node, prop, value in select(store, query):
        values = found.setdefault(node.value, {})
        if prop is not None:
            values.setdefault(prop.value, set()).add(value.value)
    return found


def _type_name(values: Properties, kind: NodeKind) -> str:
    classes = {str(cls) for cls in kind.classes if cls != CKG.Actor}
    names = [t.rsplit("#", 1)[-1] for t in values.get(str(RDF.type), ()) if t in classes]
    return min(names, default=kind.kind)


def _facts(store: ox.Store, spec: FactEdge) -> dict[str, Properties]:
    """Every entity of the fact's class with its ends (IRIs only), labels, attributes and the rpmItem of its
    agenda item (under ckg:rpmItem); one query for the kind. A fact without ends makes no edge, so no OPTIONAL.
    Each of these is single-valued in the builder's graph; were one not, the edge would take the smallest value."""
    found: dict[str, Properties] = {}
    props = _iris((RDFS.label, *spec.attributes.values()))
    query = (f"SELECT ?fact ?property ?value WHERE {{\n  ?fact a <{spec.cls}> .\n"
             f"  {{ VALUES ?property {{ <{spec.source}> <{spec.target}> }} ?fact ?property ?value "
             f"FILTER(isIRI(?value)) }}\n"
             f"  UNION {{ VALUES ?property {{ {props} }} ?fact ?property ?value }}\n"
             f"  UNION {{ ?fact ckg:agendaItem/ckg:rpmItem ?value BIND(ckg:rpmItem AS ?property) }}\n}}\n")
    for fact, prop, value in select(store, query):
        found.setdefault(fact.value, {}).setdefault(prop.value, set()).add(value.value)
    return found


def _links(store: ox.Store, spec: LinkEdge) -> Iterator[tuple[str, str]]:
    """(source, target) of every use of the link's property between two IRIs."""
    query = f"SELECT ?source ?target WHERE {{ ?source <{spec.predicate}> ?target FILTER(isIRI(?target)) }}\n"
    for source, target in select(store, query):
        yield source.value, target.value


def node_id(iri: str, base: str) -> str:
    """A GraphML id (an XML NMTOKEN) made from the IRI: its path under the base, ':' for '/'."""
    text = str(iri)[len(base):] if str(iri).startswith(base) else str(iri)
    return re.sub(r"[^A-Za-z0-9._:-]", "_", text.replace("/", ":"))


def entity_graph(store: ox.Store, base: str = DEFAULT_BASE) -> nx.MultiDiGraph[str]:
    """The network of the store's default graph (the union of all documents): nodes and edges added in sorted
    order, so the same graph gives the same file."""
    base = IRIs(base).base
    net: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    kinds: dict[str, NodeKind] = {}
    nodes: dict[str, Properties] = {}
    for kind in NODES:
        for node, values in _kind_nodes(store, kind).items():
            # A node of several kinds is of the first NODES declares.
            if node not in kinds:
                kinds[node], nodes[node] = kind, values
    for node in sorted(kinds):
        kind, values = kinds[node], nodes[node]
        attrs = {"label": _first(values, RDFS.label) or node, "kind": kind.kind, "type": _type_name(values, kind)}
        attrs.update({k: v for k, p in kind.attributes.items() if (v := _first(values, p)) is not None})
        net.add_node(node_id(node, base), iri=node, **attrs)
    edges: list[tuple[str, str, str, dict[str, str]]] = []
    for spec in EDGES:
        if isinstance(spec, FactEdge):
            for fact, values in _facts(store, spec).items():
                source, target = _first(values, spec.source), _first(values, spec.target)
                if source in kinds and target in kinds:
                    attrs = {"kind": spec.kind, "label": _first(values, RDFS.label) or spec.kind}
                    if rpm := _first(values, CKG.rpmItem):
                        attrs["rpm_item"] = rpm
                    attrs.update({k: v for k, p in spec.attributes.items() if (v := _first(values, p)) is not None})
                    edges.append((node_id(source, base), node_id(target, base), node_id(fact, base), attrs))
        else:
            for source, target in _links(store, spec):
                if source in kinds and target in kinds:
                    ends = node_id(source, base), node_id(target, base)
                    edges.append((*ends, f"{ends[0]}.{spec.kind}.{ends[1]}", {"kind": spec.kind, "label": spec.kind}))
    for source, target, key, attrs in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        net.add_edge(source, target, key=key, **attrs)
    return net


def to_graphml(net: nx.MultiDiGraph[str]) -> bytes:
    return ("\n".join(nx.generate_graphml(net, encoding="utf-8", prettyprint=True, named_key_ids=False)) + "\n").encode()


def export(ds: Dataset | None, ctx: BuildContext | None = None) -> dict[str, bytes]:
    """Build step (pipeline EXPORTERS): graph.graphml, from the query store the build shares. ``ds`` is read only
    when the build has neither that store nor its quads yet (or there is no build context)."""
    base = ctx.base if ctx is not None else DEFAULT_BASE
    return {GRAPHML_FILE: to_graphml(entity_graph(dataset_store(ds, ctx), base))}
