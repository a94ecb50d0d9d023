"""The exports read back through Oxigraph's parsers give what rdflib's own parsers give."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf import io as rdfio
from kg.rdf.io import TooLargeForMemory, read_dataset, read_graph

SAMPLE = """\
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:plain "Bangkok" ; ex:french "Déclaration de Kyoto"@fr ; ex:count "3"^^xsd:nonNegativeInteger ;
     ex:flag true ; ex:score 0.125 ; ex:when "2026-04-25"^^xsd:date ;
     ex:node [ ex:plain "inside" ] .
"""


def _quads(ds: Dataset) -> set[tuple[object, ...]]:
    return {(s, p, o, str(getattr(g, "identifier", g))) for s, p, o, g in ds.quads()}


def test_terms_are_those_rdflib_makes(tmp_path: Path) -> None:
    path = tmp_path / "sample.ttl"
    path.write_text(SAMPLE, encoding="utf-8")
    expected = Graph().parse(path, format="turtle")
    got = read_graph(path)
    # Blank node labels differ between parsers: compare the triples without them, then the shape around them.
    named = {t for t in expected if not any(isinstance(x, BNode) for x in t)}
    assert {t for t in got if not any(isinstance(x, BNode) for x in t)} == named
    assert len(got) == len(expected)
    ex = "http://example.org/"
    assert (URIRef(ex + "a"), URIRef(ex + "plain"), Literal("Bangkok")) in got  # no xsd:string datatype
    assert (URIRef(ex + "a"), URIRef(ex + "count"), Literal("3", datatype=XSD.nonNegativeInteger)) in got
    assert (URIRef(ex + "a"), URIRef(ex + "french"), Literal("Déclaration de Kyoto", lang="fr")) in got
    inner = got.value(URIRef(ex + "a"), URIRef(ex + "node"))
    assert isinstance(inner, BNode) and got.value(inner, URIRef(ex + "plain")) == Literal("inside")


def test_built_exports_read_back_as_rdflib_reads_them(built_exports: Path) -> None:
    union = read_graph(built_exports / "graph.ttl")
    assert set(union) == set(Graph().parse(built_exports / "graph.ttl", format="turtle"))
    expected = Dataset()
    expected.parse(built_exports / "graph.nq", format="nquads")
    got = read_dataset(built_exports / "graph.nq")
    assert _quads(got) == _quads(expected)
    assert len(set(got.graphs())) == len(set(expected.graphs()))


def test_an_explicit_xsd_string_is_a_simple_literal(tmp_path: Path) -> None:
    # RDF 1.1: "x"^^xsd:string and "x" are one term; Oxigraph (which writes the exports) writes the short form,
    # which rdflib reads without a datatype, so the reader gives that form.
    path = tmp_path / "string.nt"
    path.write_text('<http://example.org/a> <http://example.org/p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .\n',
                    encoding="utf-8")
    assert set(read_graph(path)) == {(URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("x"))}


def test_unknown_format_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.xml"
    path.write_text("<rdf/>", encoding="utf-8")
    with pytest.raises(ValueError, match="graph.xml"):
        read_graph(path)


def test_a_graph_too_large_for_memory_is_refused_with_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "graph.nq"
    path.write_text("<urn:a> <urn:p> \"x\" <urn:g> .\n" * 100, encoding="utf-8")
    assert len(read_dataset(path)) == 1  # this machine has room for it
    monkeypatch.setattr(rdfio, "available_memory", lambda: 10_000)  # 10 kB left: 3 kB of N-Quads would not fit
    with pytest.raises(TooLargeForMemory, match=r"graph\.nq: reading this graph into rdflib .* build with --no-viz"):
        read_dataset(path)
    with pytest.raises(TooLargeForMemory):
        read_graph(path)
