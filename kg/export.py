"""Export stage: write the dataset as Turtle, TriG and N-Quads, sorted and replaced atomically."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

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
        "graph.trig": ds.serialize(format="trig").encode("utf-8"),
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
