"""kg/publish/graphml.py: the entity network Gephi opens, with the nodes and edges kg/data/views.yaml declares."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS

from kg.build.context import GraphChange
from kg.build.run import build
from kg.namespaces import CKG, DEFAULT_BASE
from kg.publish import graphml
from kg.publish.graphml import GRAPHML_FILE, entity_graph, export, node_id, to_graphml
from kg.rdf.view import load
from tests.conftest import CORPUS

NMTOKEN = re.compile(r"^[A-Za-z0-9._:-]+$")


@pytest.fixture(scope="module")
def net(built_exports: Path) -> nx.MultiDiGraph:
    return nx.read_graphml(built_exports / GRAPHML_FILE, force_multigraph=True)


def test_exports_read_back_give_the_same_file(store: ox.Store, built_exports: Path, net: nx.MultiDiGraph) -> None:
    assert to_graphml(entity_graph(store)) == (built_exports / GRAPHML_FILE).read_bytes()
    assert dict(net.nodes["state:ARG"]) == {"iri": "https://w3id.org/congress-kg/id/state/ARG", "label": "Argentina",
                                            "kind": "actor", "type": "State", "iso3": "ARG"}


def test_every_declared_node_and_edge_kind_is_present(net: nx.MultiDiGraph) -> None:
    view = load()
    assert {d["kind"] for _, d in net.nodes(data=True)} == {k.names["graphml"] for k in view.nodes_in("graphml")}
    assert {d["kind"] for _, _, d in net.edges(data=True)} == {e.names["graphml"] for e in view.edges_in("graphml")}


def _count(store: ox.Store, cls: str) -> int:
    [row] = store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{cls}> }}")
    return int(row["n"].value)


def test_one_edge_per_statement_and_attendance(store: ox.Store, net: nx.MultiDiGraph) -> None:
    kinds = [d["kind"] for _, _, d in net.edges(data=True)]
    assert kinds.count("statement") == _count(store, CKG.Statement)
    assert kinds.count("attendance") == _count(store, CKG.Attendance)
    actor, meeting = "state:ARG", "meeting:latin-america-and-caribbean-2025"
    assert any(d["kind"] == "statement" and d["capacity"] == "representative"
               for d in net.get_edge_data(actor, meeting).values())


def test_ids_are_xml_name_tokens_made_from_iris(net: nx.MultiDiGraph, built_exports: Path) -> None:
    assert all(NMTOKEN.match(n) for n in net.nodes)
    text = (built_exports / GRAPHML_FILE).read_text(encoding="utf-8")
    edge_ids = re.findall(r'<edge [^>]*id="([^"]+)"', text)
    assert edge_ids and all(NMTOKEN.match(i) for i in edge_ids) and len(set(edge_ids)) == len(edge_ids)
    assert node_id(CKG.Actor, "https://w3id.org/congress-kg/id/") == "https:::w3id.org:congress-kg:ontology_Actor"


def test_same_graph_gives_same_bytes(store: ox.Store) -> None:
    shuffled = ox.Store()
    shuffled.extend(sorted(store, key=str, reverse=True))
    assert to_graphml(entity_graph(shuffled)) == to_graphml(entity_graph(store))


def test_export_reads_only_the_build_store(store: ox.Store, built_exports: Path) -> None:
    # A build may make its rdflib dataset only on demand: with the build's store at hand, export never reads it.
    ctx = SimpleNamespace(base=DEFAULT_BASE, quads=None, query_store=store)
    assert export(None, ctx) == {GRAPHML_FILE: (built_exports / GRAPHML_FILE).read_bytes()}  # type: ignore[arg-type]


def _rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> tuple[Path, Path, int]:
    """Two bundled reports built, one edited (``old`` -> ``new``) and built again into the same folder, and built
    anew elsewhere; how many times the rebuild asked the whole store for the network's answers."""
    corpus, out, anew = tmp_path / "corpus", tmp_path / "out", tmp_path / "anew"
    corpus.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:2]:
        (corpus / path.name).write_bytes(path.read_bytes())
    skip = {"kg.visualize.export", "kg.check.validate"}
    build([corpus], out, skip=skip)
    report = sorted(corpus.iterdir())[0]
    text = report.read_text(encoding="utf-8")
    assert old in text
    report.write_text(text.replace(old, new, 1), encoding="utf-8")
    asked: list[int] = []
    made = graphml.StoreAnswers.__init__

    def counted(self: graphml.StoreAnswers, store: ox.Store, view: object) -> None:
        asked.append(1)
        made(self, store, view)  # type: ignore[arg-type]
    monkeypatch.setattr(graphml.StoreAnswers, "__init__", counted)
    build([corpus], out, skip=skip)
    build([corpus], anew, skip=skip, use_cache=False)
    return out, anew, len(asked) - 1  # the build anew asks once


def test_an_edit_that_changes_nothing_the_network_reads_does_not_ask_the_whole_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, anew, asked = _rebuilt(tmp_path, monkeypatch, "recommend", "strongly recommend")
    assert asked == 0
    assert (out / GRAPHML_FILE).read_bytes() == (anew / GRAPHML_FILE).read_bytes()


def test_the_lines_the_network_reads_are_told_from_the_others() -> None:
    view = load()
    node, other = f"{DEFAULT_BASE}report/r/recommendation/1/a", f"{DEFAULT_BASE}report/r/statement/1"
    memo = SimpleNamespace(get=lambda key: b"k" * 32 + node.encode(), key=lambda *parts: "entry")

    def unchanged(*lines: str) -> bool:
        change = GraphChange(b"before", b"after", {line: 1 for line in lines})
        return graphml._unchanged_answers(SimpleNamespace(graph_change=change, memo=memo), view) is not None  # type: ignore[arg-type]

    graph = f"<{DEFAULT_BASE}graph/derived>"
    assert unchanged(f'<{other}> <{RDFS.label}> "a statement" {graph} .\n',
                     f"<{other}> <{RDF.type}> <{CKG.Statement}> {graph} .\n",
                     f"<{other}> <{CKG.meeting}> <{DEFAULT_BASE}meeting/m> {graph} .\n",
                     f'<{node}> <{CKG.text}> "the text" {graph} .\n')
    assert not unchanged(f"<{other}> <{RDF.type}> <{CKG.State}> {graph} .\n")  # a new node
    assert not unchanged(f'<{node}> <{RDFS.label}> "a new label" {graph} .\n')  # what a node holds
    assert not unchanged(f"<{node}> <{CKG.meeting}> <{DEFAULT_BASE}meeting/m> {graph} .\n")  # a link from a node
