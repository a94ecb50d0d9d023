"""GraphML export for Gephi: entities as nodes, facts and links as edges, as kg/data/views.yaml declares them.

The network is read from the build's Oxigraph store (kg.pages.html.dataset_store), whose default graph is the
union of all documents, with one SPARQL query per node kind, fact kind and link property, not walked node by
node in rdflib: so a build need not keep an rdflib graph for it. Where an attribute has several values it takes
the smallest, so the bytes never depend on the order the store gives them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING

import networkx as nx
import pyoxigraph as ox
from rdflib import RDF, RDFS, Dataset, URIRef

from kg.build.context import Content, dataset_store, made_of_rows, meeting_rows
from kg.graph.iris import IRIs
from kg.namespaces import DEFAULT_BASE
from kg.rdf import view as views
from kg.rdf.query import select
from kg.rdf.view import Attribute, EdgeKind, NodeKind

if TYPE_CHECKING:
    from kg.build.context import BuildContext

GRAPHML_FILE = "graph.graphml"
READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.build.steps.EXPORTERS)


# What one query found about an entity: what a value is (an attribute's name, or LABEL, TYPES ...) -> its values
# (IRIs or lexical forms).
Properties = dict[str, set[str]]
LABEL, TYPES, SOURCE, TARGET, RPM_ITEM = "@label", "@type", "@source", "@target", "@rpm_item"


def _iris(terms: Iterable[URIRef]) -> str:
    return " ".join(f"<{term}>" for term in terms)


def _branches(values: dict[str, str]) -> str:
    """SPARQL branches binding ?value to what each path of ``values`` (name -> path) reaches, ?property to its name."""
    return "\n  UNION ".join(f'{{ ?entity {path} ?value BIND("{name}" AS ?property) }}' for name, path in values.items())


def _paths(attributes: Iterable[Attribute]) -> dict[str, str]:
    return {a.name: a.sparql for a in attributes}


def _first(values: Properties, name: str) -> str | None:
    """The smallest value (so the bytes never depend on the order the store gives them), or None."""
    return min(values.get(name, ()), default=None)


def _kind_nodes(store: ox.Store, kind: NodeKind) -> dict[str, Properties]:
    """Every IRI of one of the kind's classes, with its labels, types and attributes; one query for the kind.

    OPTIONAL, so a node with none of them is still found."""
    found: dict[str, Properties] = {}
    paths = {LABEL: "rdfs:label", TYPES: "rdf:type", **_paths(kind.attributes)}
    query = (f"SELECT ?entity ?property ?value WHERE {{\n"
             f"  {{ SELECT DISTINCT ?entity WHERE {{ VALUES ?class {{ {_iris(kind.classes)} }} ?entity a ?class "
             f"FILTER(isIRI(?entity)) }} }}\n"
             f"  OPTIONAL {{ {_branches(paths)} }}\n}}\n")
    # Unpacked by position, which is cheaper than looking each variable up by name.
    for node, prop, value in select(store, query):
        values = found.setdefault(node.value, {})
        if prop is not None:
            values.setdefault(prop.value, set()).add(value.value)
    return found


def _type_name(values: Properties, kind: NodeKind) -> str:
    """The (smallest) name of the node's class among its kind's groups, else among the kind's other classes."""
    types = values.get(TYPES, set())
    for classes in (kind.group_classes, kind.classes):
        if names := [str(cls).rsplit("#", 1)[-1] for cls in classes if str(cls) in types]:
            return min(names)
    return kind.names["graphml"]


def _facts(store: ox.Store, spec: EdgeKind) -> dict[str, Properties]:
    """Every entity of the fact's class with its ends (IRIs only), labels, attributes and the rpmItem of its
    agenda item; one query for the kind. A fact without ends makes no edge, so no OPTIONAL.
    Each of these is single-valued in the builder's graph; were one not, the edge would take the smallest value."""
    assert spec.source is not None and spec.target is not None
    found: dict[str, Properties] = {}
    ends = {SOURCE: spec.source.sparql, TARGET: spec.target.sparql}
    paths = {LABEL: "rdfs:label", **_paths(spec.attributes), RPM_ITEM: "ckg:agendaItem/ckg:rpmItem"}
    query = (f"SELECT ?entity ?property ?value WHERE {{\n  ?entity a <{spec.fact}> .\n"
             f"  {{ {_branches(ends)} FILTER(isIRI(?value)) }}\n  UNION {_branches(paths)}\n}}\n")
    for fact, prop, value in select(store, query):
        found.setdefault(fact.value, {}).setdefault(prop.value, set()).add(value.value)
    return found


def _links(store: ox.Store, spec: EdgeKind) -> Iterator[tuple[str, str]]:
    """(source, target) of every use of the link's property between two IRIs."""
    query = f"SELECT ?source ?target WHERE {{ ?source <{spec.prop}> ?target FILTER(isIRI(?target)) }}\n"
    for source, target in select(store, query):
        yield source.value, target.value


def node_id(iri: str, base: str) -> str:
    """A GraphML id (an XML NMTOKEN) made from the IRI: its path under the base, ':' for '/'."""
    text = str(iri)[len(base):] if str(iri).startswith(base) else str(iri)
    return re.sub(r"[^A-Za-z0-9._:-]", "_", text.replace("/", ":"))


def _attributes(values: Properties, attributes: Iterable[Attribute]) -> dict[str, str]:
    return {a.name: v for a in attributes if (v := _first(values, a.name)) is not None}


# Facts live in one meeting's reports (a statement, an attendance): a build asks for them meeting by meeting
# (kg.build.meeting_rows), so an edit asks again for its own meeting's only. By step name.
def _fact_step(spec: EdgeKind) -> str:
    return f"graphml-facts:{spec.names['graphml']}"


def _fact_rows(spec: EdgeKind, store: ox.Store) -> dict[str, dict[str, list[str]]]:
    """One meeting's facts of a kind, their values as sorted lists (the memo keeps them as JSON)."""
    return {fact: {name: sorted(values) for name, values in found.items()} for fact, found in _facts(store, spec).items()}


_FACT_KINDS = [spec for spec in views.load().edges_in("graphml") if spec.fact is not None]
MEETING_QUERIES = {_fact_step(spec): partial(_fact_rows, spec) for spec in _FACT_KINDS}

FactsOf = Callable[[EdgeKind], dict[str, Properties]]


def _meeting_facts(ctx: BuildContext | None) -> FactsOf | None:
    """The facts of a kind, merged from each meeting's (None where the build asks the whole store)."""
    by_meeting = {_fact_step(spec): meeting_rows(ctx, _fact_step(spec)) for spec in _FACT_KINDS}
    if any(rows is None for rows in by_meeting.values()):
        return None

    def facts(spec: EdgeKind) -> dict[str, Properties]:
        found: dict[str, Properties] = {}
        for meeting in by_meeting.get(_fact_step(spec)) or ():
            for fact, values in meeting.items():
                merged = found.setdefault(fact, {})
                for name, listed in values.items():
                    merged.setdefault(name, set()).update(listed)
        return found
    return facts


class StoreAnswers:
    """What the network reads of the whole store: each node kind's nodes and each link's (source, target) pairs
    between two nodes, sorted; the facts come meeting by meeting. Asked once, so the build can key its memo with
    them."""

    def __init__(self, store: ox.Store, view: views.View) -> None:
        self.nodes = {kind.name: _kind_nodes(store, kind) for kind in view.nodes_in("graphml")}
        every = self.node_set()
        self.links = {spec.names["graphml"]: sorted((source, target) for source, target in _links(store, spec)
                                                    if source in every and target in every)
                      for spec in view.edges_in("graphml") if spec.fact is None}

    def node_set(self) -> set[str]:
        return {node for by_node in self.nodes.values() for node in by_node}

    def key(self) -> bytes:
        """The SHA-256 of the answers as bytes that are the same whenever they are (sets sorted)."""
        nodes = {kind: {node: {name: sorted(values) for name, values in sorted(found.items())}
                        for node, found in sorted(by_node.items())} for kind, by_node in sorted(self.nodes.items())}
        return hashlib.sha256(json.dumps([nodes, self.links], ensure_ascii=False, sort_keys=True).encode("utf-8")
                              ).digest()


def _read_by_answers(view: views.View) -> tuple[set[str], set[str]] | None:
    """What :class:`StoreAnswers` reads: the node classes, the properties of a node it reads (types, labels,
    attributes, links) and the links' properties; None when an attribute is a path of more than one step (a line
    about another subject could then change a node's value)."""
    classes = {str(cls) for kind in view.nodes_in("graphml") for cls in kind.classes}
    read = {str(RDF.type), str(RDFS.label)}
    for kind in view.nodes_in("graphml"):
        for attribute in kind.attributes:
            if not isinstance(attribute.path, URIRef):
                return None
            read.add(str(attribute.path))
    links = {str(spec.prop) for spec in view.edges_in("graphml") if spec.fact is None}
    return classes, read | links


def _unchanged_answers(ctx: BuildContext | None, view: views.View) -> tuple[bytes, set[str]] | None:
    """The last build's answers' key and nodes, when no line this build changed in graph.nq is one the answers
    read (kg.build.previous says which changed): a line typing something with a node class, or a line about a
    node of a property the answers read. A line about anything else changes neither the nodes nor what they hold
    nor a link between two of them. None when that cannot be told."""
    change, memo = getattr(ctx, "graph_change", None), getattr(ctx, "memo", None)
    if change is None or change.lines is None or change.before is None or memo is None:
        return None
    read = _read_by_answers(view)
    found = memo.get(memo.key("graphml-answers", change.before))
    if read is None or found is None:
        return None
    classes, properties = read
    nodes = set(found[32:].decode("utf-8").split("\n"))
    for line in change.lines:
        subject, predicate, rest = line.split(" ", 2)
        predicate = predicate[1:-1]
        if predicate == str(RDF.type) and rest.startswith("<") and rest[1:rest.index(">")] in classes:
            return None
        if subject[1:-1] in nodes and predicate in properties:
            return None
    return found[:32], nodes


def _remember_answers(ctx: BuildContext | None, key: bytes, nodes: set[str]) -> None:
    """Keep the answers' key and nodes for the next build, under what stands for this build's graph.nq."""
    change, memo = getattr(ctx, "graph_change", None), getattr(ctx, "memo", None)
    if change is not None and memo is not None:
        memo.put(memo.key("graphml-answers", change.after), key + "\n".join(sorted(nodes)).encode("utf-8"))


def entity_graph(store: ox.Store, base: str = DEFAULT_BASE, view: views.View | None = None,
                 facts_of: FactsOf | None = None, answers: StoreAnswers | None = None) -> nx.MultiDiGraph[str]:
    """The network of the store's default graph (the union of all documents) as ``view`` (default kg/data/views.yaml)
    declares it for GraphML: nodes and edges added in sorted order, so the same graph gives the same file.
    ``facts_of``: each fact kind's facts, where they come from elsewhere than one query of ``store``; ``answers``:
    what it reads of the whole store, where that was asked already."""
    view = view or views.load()
    answers = answers or StoreAnswers(store, view)
    base = IRIs(base).base
    net: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    kinds: dict[str, NodeKind] = {}
    nodes: dict[str, Properties] = {}
    for kind in view.nodes_in("graphml"):
        for node, values in answers.nodes[kind.name].items():
            # A node of several kinds is of the first the view declares.
            if node not in kinds:
                kinds[node], nodes[node] = kind, values
    for node in sorted(kinds):
        kind, values = kinds[node], nodes[node]
        attrs = {"label": _first(values, LABEL) or node, "kind": kind.names["graphml"],
                 "type": _type_name(values, kind), **_attributes(values, kind.attributes)}
        net.add_node(node_id(node, base), iri=node, **attrs)
    edges: list[tuple[str, str, str, dict[str, str]]] = []
    for spec in view.edges_in("graphml"):
        name = spec.names["graphml"]
        if spec.fact is not None:
            for fact, values in (facts_of(spec) if facts_of is not None else _facts(store, spec)).items():
                source, target = _first(values, SOURCE), _first(values, TARGET)
                if source in kinds and target in kinds:
                    attrs = {"kind": name, "label": _first(values, LABEL) or name}
                    if rpm := _first(values, RPM_ITEM):
                        attrs["rpm_item"] = rpm
                    attrs.update(_attributes(values, spec.attributes))
                    edges.append((node_id(source, base), node_id(target, base), node_id(fact, base), attrs))
        else:
            for source, target in answers.links[name]:
                if source in kinds and target in kinds and (not spec.from_kinds or kinds[source].name in spec.from_kinds):
                    ends = node_id(source, base), node_id(target, base)
                    edges.append((*ends, f"{ends[0]}.{name}.{ends[1]}", {"kind": name, "label": name}))
    for source, target, key, attrs in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        net.add_edge(source, target, key=key, **attrs)
    return net


def to_graphml(net: nx.MultiDiGraph[str]) -> bytes:
    return ("\n".join(nx.generate_graphml(net, encoding="utf-8", prettyprint=True, named_key_ids=False)) + "\n").encode()


def export(ds: Dataset | None, ctx: BuildContext | None = None) -> dict[str, Content]:
    """Build step (pipeline EXPORTERS): graph.graphml, from the query store the build shares. ``ds`` is read only
    when the build has neither that store nor its quads yet (or there is no build context)."""
    base = ctx.base if ctx is not None else DEFAULT_BASE
    view = views.load()
    asked: list[StoreAnswers] = []

    def answers() -> StoreAnswers:
        if not asked:
            asked.append(StoreAnswers(dataset_store(ds, ctx), view))
        return asked[0]

    # The whole store is asked only when something it would answer from may have changed, or the file is made.
    known = _unchanged_answers(ctx, view)
    key, nodes = known if known is not None else (answers().key(), answers().node_set())
    _remember_answers(ctx, key, nodes)

    def make() -> dict[str, Content]:
        net = entity_graph(dataset_store(ds, ctx), base, view, facts_of=_meeting_facts(ctx), answers=answers())
        return {GRAPHML_FILE: to_graphml(net)}
    # Kept in the build's memo under the facts (meeting by meeting) and the answers of the whole store.
    return dict(made_of_rows(ctx, "graphml", [_fact_step(spec) for spec in _FACT_KINDS], make, also=key))
