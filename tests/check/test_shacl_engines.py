"""kg/check/shacl_engine.py: the shapes compiled into SPARQL give pySHACL's results, case by case and on a build."""

from __future__ import annotations

from pathlib import Path

import pytest
from casefiles import case_files, load_case
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from kg.build.export import union_graph
from kg.check.shacl_engine import compile_checks
from kg.check.shacl_sparql import ShapeError
from kg.check.validate import check_graph, read_exports
from kg.namespaces import CKG

OA = "http://www.w3.org/ns/oa#"


@pytest.mark.parametrize("path", case_files("shapes"), ids=lambda p: p.stem)
def test_engines_give_the_same_results_on_each_case(path: Path) -> None:
    data, _case = load_case(path)
    assert set(check_graph(data, engine="sparql").results) == set(check_graph(data, engine="pyshacl").results)


def _first(data: Graph, cls: URIRef) -> URIRef:
    found = sorted(s for s in data.subjects(RDF.type, cls) if isinstance(s, URIRef))
    assert found, f"no {cls} in the bundled build"
    return found[0]


def _break(data: Graph) -> None:
    """A change for many constraint kinds at once, as buggy stages would make them."""
    paragraph, recommendation = _first(data, CKG.Paragraph), _first(data, CKG.Recommendation)
    state, report = _first(data, CKG.State), _first(data, CKG.Report)
    selector = _first(data, URIRef(OA + "TextPositionSelector"))
    data.remove((paragraph, RDFS.label, None))  # minCount
    data.set((paragraph, CKG.startOffset, Literal("-3", datatype=XSD.nonNegativeInteger)))  # ill-typed
    data.set((paragraph, CKG.paragraphNumber, Literal("7")))  # datatype
    data.set((selector, URIRef(OA + "start"), Literal(10_000, datatype=XSD.nonNegativeInteger)))  # lessThan
    data.add((state, CKG.iso3, Literal("xx")))  # maxCount, pattern
    data.add((state, RDF.type, CKG.NGO))  # xone
    data.set((report, CKG.reportKind, Literal("minutes")))  # in
    data.add((recommendation, CKG.attributedTo, URIRef("https://w3id.org/congress-kg/id/state/NOWHERE")))  # SPARQL
    data.add((recommendation, CKG.leadingVerb, Literal("")))  # minLength
    data.add((recommendation, CKG.namesInstrument, Literal("a convention")))  # class


def test_engines_give_the_same_results_on_the_bundled_build_and_a_broken_copy(built_exports: Path) -> None:
    data = Graph()
    for triple in union_graph(read_exports(built_exports)):
        data.add(triple)
    assert check_graph(data, engine="sparql").results == []
    _break(data)
    sparql, reference = check_graph(data, engine="sparql"), check_graph(data, engine="pyshacl")
    assert set(sparql.results) == set(reference.results)
    kinds = {r.constraint for r in sparql.results}
    assert len(kinds) >= 9, kinds
    assert sparql.results == sorted(set(sparql.results))  # deterministic order, each once


def test_a_construct_the_compiler_does_not_know_names_the_shape() -> None:
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ckg: <https://w3id.org/congress-kg/ontology#> .
        ckg:ClosedShape a sh:NodeShape ; sh:targetClass ckg:Meeting ; sh:closed true ; sh:message "closed" .
        """, format="turtle")
    with pytest.raises(ShapeError, match=r"ckg:ClosedShape: sh:closed on a node shape is not supported"):
        compile_checks(shapes)
