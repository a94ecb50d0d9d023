"""kg/rdf/view.py: kg/data/views.yaml, the one declaration the HTML networks, GraphML and the CSV tables all read."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.namespaces import CKG, DEFAULT_BASE
from kg.publish.graphml import entity_graph
from kg.publish.tables import render, tables
from kg.rdf.view import VIEW_FILE, DeclarationError, load
from kg.visualize import declarations
from kg.visualize.graph_to_networkx import to_networkx

CLUSTER = URIRef(DEFAULT_BASE + "cluster/7")
# A node kind the bundled declaration does not have: commitment clusters, with their score.
CLUSTER_KIND = {"groups": {"Cluster": ["ckg:CommitmentCluster"]}, "attributes": {"score": "ckg:clusterScore"},
                "table": "clusters.csv"}


def _declared(tmp_path: Path, change: dict[str, object], name: str = "views.yaml") -> Path:
    """A copy of views.yaml with ``change`` made to its node kinds (a new ``name`` each: loading is cached by path)."""
    raw = yaml.safe_load(VIEW_FILE.read_text(encoding="utf-8"))
    raw["nodes"].update(change)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def graph() -> Graph:
    g = Graph()
    g.add((CLUSTER, RDF.type, CKG.CommitmentCluster))
    g.add((CLUSTER, RDFS.label, Literal("victim support")))
    g.add((CLUSTER, CKG.clusterScore, Literal("0.42")))
    return g


def _store(g: Graph) -> ox.Store:
    store = ox.Store()
    store.load(g.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def test_a_node_kind_declared_once_is_in_graphml_the_network_and_a_table(tmp_path: Path, graph: Graph) -> None:
    view_path = _declared(tmp_path, {"cluster": CLUSTER_KIND})
    view = load(view_path)

    net = entity_graph(_store(graph), DEFAULT_BASE, view)
    assert dict(net.nodes["cluster:7"]) == {"iri": str(CLUSTER), "label": "victim support", "kind": "cluster",
                                            "type": "CommitmentCluster", "score": "0.42"}

    network = to_networkx(graph, declarations.load(declarations.VIZ_FILE, view_path), DEFAULT_BASE)
    assert network.nodes["cluster/7"]["group"] == "Cluster"
    assert network.nodes["cluster/7"]["values"]["score"] == "0.42"

    [table] = [t for t in tables(view) if t.file == "clusters.csv"]
    rows = list(csv.reader(io.StringIO(render(table, table.rows(_store(graph))).decode("utf-8"))))
    assert rows == [["cluster", "label", "score"], [str(CLUSTER), "victim support", "0.42"]]


def test_without_the_declaration_the_kind_is_in_none_of_them(graph: Graph) -> None:
    assert entity_graph(_store(graph)).number_of_nodes() == 0
    assert to_networkx(graph, declarations.load(), DEFAULT_BASE).number_of_nodes() == 0
    assert "clusters.csv" not in {t.file for t in tables()}


def test_an_attribute_of_a_kind_reaches_all_three(tmp_path: Path) -> None:
    raw = yaml.safe_load(VIEW_FILE.read_text(encoding="utf-8"))
    actor = {**raw["nodes"]["actor"], "attributes": {**raw["nodes"]["actor"]["attributes"], "m49": "ckg:m49"}}
    view_path = _declared(tmp_path, {"actor": actor})
    state = URIRef(DEFAULT_BASE + "state/ARG")
    g = Graph()
    g.add((state, RDF.type, CKG.State))
    g.add((state, CKG.m49, Literal("032")))
    view = load(view_path)
    assert entity_graph(_store(g), DEFAULT_BASE, view).nodes["state:ARG"]["m49"] == "032"
    network = to_networkx(g, declarations.load(declarations.VIZ_FILE, view_path), DEFAULT_BASE)
    assert network.nodes["state/ARG"]["values"]["m49"] == "032"
    [actors] = [t for t in tables(view) if t.file == "actors.csv"]
    assert "m49" in actors.columns


@pytest.mark.parametrize("term", ["ckg:CommitmentClustr", "nope:Cluster"])
def test_an_unknown_term_stops_loading_with_a_clear_error(tmp_path: Path, term: str) -> None:
    path = _declared(tmp_path, {"cluster": {**CLUSTER_KIND, "groups": {"Cluster": [term]}}})
    with pytest.raises(DeclarationError, match="not a term of the ontology|unknown prefix or term"):
        load(path)


def test_names_and_kinds_must_exist_and_be_said_once(tmp_path: Path) -> None:
    with pytest.raises(DeclarationError, match="groups declared twice: Meeting"):
        load(_declared(tmp_path, {"cluster": {**CLUSTER_KIND, "groups": {"Meeting": ["ckg:CommitmentCluster"]}}}, "a.yaml"))
    with pytest.raises(DeclarationError, match="tables declared twice: actors.csv"):
        load(_declared(tmp_path, {"cluster": {**CLUSTER_KIND, "table": "actors.csv"}}, "b.yaml"))
    with pytest.raises(DeclarationError, match="unknown node kind 'ghost'"):
        raw = yaml.safe_load(VIEW_FILE.read_text(encoding="utf-8"))
        raw["edges"]["part_of"]["from"] = ["ghost"]
        (tmp_path / "c.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
        load(tmp_path / "c.yaml")


def test_viz_yaml_may_style_only_what_the_view_shows(tmp_path: Path) -> None:
    raw = yaml.safe_load(declarations.VIZ_FILE.read_text(encoding="utf-8"))
    raw["groups"].append({"name": "Ghost", "colour": "#000000"})
    with pytest.raises(DeclarationError, match="Ghost"):
        declarations.parse(raw)


def test_the_bundled_view_names_every_actor_and_instrument_class_once() -> None:
    from kg.namespaces import ACTOR_CLASSES, INSTRUMENT_CLASSES

    view = load()
    for cls in [*ACTOR_CLASSES.values(), *INSTRUMENT_CLASSES.values()]:
        assert [kind.name for kind in view.nodes if cls in kind.classes] in (["actor"], ["instrument"]), cls
