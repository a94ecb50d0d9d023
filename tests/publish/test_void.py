"""kg/publish/void.py: the VoID/DCAT description counts what the graph holds and names sources, licence, date."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from kg.export import union_graph
from kg.namespaces import CKG, LICENSE
from kg.publish.void import DISTRIBUTIONS, VOID_FILE, build_date, describe
from kg.validate import read_exports

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
    from rdflib import Dataset

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
