"""OWL reasoning: HermiT (through owlready2, the one module that imports it) checks graph and ontology agree."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from kg.build.context import scratch_prefix
from kg.namespaces import ONTOLOGY_FILE
from kg.rdf.io import ordered


@dataclass(frozen=True)
class Consistency:
    """HermiT's answer: consistent or not, how long it took, and what it said when it was not."""

    consistent: bool
    seconds: float
    triples: int
    detail: str = ""


def load_ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def reasoner_graph(data: Graph, ontology: Graph | None = None) -> Graph:
    """The ontology plus what of ``data`` can bear on consistency.

    Kept: every rdf:type, every object property and owl:sameAs link, and the
    values of datatype properties whose range is not a plain string (numbers,
    booleans, dates).  Left out: labels, texts, quotes and other strings, and
    predicates the ontology does not declare, which cannot contradict it.
    """
    ontology = load_ontology() if ontology is None else ontology
    objects = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | {OWL.sameAs}
    strings = {p for p in ontology.subjects(RDF.type, OWL.DatatypeProperty)
               if ontology.value(p, RDFS.range) in (None, XSD.string)}
    data_props = set(ontology.subjects(RDF.type, OWL.DatatypeProperty)) - strings
    out = Graph()
    for triple in ontology:
        out.add(triple)
    for s, p, o in data:
        if p == RDF.type or p in objects or (p in data_props and isinstance(o, Literal)):
            out.add((s, p, o))
    return out


def _members(g: Graph, head: Node | None) -> list[Node | None]:
    items = []
    while head is not None and head != RDF.nil:
        items.append(g.value(head, RDF.first))
        head = g.value(head, RDF.rest)
    return items


def disjoint_clashes(graph: Graph) -> list[str]:
    """Individuals typed (directly or through subclasses) with two classes the ontology declares disjoint.

    HermiT says only *that* a graph is inconsistent; this names the commonest reason in words.
    """
    supers: dict[Node, set[Node]] = {}
    for cls in set(graph.subjects(RDFS.subClassOf, None)) | set(graph.objects(None, RDFS.subClassOf)):
        seen, todo = {cls}, [cls]
        while todo:
            for parent in graph.objects(todo.pop(), RDFS.subClassOf):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        supers[cls] = seen
    pairs: set[frozenset[Node | None]] = {frozenset(p) for p in graph.subject_objects(OWL.disjointWith)}
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = _members(graph, graph.value(group, OWL.members))
        pairs |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1:]}
    found = []
    for individual in ordered(set(graph.subjects(RDF.type, None))):
        types = set()
        for t in graph.objects(individual, RDF.type):
            types |= supers.get(t, {t})
        for pair in sorted(pairs, key=lambda p: sorted(map(str, p))):
            if pair <= types:
                a, b = sorted(map(str, pair))
                found.append(f"<{individual}> is both <{a}> and <{b}>, which the ontology declares disjoint")
    return found


def check_consistency(graph: Graph) -> Consistency:
    """Run HermiT on ``graph`` (an ontology with its individuals); Java must be on PATH.

    Literals of datatypes outside the OWL 2 datatype map (xsd:date, xsd:gYear)
    are passed over by HermiT rather than rejected; the shapes check those.
    """
    from owlready2 import OwlReadyInconsistentOntologyError, World, sync_reasoner_hermit

    fd, path = tempfile.mkstemp(suffix=".nt", prefix=scratch_prefix("reason", hidden=False))
    os.close(fd)
    started = time.perf_counter()
    try:
        graph.serialize(destination=path, format="nt", encoding="utf-8")
        world = World()
        world.get_ontology(f"file://{path}").load()
        try:
            sync_reasoner_hermit(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
        except OwlReadyInconsistentOntologyError as exc:
            detail = "\n".join([str(exc) or "HermiT: the ontology and the data are inconsistent",
                                 *disjoint_clashes(graph)])
            return Consistency(False, time.perf_counter() - started, len(graph), detail)
        finally:
            world.close()
        return Consistency(True, time.perf_counter() - started, len(graph))
    finally:
        os.unlink(path)
