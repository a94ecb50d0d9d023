"""kg/publish/jsonld.py: compacted JSON-LD naming its context file, in an order independent of the dataset's."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

from kg.namespaces import CKG, PREFIXES
from kg.publish.jsonld import CONTEXT_FILE, JSONLD_FILE, export

G1, G2 = URIRef("https://example.org/graph/1"), URIRef("https://example.org/graph/2")
A, B = URIRef("https://example.org/a"), URIRef("https://example.org/b")
TRIPLES = [
    (G1, (A, RDFS.label, Literal("A"))),
    (G1, (A, CKG.paragraphNumber, Literal(3))),
    (G1, (A, CKG.startOffset, Literal(5, datatype=XSD.nonNegativeInteger))),
    (G2, (A, CKG.namesInstrument, B)),
    (G2, (A, CKG.namesInstrument, URIRef("https://example.org/c"))),
    (G2, (B, RDFS.label, Literal("B"))),
]


def _dataset(order: list) -> Dataset:
    ds = Dataset()
    for graph, triple in order:
        ds.graph(graph).add(triple)
    return ds


def test_same_data_in_any_order_gives_the_same_bytes() -> None:
    assert export(_dataset(TRIPLES)) == export(_dataset(list(reversed(TRIPLES))))


def test_document_names_its_context_and_context_holds_the_prefixes() -> None:
    files = export(_dataset(TRIPLES))
    doc = json.loads(files[JSONLD_FILE])
    assert doc["@context"] == CONTEXT_FILE
    assert json.loads(files[CONTEXT_FILE]) == {"@context": dict(sorted(PREFIXES.items()))}
    assert [g["@id"] for g in doc["@graph"]] == [str(G1), str(G2)]


def test_round_trip_through_rdflib(tmp_path: Path) -> None:
    ds = _dataset(TRIPLES)
    for name, content in export(ds).items():
        (tmp_path / name).write_bytes(content)
    back = Dataset()
    back.parse(tmp_path / JSONLD_FILE, format="json-ld")
    for graph in (G1, G2):
        assert isomorphic(back.graph(graph), ds.graph(graph))


def test_built_export_names_the_context(built_exports: Path) -> None:
    doc = json.loads((built_exports / JSONLD_FILE).read_text(encoding="utf-8"))
    assert doc["@context"] == CONTEXT_FILE
    assert (built_exports / CONTEXT_FILE).exists()
    ids = [g["@id"] for g in doc["@graph"]]
    assert ids == sorted(ids) and ids[-1].endswith("/graph/reference")
