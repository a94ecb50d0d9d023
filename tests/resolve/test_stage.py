"""The resolve stage: a document's names looked up once, before the graph, which then only writes."""

from __future__ import annotations

import ast

from kg.build.documents import read_and_extract
from kg.extract.facts import AttendanceFact, InstrumentMentionFact, StatementFact
from kg.graph.builder import GraphBuilder
from kg.reference.loading import load_lexicon
from kg.resolve.resolver import Resolver
from kg.resolve.stage import resolve_document
from tests.conftest import CORPUS, ROOT

REPORT = CORPUS / "004_fb9608fcd46e22f9.txt"


def test_every_name_of_a_document_is_resolved_once_and_the_graph_asks_nothing_more() -> None:
    lexicon = load_lexicon()
    _digest, parsed, error = read_and_extract(REPORT, lexicon)
    assert error is None and parsed is not None
    report, facts = parsed
    resolver = Resolver(lexicon)
    resolution = resolve_document(facts, resolver, report.file_name)
    speakers = {(f.name, f.type_hint) for f in facts if isinstance(f, (StatementFact, AttendanceFact))}
    assert speakers and speakers <= set(resolution.actors)
    assert {(f.key, f.resolution) for f in facts if isinstance(f, InstrumentMentionFact)} == set(resolution.instruments)
    unresolved = {key: set(files) for key, files in resolver.unresolved.items()}
    builder = GraphBuilder(lexicon)
    triples = builder.add_document(report.doc_id, report.file_name, facts, resolution)
    assert len(triples) > 500
    assert {key: set(files) for key, files in resolver.unresolved.items()} == unresolved  # writing looked nothing up
    assert not hasattr(builder, "resolver")


def test_the_graph_stage_never_imports_the_resolver() -> None:
    for path in sorted((ROOT / "kg" / "graph").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
        assert "Resolver" not in names, path.name
