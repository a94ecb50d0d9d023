"""kg/publish/graphml.py: the entity network Gephi opens, with the nodes and edges kg/data/views.yaml declares."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.namespaces import CKG, DEFAULT_BASE
from kg.publish.graphml import GRAPHML_FILE, entity_graph, export, node_id, to_graphml
from kg.rdf.view import load

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
