"""Test cases as Turtle files: tests/cases/base.ttl changed as each case file says, with its expected outcome."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Namespace, URIRef

CASES = Path(__file__).resolve().parent / "cases"
BASE = CASES / "base.ttl"
CASE = Namespace("https://w3id.org/congress-kg/test#")


def load_case(path: Path) -> tuple[Graph, Graph]:
    """(data, case): the base graph with the case's case:drop applied and its other triples added; the case triples.

    A case file says what it removes from the base (``case:this case:drop [ case:subject S ; case:predicate P ]``,
    every value of P on S), what it expects (``case:expect``, ``case:consistent`` ...), and adds the rest.
    """
    data = Graph().parse(BASE, format="turtle")
    given = Graph().parse(path, format="turtle")
    case = Graph()
    _collect(given, CASE.this, case)
    for drop in case.objects(CASE.this, CASE.drop):
        data.remove((case.value(drop, CASE.subject), case.value(drop, CASE.predicate), None))
    for triple in given:
        if triple not in case:
            data.add(triple)
    return data, case


def _collect(given: Graph, node: URIRef, into: Graph) -> None:
    """Everything said about ``node`` and, recursively, about the blank nodes it points to."""
    for p, o in given.predicate_objects(node):
        into.add((node, p, o))
        if not isinstance(o, URIRef) and (o, None, None) in given:
            _collect(given, o, into)


def case_files(kind: str) -> list[Path]:
    return sorted((CASES / kind).glob("*.ttl"))
