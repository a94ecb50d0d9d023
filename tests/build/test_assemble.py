"""The assemble stage: the graph as sorted N-Quads lines spooled on disk equals the rdflib dataset of the same
reports, line for line, and the spool sorts and removes duplicates across its runs on disk."""

from __future__ import annotations

import random
import types
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg.build import steps
from kg.build.assemble import GraphParts, QuadSpool, graph_of
from kg.build.export import sorted_nquads
from kg.build.graphs import assemble_graph, build_dataset
from kg.namespaces import CKG
from tests.conftest import ROOT

CORPUS = ROOT / "corpus"


def test_spool_gives_every_line_once_in_order_across_runs_on_disk() -> None:
    lines = [f"<urn:s{n % 97}> <urn:p> \"{n % 500}\" <urn:g{n % 3}> .\n" for n in range(2_000)]
    random.Random(7).shuffle(lines)
    spool = QuadSpool(run_lines=300)  # runs of 500 lines written to disk, and a remainder in memory
    for start in range(0, len(lines), 250):
        spool.add_lines(lines[start:start + 250])
    assert len(list(Path(spool._folder.name).iterdir())) == 4
    assert list(spool.sorted_lines()) == sorted(set(lines))


def test_spool_lines_are_what_oxigraph_writes() -> None:
    spool = QuadSpool()
    triples = [(URIRef("urn:a"), URIRef("urn:p"), Literal('say "hi"\n', lang="en")),
               (URIRef("urn:a"), URIRef("urn:p"), Literal("3", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))]
    spool.add(URIRef("urn:g"), triples)
    written = "".join(spool.sorted_lines()).encode("utf-8")
    parsed = list(ox.parse(written, format=ox.RdfFormat.N_QUADS))
    assert ox.serialize(sorted(parsed, key=str), format=ox.RdfFormat.N_QUADS) == written


def test_assembled_graph_is_the_dataset_line_for_line() -> None:
    dataset = build_dataset([CORPUS])
    assembled = assemble_graph([CORPUS])
    assert dataset.dataset is not None and assembled.spool is not None
    lines = "".join(assembled.spool.sorted_lines())
    assert lines == sorted_nquads(dataset.dataset)
    assert "/graph/derived>" in lines and "ThemeAssignment" in lines and "Revision>" in lines  # enrichers ran
    assert assembled.built == dataset.built and assembled.unresolved == dataset.unresolved


def test_parts_read_back_every_piece_however_small() -> None:
    """The last lines added are read back too: a small piece used to wait in the file object's buffer, which the
    parts' reads (os.pread) do not see."""
    parts = GraphParts()
    first = ['<a> <p> "1" <g> .\n']
    last = ['<b> <p> "2" <derived> .\n']
    parts.add("meeting", first, document=True)
    parts.add("~corpus", last, document=False)
    assert parts.nquads("meeting") == first[0].encode() and parts.nquads("~corpus") == last[0].encode()
    assert {name: list(lines) for name, lines in parts.graphs().items()} == {"g": first, "derived": last}


def test_a_part_digest_stands_for_its_lines() -> None:
    """GraphParts.digest: the same pieces give the same digest, found without reading them; a piece kept under a
    memo key stands for what that key holds; documents_only leaves the derived pieces out."""
    def parts_of(text: str, made_by: str | None) -> GraphParts:
        parts = GraphParts()
        parts.add("m", [f'<a> <p> "{text}" <g> .\n'], document=True, made_by=made_by)
        parts.add("m", ['<a> <q> "derived" <derived> .\n'], document=False)
        return parts

    one, same, other = parts_of("1", None), parts_of("1", None), parts_of("2", None)
    assert one.digest("m") == same.digest("m") != other.digest("m")
    assert parts_of("1", "key").digest("m") == parts_of("2", "key").digest("m") != one.digest("m")
    assert one.digest("m", documents_only=True) != one.digest("m")
    assert one.digest("m", documents_only=True) != other.digest("m", documents_only=True)


def test_parts_give_each_named_graph_as_graph_nq_holds_it() -> None:
    """GraphParts.graphs: what graph.jsonld is written from in a build, without parting graph.nq again."""
    assembled = assemble_graph([CORPUS])
    assert assembled.spool is not None and assembled.context is not None and assembled.context.parts is not None
    by_graph: dict[str, list[str]] = {}
    for line in assembled.spool.sorted_lines():
        by_graph.setdefault(graph_of(line), []).append(line)
    graphs = assembled.context.parts.graphs()
    assert {name: list(lines) for name, lines in graphs.items()} == by_graph
    assert len(by_graph) == 7  # the five reports, the derived graph and the reference graph
    documents = [lines for name, lines in graphs.items() if "/graph/derived" not in name and "reference" not in name]
    assert all(lines.single() == "".join(lines).encode("utf-8") for lines in documents)
    derived = next(lines for name, lines in graphs.items() if name.endswith("/graph/derived"))
    assert derived.single() is None and derived.count() >= len(list(derived))  # merged from many runs


def test_meeting_hook_sees_each_meeting_with_several_reports_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, int]] = []

    def meeting_triples(graph: Graph, ctx: object) -> list[tuple[URIRef, URIRef, Literal]]:
        reports = sorted(str(s) for s in graph.subjects(CKG.reportsOn, None))
        seen.append((str(next(graph.objects(None, CKG.reportsOn))), len(reports)))
        return [(URIRef(reports[0]), URIRef("urn:x-test:reports"), Literal(f"{len(reports)} reports"))]

    module = types.ModuleType("kg_test_meetings")
    module.meeting_triples = meeting_triples  # type: ignore[attr-defined]
    module.MEETING_PREDICATES = {CKG.reportsOn}  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, "kg_test_meetings", module)
    monkeypatch.setattr(steps, "ENRICHERS", ["kg_test_meetings"])
    assembled = assemble_graph([CORPUS])
    assert assembled.spool is not None
    lines = [line for line in assembled.spool.sorted_lines() if "/graph/derived>" in line]
    dataset = build_dataset([CORPUS])  # the same hook over the whole dataset
    assert dataset.dataset is not None
    assert len(seen) == 2 * len(lines) and lines  # once per meeting on each path
    assert all(count > 1 for _meeting, count in seen)
    derived = sorted_nquads(dataset.dataset).splitlines(keepends=True)
    assert [line for line in derived if "/graph/derived>" in line] == lines
