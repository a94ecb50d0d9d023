"""kg/check/reason.py: HermiT finds the ontology and the built graph consistent, and each bad case file inconsistent."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from casefiles import CASE, case_files, load_case
from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.build.export import union_graph
from kg.check.reason import check_consistency, disjoint_clashes, load_ontology, reasoner_graph
from kg.check.validate import read_exports
from tests.conftest import ROOT, TESTS

KG = ROOT / "kg"


def test_ontology_and_bundled_build_are_consistent(built_exports: Path) -> None:
    graph = reasoner_graph(union_graph(read_exports(built_exports)))
    outcome = check_consistency(graph)
    assert outcome.consistent, outcome.detail
    assert outcome.seconds < 90


def test_reasoner_input_keeps_types_links_and_typed_values_only(built_exports: Path) -> None:
    data = union_graph(read_exports(built_exports))
    graph = reasoner_graph(data)
    ontology = load_ontology()
    instance = graph - ontology
    predicates = set(instance.predicates())
    assert RDF.type in predicates and OWL.sameAs in predicates
    assert RDFS.label not in predicates
    assert all(o.datatype not in (None, XSD.string) for o in instance.objects() if isinstance(o, Literal))
    assert len(set(graph.subjects(RDF.type, None))) >= len(set(data.subjects(RDF.type, None)))


@pytest.mark.parametrize("path", case_files("reasoning"), ids=lambda p: p.stem)
def test_reasoning_case(path: Path) -> None:
    data, case = load_case(path)
    outcome = check_consistency(reasoner_graph(data))
    assert outcome.consistent == case.value(CASE.this, CASE.consistent).toPython(), outcome.detail
    clash = sorted(str(c) for c in case.objects(CASE.this, CASE.clash))
    if clash:
        assert f"is both <{clash[0]}> and <{clash[1]}>" in outcome.detail


def test_disjoint_clashes_names_the_individual() -> None:
    data, _ = load_case(TESTS / "cases" / "reasoning" / "state_also_ngo.ttl")
    (clash,) = disjoint_clashes(reasoner_graph(data))
    assert clash.startswith("<https://w3id.org/congress-kg/id/state/FRA> is both")


def test_owlready2_stays_behind_one_module() -> None:
    importers = []
    for path in sorted(KG.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] == "owlready2" for n in names):
                importers.append(path.relative_to(KG).as_posix())
    assert sorted(set(importers)) == ["check/reason.py"]

