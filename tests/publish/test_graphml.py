"""kg/publish/graphml.py: the entity network Gephi opens, with nodes and edges as NODES and EDGES declare."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.export import union_graph
from kg.namespaces import CKG
from kg.publish.graphml import EDGES, GRAPHML_FILE, NODES, entity_graph, node_id, to_graphml
from kg.validate import read_exports

NMTOKEN = re.compile(r"^[A-Za-z0-9._:-]+$")


@pytest.fixture(scope="module")
def union(built_exports: Path) -> Graph:
    return union_graph(read_exports(built_exports))


@pytest.fixture(scope="module")
def net(built_exports: Path) -> nx.MultiDiGraph:
    return nx.read_graphml(built_exports / GRAPHML_FILE, force_multigraph=True)


def test_file_reads_back_as_the_same_network(union: Graph, net: nx.MultiDiGraph) -> None:
    made = entity_graph(union)
    assert sorted(net.nodes) == sorted(made.nodes)
    assert net.number_of_edges() == made.number_of_edges()
    assert dict(net.nodes["state:ARG"]) == dict(made.nodes["state:ARG"])


def test_every_declared_node_and_edge_kind_is_present(net: nx.MultiDiGraph) -> None:
    assert {d["kind"] for _, d in net.nodes(data=True)} == {k.kind for k in NODES}
    assert {d["kind"] for _, _, d in net.edges(data=True)} == {e.kind for e in EDGES}


def test_one_edge_per_statement_and_attendance(union: Graph, net: nx.MultiDiGraph) -> None:
    kinds = [d["kind"] for _, _, d in net.edges(data=True)]
    assert kinds.count("statement") == len(set(union.subjects(RDF.type, CKG.Statement)))
    assert kinds.count("attendance") == len(set(union.subjects(RDF.type, CKG.Attendance)))
    actor, meeting = "state:ARG", "meeting:latin-america-and-caribbean-2025"
    assert any(d["kind"] == "statement" and d["capacity"] == "representative"
               for d in net.get_edge_data(actor, meeting).values())


def test_ids_are_xml_name_tokens_made_from_iris(net: nx.MultiDiGraph, built_exports: Path) -> None:
    assert all(NMTOKEN.match(n) for n in net.nodes)
    text = (built_exports / GRAPHML_FILE).read_text(encoding="utf-8")
    edge_ids = re.findall(r'<edge [^>]*id="([^"]+)"', text)
    assert edge_ids and all(NMTOKEN.match(i) for i in edge_ids) and len(set(edge_ids)) == len(edge_ids)
    assert node_id(CKG.Actor, "https://w3id.org/congress-kg/id/") == "https:::w3id.org:congress-kg:ontology_Actor"


def test_same_graph_gives_same_bytes(union: Graph) -> None:
    shuffled = Graph()
    for triple in sorted(union, reverse=True):
        shuffled.add(triple)
    assert to_graphml(entity_graph(shuffled)) == to_graphml(entity_graph(union))
