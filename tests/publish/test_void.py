"""kg/publish/void.py: the VoID/DCAT description counts what the graph holds and names sources, licence, date."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from kg.build.export import sorted_quads, union_graph
from kg.check.validate import read_exports
from kg.namespaces import CKG, LICENSE
from kg.publish.void import DISTRIBUTIONS, VOID_FILE, build_date, count, describe

CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus"
DATASET = URIRef("https://w3id.org/congress-kg/id/dataset")


@pytest.fixture(scope="module")
def void(built_exports: Path) -> Graph:
    return Graph().parse(built_exports / VOID_FILE, format="turtle")


@pytest.fixture(scope="module")
def union(built_exports: Path) -> Graph:
    return union_graph(read_exports(built_exports))


def test_counts_match_the_graph(void: Graph, union: Graph) -> None:
    assert void.value(DATASET, VOID.triples).toPython() == len(union)
    assert void.value(DATASET, VOID.classes).toPython() == len(set(union.objects(None, RDF.type)))
    for part in void.objects(DATASET, VOID.classPartition):
        cls = void.value(part, VOID["class"])
        assert void.value(part, VOID.entities).toPython() == len(set(union.subjects(RDF.type, cls)))
    state = next(p for p in void.objects(DATASET, VOID.classPartition) if void.value(p, VOID["class"]) == CKG.State)
    assert void.value(state, VOID.entities).toPython() == 39


def test_sources_are_the_corpus_files(void: Graph) -> None:
    names = {str(void.value(s, CKG.fileName)) for s in void.objects(DATASET, DCTERMS.source)}
    assert names == {p.name for p in CORPUS.glob("*.txt")}


def test_licence_and_build_date_from_the_inputs(void: Graph, union: Graph) -> None:
    assert (DATASET, DCTERMS.license, LICENSE) in void
    assert {DCAT.Dataset, VOID.Dataset} <= set(void.objects(DATASET, RDF.type))
    newest = max(o.toPython() for o in union.objects(None, CKG.distributionDate))
    assert void.value(DATASET, DCTERMS.modified) == Literal(newest.isoformat(), datatype=XSD.date)


def test_source_date_epoch_wins(monkeypatch: pytest.MonkeyPatch, union: Graph) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_date(union) == datetime.date(2023, 11, 14)
    assert describe_date(union) == "2023-11-14"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date(Graph()) is None


def describe_date(union: Graph) -> str:
    ds = Dataset()
    graph = ds.graph(URIRef("https://w3id.org/congress-kg/id/graph/x"))
    for triple in union:
        graph.add(triple)
    return str(describe(ds).value(DATASET, DCTERMS.modified))


def test_every_data_file_is_a_distribution(built_exports: Path, void: Graph) -> None:
    titles = {str(void.value(d, DCTERMS.title)) for d in void.objects(DATASET, DCAT.distribution)}
    files = {p.name for p in built_exports.iterdir() if p.is_file()}
    data_files = {f for f in files if f.endswith((".ttl", ".trig", ".nq", ".jsonld", ".csv", ".graphml"))}
    assert titles == set(DISTRIBUTIONS)
    assert data_files <= titles <= files


def test_one_subset_per_named_graph(void: Graph, built_exports: Path) -> None:
    subsets = {str(s).rsplit("/", 1)[-1] for s in void.objects(DATASET, VOID.subset)}
    assert subsets == {p.stem for p in CORPUS.glob("*.txt")} | {"reference", "derived"}


def test_counts_from_the_sorted_quads_are_those_of_the_union() -> None:
    """The counting pass relies on the quads' sort order: subjects and triples whose N-Quads lines share a prefix
    (<…/a1> and <…/a10>, _:b1 and _:b10, "x"@en and "x"@en-gb) and one triple in two graphs."""
    x = "https://example.org/"
    ds = Dataset()
    one, two = ds.graph(URIRef(x + "graph/1")), ds.graph(URIRef(x + "graph/2"))
    a1, a10, b1, b10 = URIRef(x + "a1"), URIRef(x + "a10"), BNode("b1"), BNode("b10")
    for s in (a1, a10, b1, b10):
        one.add((s, RDF.type, CKG.Report))
        one.add((s, CKG.fileName, Literal(f"{s}.txt")))
    for graph in (one, two):  # the same triples in both graphs
        graph.add((a1, RDF.type, CKG.Meeting))
        graph.add((a1, DCTERMS.title, Literal("x", lang="en")))
    two.add((a1, DCTERMS.title, Literal("x", lang="en-gb")))
    two.add((b1, DCTERMS.title, Literal("x", lang="en")))
    union = union_graph(ds)

    counts = count(sorted_quads(ds))
    assert counts.triples == len(union) == 12
    assert counts.subjects == len(set(union.subjects())) == 4
    assert counts.objects == len(set(union.objects())) == 8
    assert counts.entities == 2  # the IRIs; blank nodes are not entities
    assert counts.instances == {ox_iri(CKG.Report): 4, ox_iri(CKG.Meeting): 1}
    assert counts.instance_triples[ox_iri(CKG.Meeting)] == 5
    assert counts.instance_triples[ox_iri(CKG.Report)] == 5 + 2 + 2 + 3
    assert counts.per_property[ox_iri(DCTERMS.title)] == 3
    assert {str(g.value): n for g, n in counts.per_graph.items()} == {x + "graph/1": 10, x + "graph/2": 4}
    assert {str(g.value): len(reports) for g, reports in counts.graph_reports.items()} == {x + "graph/1": 4}


def ox_iri(iri: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(iri))
