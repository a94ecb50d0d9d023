"""RDF terms between rdflib and Oxigraph, and export files read back into rdflib through Oxigraph's faster parsers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import overload

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Identifier, Node

# Any term an Oxigraph parser or store gives (a Triple only in RDF-star data, which this project never writes).
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_PLAIN = {XSD.string.toPython(), RDF.langString.toPython()}
_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
            ".trig": ox.RdfFormat.TRIG}


class _Terms:
    """Oxigraph terms as the rdflib terms its parsers would have made; each distinct term converted once (a
    node recurs in every triple about it)."""

    def __init__(self) -> None:
        self._seen: dict[object, Identifier] = {}

    @overload
    def __call__(self, term: ox.NamedNode | ox.BlankNode) -> URIRef | BNode: ...
    @overload
    def __call__(self, term: OxTerm) -> Identifier: ...

    def __call__(self, term: OxTerm) -> Identifier:
        found = self._seen.get(term)
        if found is None:
            found = self._seen[term] = to_rdflib(term)
        return found


@overload
def to_rdflib(term: ox.NamedNode) -> URIRef: ...
@overload
def to_rdflib(term: ox.NamedNode | ox.BlankNode) -> URIRef | BNode: ...
@overload
def to_rdflib(term: OxTerm) -> Identifier: ...


def to_rdflib(term: OxTerm) -> Identifier:
    """The rdflib term for an Oxigraph one, as rdflib's parsers would make it (a TypeError for an RDF-star
    triple)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # rdflib writes a simple literal without a datatype, where Oxigraph reports xsd:string.
        return Literal(term.value, datatype=None if datatype in _PLAIN else URIRef(datatype))
    raise TypeError(f"cannot read RDF term {term!r}")


def identifier(node: Node) -> Identifier:
    """``node`` as the rdflib term it is: what an rdflib graph gives is an Identifier (an IRI, a blank node or a
    literal), which rdflib can sort; anything else is a TypeError, as sorting it would be."""
    if not isinstance(node, Identifier):
        raise TypeError(f"not an RDF term: {node!r}")
    return node


def ordered(nodes: Iterable[Node]) -> list[Identifier]:
    """``nodes`` sorted as rdflib orders its terms (see :func:`identifier`)."""
    return sorted(identifier(node) for node in nodes)


def to_oxigraph(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The Oxigraph term for an rdflib one."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot export RDF term {term!r}")


def to_oxigraph_node(term: object) -> ox.NamedNode | ox.BlankNode:
    """The Oxigraph term for an rdflib IRI or blank node: a subject or graph name (a TypeError for a literal)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot export RDF term {term!r} as a subject or graph name")


def to_oxigraph_iri(term: object) -> ox.NamedNode:
    """The Oxigraph term for an rdflib IRI: a predicate or graph name (a TypeError for anything else)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    raise TypeError(f"cannot export RDF term {term!r} as a predicate or graph name")


# What rdflib's memory store took per byte of the file it was read from (50 reports: graph.nq 40 MB -> 198 MiB,
# graph.ttl 13 MB -> 127 MiB), rounded up.
_MEMORY_PER_BYTE = {ox.RdfFormat.N_QUADS: 5, ox.RdfFormat.N_TRIPLES: 5, ox.RdfFormat.TURTLE: 10, ox.RdfFormat.TRIG: 10}


class TooLargeForMemory(MemoryError):
    """Reading an RDF file into rdflib would take more memory than the machine has available."""


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation (MemAvailable of /proc/meminfo), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def check_memory(path: Path, fmt: ox.RdfFormat, name: str | None = None) -> None:
    """Raise TooLargeForMemory, naming the file (``name``, else ``path``), when reading ``path`` into rdflib would
    take more than 80% of the memory available: better a clear error than the machine killing the process."""
    need = path.stat().st_size * _MEMORY_PER_BYTE.get(fmt, 10)
    available = available_memory()
    if available is not None and need > 0.8 * available:
        raise TooLargeForMemory(
            f"{name or path}: reading this graph into rdflib (for the HTML networks, `kg validate` or the rdflib query "
            f"engine) would take about {need / 2**30:.1f} GiB, and {available / 2**30:.1f} GiB is available; build "
            "with --no-viz (a build checks the shapes a few meetings at a time) and query with the Oxigraph engine")


def _parse(path: Path, fmt: ox.RdfFormat | None = None, name: str | None = None) -> Iterable[ox.Quad | ox.Triple]:
    fmt = fmt or _FORMATS.get(path.suffix)
    if fmt is None:
        raise ValueError(f"{path}: not an RDF file this reader knows ({', '.join(sorted(_FORMATS))})")
    check_memory(path, fmt, name)
    return ox.parse(path=str(path), format=fmt)


def read_graph(path: Path, graph: Graph | None = None) -> Graph:
    """The triples of ``path`` (Turtle or N-Triples; the quads of N-Quads or TriG, their graphs ignored), added
    to ``graph`` or a new one."""
    return add_triples(_parse(path), Graph() if graph is None else graph)


def add_triples(statements: Iterable[ox.Quad | ox.Triple], target: Graph) -> Graph:
    """Oxigraph triples or quads added to an rdflib graph (graphs ignored); the graph."""
    term = _Terms()
    for statement in statements:
        target.add((term(statement.subject), term(statement.predicate), term(statement.object)))
    return target


def triples_graph(statements: Iterable[ox.Quad | ox.Triple]) -> Graph:
    """Oxigraph triples or quads (graphs ignored) in a new rdflib graph to be read, not changed or queried by
    context: rdflib's SimpleMemory store, which indexes without contexts or events, fills in about 0.7 of the time
    of its default store (the build's meeting hooks read one such graph per meeting)."""
    return add_triples(statements, Graph(store="SimpleMemory"))


def read_dataset(path: Path, fmt: ox.RdfFormat | None = None, name: str | None = None) -> Dataset:
    """The quads of ``path`` (N-Quads or TriG; ``fmt``, else from the name) in a new rdflib Dataset, each in its
    named graph. Raises TooLargeForMemory (naming the file ``name``, else ``path``) when they would not fit."""
    return dataset_of_quads(_parse(path, fmt, name))


def dataset_of_quads(quads: Iterable[ox.Quad | ox.Triple]) -> Dataset:
    """``quads`` in a new rdflib Dataset, each in its named graph (a triple in the default graph)."""
    ds = Dataset()
    term = _Terms()
    graphs: dict[object, Graph] = {}
    for quad in quads:
        graph_name = quad.graph_name if isinstance(quad, ox.Quad) else ox.DefaultGraph()
        target = graphs.get(graph_name)
        if target is None:
            target = graphs[graph_name] = (ds.default_graph if isinstance(graph_name, ox.DefaultGraph)
                                           else ds.graph(term(graph_name)))
        target.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return ds
