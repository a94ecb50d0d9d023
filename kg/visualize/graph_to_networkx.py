"""RDF to networkx as viz.yaml declares, plus the analytics the views need (degree, co-statements, communities)."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from kg.namespaces import CKG, OA
from kg.rdf.io import identifier, ordered
from kg.visualize.declarations import Declarations, FieldDecl, GroupDecl, Step

SPOKE_ON = "spoke_on"  # the edge kind the co-statement network is made of
CONTEXT_CHARS = 90  # characters of the paragraph shown either side of a quote


@dataclass(frozen=True)
class Quote:
    """A verbatim source passage and where it is: document file and paragraph number."""

    text: str
    file: str | None = None
    paragraph: int | None = None
    before: str = ""  # the paragraph's words around the quote, for context
    after: str = ""

    @property
    def source(self) -> str:
        where = self.file or "unknown document"
        return f"{where}, para. {self.paragraph}" if self.paragraph is not None else where


def node_key(iri: URIRef, base: str) -> str:
    """The node id: the IRI after the base (``state/BRA``), else the whole IRI."""
    text = str(iri)
    return text[len(base):] if base and text.startswith(base) and len(text) > len(base) else text


# A file name holds at most 255 bytes, and the build stages each page under a longer temporary name.
MAX_NAME_PART = 100


def page_path(key: str) -> str:
    """The page file of a node, relative to the pages folder: ``state/BRA.html``. A part of the key too long
    for a file name is cut and given a hash of the whole part, so any name makes a page and two never meet."""
    if "://" in key:
        key = "entity/" + key.split("://", 1)[1]
    parts = []
    for part in (p for p in key.split("/") if p):
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", part).strip(".-") or "x"
        if len(name) > MAX_NAME_PART:
            digest = hashlib.sha256(part.encode("utf-8")).hexdigest()[:16]
            name = f"{name[:MAX_NAME_PART - 17].rstrip('.-')}-{digest}"
        parts.append(name)
    return "/".join(parts) + ".html"


def _text(value: object) -> str:
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, bool):
            return "yes" if python else "no"
        return str(value)
    return str(value)


def field_value(g: Graph, subject: Node, spec: FieldDecl) -> str | None:
    """The value of one declared field of ``subject``, or None when the graph holds none."""
    words = dict(spec.values)
    values = sorted(v for v in {words.get(t, t) for t in (_text(o) for o in g.objects(subject, spec.path))}
                    if spec.max_length is None or len(v) <= spec.max_length)
    if not values:
        return None
    if spec.pick == "shortest":
        return min(values, key=lambda v: (len(v), v))
    if spec.pick == "join":
        return "; ".join(values)
    return values[0]


def caption(formats: tuple[str, ...], fields: dict[str, str | None], fallback: str) -> str:
    """The first caption format whose fields all have values."""
    present = {k: v for k, v in fields.items() if v}
    for fmt in formats:
        try:
            return fmt.format(**present)
        except (KeyError, IndexError, ValueError):
            continue
    return fallback


def _group_of(g: Graph, subject: URIRef, decl: Declarations) -> GroupDecl | None:
    types = set(g.objects(subject, RDF.type))
    return next((group for group in decl.groups if types.intersection(group.classes)), None)


def context(text: str, quote: str, chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Up to ``chars`` characters of ``text`` either side of the first ``quote`` in it, cut at spaces."""
    at = text.find(quote)
    if at < 0:
        return "", ""
    before, after = text[max(0, at - chars):at], text[at + len(quote):at + len(quote) + chars]
    if at > chars and " " in before:
        before = "…" + before[before.index(" ") + 1:]
    if at + len(quote) + chars < len(text) and " " in after:
        after = after[:after.rindex(" ")] + "…"
    return before, after


def evidence(g: Graph, fact: Node) -> list[Quote]:
    """The quotes the Web Annotations of ``fact`` select, each with its document, paragraph and context."""
    paragraphs: dict[Node | None, tuple[int, str]] = {}
    for para in g.objects(fact, PROV.wasDerivedFrom):
        number = g.value(para, CKG.paragraphNumber)
        report = g.value(para, CKG.inReport)
        if number is not None and report is not None:
            paragraphs[report] = (int(str(number)), str(g.value(para, CKG.text) or ""))
    quotes = set()
    for annotation in g.subjects(OA.hasBody, fact):
        for target in g.objects(annotation, OA.hasTarget):
            report = g.value(target, OA.hasSource)
            file = g.value(report, CKG.fileName) if report is not None else None
            for selector in g.objects(target, OA.hasSelector):
                exact = g.value(selector, OA.exact)
                if exact is not None:
                    paragraph, text = paragraphs.get(report, (None, ""))
                    quotes.add(Quote(str(exact), str(file) if file else None, paragraph, *context(text, str(exact))))
    return sorted(quotes, key=_quote_order)


def _quote_order(q: Quote) -> tuple[str, int, str, str]:
    return (q.file or "", q.paragraph or 0, q.text, q.before)


def passages(g: Graph, fact: Node, path: Step) -> list[Quote]:
    """Quotes of a fact without annotations: the words at ``path``, within the paragraph it derives from."""
    quotes = set()
    for para in g.objects(fact, PROV.wasDerivedFrom):
        number, text = g.value(para, CKG.paragraphNumber), str(g.value(para, CKG.text) or "")
        file = g.value(g.value(para, CKG.inReport), CKG.fileName) if g.value(para, CKG.inReport) else None
        for words in g.objects(fact, path):
            quotes.add(Quote(str(words), str(file) if file else None, int(str(number)) if number is not None else None,
                             *context(text, str(words))))
    return sorted(quotes, key=_quote_order)


def to_networkx(g: Graph, decl: Declarations, base: str) -> nx.MultiDiGraph[str]:
    """Every declared node and edge of ``g``; edges are keyed by their kind and carry a weight and quotes."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    subjects = sorted({s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)})
    ids: dict[Node, str] = {}
    for subject in subjects:
        group = _group_of(g, subject, decl)
        if group is None:
            continue
        key = node_key(subject, base)
        ids[subject] = key
        values = {f.name: field_value(g, subject, f) for f in group.fields}
        label = str(g.value(subject, RDFS.label) or key)
        graph.add_node(
            key, iri=str(subject), group=group.name, label=label,
            caption=decl.caption_overrides.get(key) or caption(group.caption, values, label),
            heading=caption(group.heading, values, label),
            details=[(title, values[name]) for title, name in group.details if values.get(name)],
            quote=values.get(group.quote) if group.quote else None,
            quote_source=values.get(group.quote_source) if group.quote_source else None,
            page=page_path(key) if group.has_page else None,
            meetings=(), values={k: v for k, v in values.items() if v},
        )
    _meetings(g, decl, graph, ids)
    _edges(g, decl, graph, ids)
    return graph


def _meetings(g: Graph, decl: Declarations, graph: nx.MultiDiGraph[str], ids: dict[Node, str]) -> None:
    for subject, key in ids.items():
        group = decl.group(graph.nodes[key]["group"])
        if group.is_meeting:
            found = [key]
        elif group.meetings is not None:
            found = [ids[m] for m in g.objects(subject, group.meetings) if m in ids]
        else:
            found = []
        graph.nodes[key]["meetings"] = tuple(sorted(set(found)))


def _add_edge(graph: nx.MultiDiGraph[str], u: str, v: str, kind: str, fields: dict[str, str | None],
              quotes: list[Quote]) -> None:
    if graph.has_edge(u, v, key=kind):
        data = graph.edges[u, v, kind]
        data["weight"] += 1
    else:
        graph.add_edge(u, v, key=kind, kind=kind, weight=1, fields=[], quotes=[])
        data = graph.edges[u, v, kind]
    described = {k: v for k, v in fields.items() if v}
    if described and described not in data["fields"]:
        data["fields"].append(described)
    for quote in quotes:
        if quote not in data["quotes"]:
            data["quotes"].append(quote)


def _edges(g: Graph, decl: Declarations, graph: nx.MultiDiGraph[str], ids: dict[Node, str]) -> None:
    for edge in decl.edges.values():
        if edge.via is not None:
            for fact in ordered(g.subjects(RDF.type, edge.via)):
                fields = {f.name: field_value(g, fact, f) for f in edge.fields}
                quotes = evidence(g, fact) or (passages(g, fact, edge.quote) if edge.quote is not None else [])
                for source in ordered(g.objects(fact, edge.source)):
                    for target in ordered(g.objects(fact, edge.target)):
                        if source in ids and target in ids:
                            _add_edge(graph, ids[source], ids[target], edge.name, fields, quotes)
        else:
            for source, target in sorted((identifier(s), identifier(o)) for s, o in g.subject_objects(edge.prop)):
                if source not in ids or target not in ids:
                    continue
                if edge.from_groups is not None and graph.nodes[ids[source]]["group"] not in edge.from_groups:
                    continue
                _add_edge(graph, ids[source], ids[target], edge.name, {}, [])


# -- views --------------------------------------------------------------------------------------------------
def view(graph: nx.MultiDiGraph[str], groups: list[str], edges: list[str]) -> nx.MultiDiGraph[str]:
    """The nodes of ``groups`` and the edges of kinds ``edges`` between them; isolated nodes stay."""
    keep = [n for n, d in graph.nodes(data=True) if d["group"] in groups]
    sub: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    sub.add_nodes_from((n, graph.nodes[n]) for n in keep)
    # types-networkx allows only (u, v) and (u, v, data), but a multigraph also takes (u, v, key, data).
    sub.add_edges_from((u, v, k, d) for u, v, k, d in graph.subgraph(keep).edges(keys=True, data=True)  # type: ignore[misc]
                       if k in edges)
    return sub


def ego(graph: nx.MultiDiGraph[str], centre: str, expand: tuple[str, ...], depth: int = 1) -> nx.MultiDiGraph[str]:
    """The page of one node: it, its neighbours, and what ``expand`` edges reach from them in ``depth`` steps.

    An edge kind in ``expand`` is followed from source to target; ``^kind`` from target to source.
    """
    forward = {k for k in expand if not k.startswith("^")}
    backward = {k[1:] for k in expand if k.startswith("^")}
    keep = {centre} | set(nx.all_neighbors(graph, centre))
    frontier = keep - {centre}
    for _step in range(depth):
        reached = {v for node in frontier for _u, v, k in graph.out_edges(node, keys=True) if k in forward}
        reached |= {u for node in frontier for u, _v, k in graph.in_edges(node, keys=True) if k in backward}
        frontier = reached - keep
        keep |= reached
    return graph.subgraph(sorted(keep)).copy()


def degrees(graph: nx.MultiDiGraph[str]) -> dict[str, int]:
    """Number of distinct neighbours of each node (edges in either direction, any kind, counted once)."""
    return {n: len(set(graph.predecessors(n)) | set(graph.successors(n))) for n in graph.nodes}


def co_statements(graph: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Actors linked when they made statements on the same agenda item of the same meeting; weight = items."""
    items: dict[str, set[str]] = defaultdict(set)
    for actor, item, kind in graph.edges(keys=True):
        if kind == SPOKE_ON:
            items[item].add(actor)
    network: nx.Graph[str] = nx.Graph()
    for actor in sorted({a for actors in items.values() for a in actors}):
        network.add_node(actor, **graph.nodes[actor])
    for item in sorted(items):
        actors = sorted(items[item])
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                if network.has_edge(a, b):
                    network[a][b]["weight"] += 1
                    network[a][b]["items"].append(item)
                else:
                    network.add_edge(a, b, weight=1, items=[item])
    return network


def communities(network: nx.Graph[str], seed: int) -> dict[str, int]:
    """Louvain communities (fixed seed), numbered from 1 by size, then by their first member."""
    if network.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(network.nodes), start=1)}
    found = nx.community.louvain_communities(network, weight="weight", seed=seed)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {node: number for number, members in enumerate(ordered, start=1) for node in members}
