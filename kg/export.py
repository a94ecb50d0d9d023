"""Export stage: write the dataset as Turtle, TriG and N-Quads, sorted and replaced atomically."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.paths import Path as RdfPath

from kg.namespaces import PREFIXES


def _bind(graph: Graph | Dataset) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


class UnionView(Graph):
    """Every named graph of a dataset read as one graph, without copying: a triple in two graphs appears once.

    It reads the dataset's own store (rdflib's memory store indexes each triple once, whatever its graphs), so it
    sees what is added to the dataset later. Read only: add to the dataset's named graphs instead.
    """

    def __init__(self, ds: Dataset) -> None:
        super().__init__(store=ds.store, identifier=URIRef("urn:x-congress-kg:union"))
        _bind(self)

    def triples(self, triple):  # type: ignore[no-untyped-def, override]
        s, p, o = triple
        if isinstance(p, RdfPath):
            for _s, _o in p.eval(self, s, o):
                yield _s, p, _o
            return
        for (_s, _p, _o), _graphs in self.store.triples((s, p, o), context=None):
            yield _s, _p, _o

    def __len__(self) -> int:
        return self.store.__len__(context=None)  # type: ignore[call-arg]

    def add(self, triple):  # type: ignore[no-untyped-def, override]
        raise TypeError("a UnionView is read only; add to one of the dataset's named graphs")

    def remove(self, triple):  # type: ignore[no-untyped-def, override]
        raise TypeError("a UnionView is read only; remove from one of the dataset's named graphs")


def union_graph(ds: Dataset) -> Graph:
    """All named graphs of ``ds`` as one read-only graph (a fact in two documents appears once), made in no time:
    a view, not a copy."""
    return UnionView(ds)


def _ox_term(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
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


def sorted_quads(ds: Dataset) -> list[ox.Quad]:
    """Every quad of ``ds`` as Oxigraph terms, sorted, so the same data always serializes the same."""
    quads = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        graph = g.identifier if isinstance(g, Graph) else g
        name = ox.DefaultGraph() if graph is None or str(graph).startswith("urn:x-rdflib:default") else _ox_term(graph)
        quads.add(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), name))
    return sorted(quads, key=str)


def sorted_nquads(ds: Dataset) -> str:
    """N-Quads with one line per quad, sorted, so the same data gives the same bytes."""
    return ox.serialize(sorted_quads(ds), format=ox.RdfFormat.N_QUADS).decode("utf-8")


def serialize_all(ds: Dataset, unresolved: list[tuple[str, str, str, str]],
                  quads: list[ox.Quad] | None = None) -> dict[str, bytes]:
    """File name -> content for every export (``quads``: ``sorted_quads(ds)`` when the caller has it already)."""
    quads = sorted_quads(ds) if quads is None else quads
    triples = sorted({q.triple for q in quads}, key=str)
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(["kind", "name", "guessed_type", "documents"])
    writer.writerows(unresolved)
    return {
        # Oxigraph's serializers are fast and keep the (sorted) input order.
        "graph.ttl": ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES),
        "graph.trig": ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES),
        "graph.nq": ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
        "unresolved.csv": rows.getvalue().encode("utf-8"),
    }


def write_atomically(out: Path, files: dict[str, bytes]) -> None:
    """Write every file to a temporary name first, then move each into place."""
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, content in sorted(files.items()):
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            os.fchmod(fd, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            staged.append((name, Path(tmp)))
    except BaseException:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
        raise
    for name, tmp in staged:
        os.replace(tmp, out / name)
