"""Extraction cases: each folder's report built alone, as `kg build` builds it, and its document graph as Turtle.

``python -m tests.cases.extract.regenerate`` (from the repository root) writes every case's expected.ttl again
from the code as it is; ``tests/extract/test_cases.py`` builds each case and compares with that file as graphs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.build.graphs import build_dataset
from kg.namespaces import DEFAULT_BASE, PREFIXES
from kg.rdf.io import to_oxigraph, to_oxigraph_iri, to_oxigraph_node

CASES = Path(__file__).resolve().parent
EXPECTED = "expected.ttl"
# The report of a case is the one file of the folder called report.<any format the build reads>.
REPORT_STEM = "report"


def case_folders() -> list[Path]:
    """Every case folder, in name order: a folder of this one holding a report file."""
    return sorted(folder for folder in CASES.iterdir() if folder.is_dir() and list(folder.glob(f"{REPORT_STEM}.*")))


def report_of(folder: Path) -> Path:
    """The case's report; a folder with none or several is an error, so no case is silently left out."""
    reports = sorted(folder.glob(f"{REPORT_STEM}.*"))
    if len(reports) != 1:
        raise ValueError(f"{folder.name}: expected one {REPORT_STEM}.* file, found {[p.name for p in reports]}")
    return reports[0]


def document_graph(folder: Path) -> Graph:
    """The named graph the build writes for the case's report (read -> structure -> extract -> resolve ->
    graph), with what the reference graph says of the actors and instruments it names (their kind, labels, and
    ``ckg:unresolved`` for a name not in kg/data), and without what the enrichers derive: the case is about
    extraction and resolution, and the rest of the reference graph is the same for every case."""
    report = report_of(folder)
    result = build_dataset([report])
    if result.failed or result.dataset is None or result.context is None:
        raise ValueError(f"{folder.name}: {report.name} was not built: {result.failed}")
    iris = result.context.builder.iris
    others = {iris.reference_graph(), iris.derived_graph()}
    names = [g.identifier for g in result.dataset.graphs()
             if g.identifier not in others and len(g) and isinstance(g.identifier, URIRef)]
    if len(names) != 1:
        raise ValueError(f"{folder.name}: expected one document graph, found {names}")
    graph = Graph()
    for triple in result.dataset.graph(names[0]):
        graph.add(triple)
    reference = result.dataset.graph(iris.reference_graph())
    for named in {o for o in graph.objects() if isinstance(o, URIRef)}:
        for triple in reference.triples((named, None, None)):
            graph.add(triple)
    return graph


def turtle(graph: Graph) -> bytes:
    """``graph`` as Turtle a reader can follow and a diff can show: the triples sorted (so each subject's are
    together), the project's prefixes, and IRIs of the build written relative to its base (``<state/ARG>``).
    The same graph always gives the same bytes."""
    triples = sorted((ox.Triple(to_oxigraph_node(s), to_oxigraph_iri(p), to_oxigraph(o)) for s, p, o in graph), key=str)
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES, base_iri=DEFAULT_BASE)
    assert body is not None  # None only when an output file is given
    lines = body.decode("utf-8").splitlines(keepends=True)
    # Oxigraph writes the prefixes relative to the base too (</congress-kg/ontology#>): valid, but hard to read,
    # so its header is replaced with the same declarations spelt in full.
    while lines and lines[0].startswith(("@base", "@prefix")):
        lines.pop(0)
    header = [f"@base <{DEFAULT_BASE}> .\n"] + [f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(PREFIXES.items())]
    # A blank line before each subject: its other lines start with a tab (Oxigraph escapes line breaks in
    # literals, so a line of its own never starts inside one).
    spaced = ["\n" + line if not line.startswith("\t") else line for line in lines]
    return "".join([*header, *spaced]).encode("utf-8")


def regenerate(folders: list[Path]) -> list[Path]:
    """Write each folder's expected.ttl from the build as it is now; the files whose content changed."""
    changed = []
    for folder in folders:
        path = folder / EXPECTED
        content = turtle(document_graph(folder))
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
            changed.append(path)
    return changed


def main(argv: list[str]) -> int:
    """Regenerate the cases named (folder names), or all of them."""
    folders = [CASES / name for name in argv] if argv else case_folders()
    changed = regenerate(folders)
    for path in changed:
        print(f"wrote {path.relative_to(CASES)}")
    print(f"{len(folders)} cases, {len(changed)} expected.ttl changed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
