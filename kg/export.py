"""Export stage: write the dataset as Turtle, TriG and N-Quads, sorted and replaced atomically."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.namespaces import PREFIXES


def _bind(graph: Graph | Dataset) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def union_graph(ds: Dataset) -> Graph:
    """All named graphs as one graph (a fact in two documents appears once)."""
    union = Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    _bind(union)
    return union


def sorted_nquads(ds: Dataset) -> str:
    """N-Quads with one line per quad, sorted, so the same data gives the same bytes."""
    text = ds.serialize(format="nquads")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def sorted_trig(ds: Dataset) -> str:
    """TriG with the named graphs in IRI order, so the same data gives the same bytes.

    rdflib writes a dataset's graphs in the order of a set; here each graph is
    written as Turtle (whose subjects rdflib sorts) and wrapped in its block.
    """
    prefixes: set[str] = set()
    blocks: list[str] = []
    for graph in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if len(graph) == 0 or graph.identifier == DATASET_DEFAULT_GRAPH_ID:
            continue
        part = Graph()
        _bind(part)
        for triple in graph:
            part.add(triple)
        body: list[str] = []
        for line in part.serialize(format="turtle").splitlines():
            if not body and line.startswith("@prefix "):
                prefixes.add(line)
            elif line.strip() or body:
                body.append(line)  # not indented: a line may lie inside a multi-line literal
        while body and not body[-1]:
            body.pop()
        blocks.append(f"<{graph.identifier}> {{\n" + "\n".join(body) + "\n}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


def serialize_all(ds: Dataset, unresolved: list[tuple[str, str, str, str]]) -> dict[str, bytes]:
    """File name -> content for every export."""
    _bind(ds)
    union = union_graph(ds)
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(["kind", "name", "guessed_type", "documents"])
    writer.writerows(unresolved)
    return {
        "graph.ttl": union.serialize(format="turtle").encode("utf-8"),
        "graph.trig": sorted_trig(ds).encode("utf-8"),
        "graph.nq": sorted_nquads(ds).encode("utf-8"),
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
