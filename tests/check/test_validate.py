"""kg/check/validate.py: the bundled corpus conforms to the shapes; each case breaks them as it says; failures read well."""

from __future__ import annotations

import sys
import time
import types
from pathlib import Path

import pytest
from casefiles import BASE, CASE, case_files, load_case
from rdflib import RDF, Dataset, Graph, Literal, URIRef

from kg.build import graphs, steps
from kg.build.export import union_graph
from kg.check import validate as kg_validate
from kg.check.validate import check_graph, path_text, read_exports, short, validate, validate_parts
from kg.cli import main
from kg.namespaces import CKG
from kg.rdf import io as rdfio
from tests.conftest import CORPUS, TESTS

STATE_ARG = URIRef("https://w3id.org/congress-kg/id/state/ARG")


def _expected(case: Graph) -> set[tuple[str, str, str, str]]:
    found = set()
    for e in case.objects(CASE.this, CASE.expect):
        path = case.value(e, CASE.path)
        shown = path_text(case, path) if path is not None else ""
        severity = case.value(e, CASE.severity)
        found.add((str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                   short(case.value(e, CASE.focus)), shown, short(case.value(e, CASE.constraint))))
    return found


def test_bundled_corpus_conforms_in_reasonable_time(built_exports: Path) -> None:
    data = union_graph(read_exports(built_exports))
    started = time.perf_counter()
    report = check_graph(data)
    elapsed = time.perf_counter() - started
    assert report.conforms, "\n".join(report.lines())
    assert report.results == []
    assert elapsed < 30, f"SHACL took {elapsed:.1f} s on the bundled corpus"


def test_base_fixture_conforms() -> None:
    report = check_graph(Graph().parse(BASE, format="turtle"))
    assert report.results == [], "\n".join(report.lines())


@pytest.mark.parametrize("path", case_files("shapes"), ids=lambda p: p.stem)
def test_shape_case(path: Path) -> None:
    data, case = load_case(path)
    report = check_graph(data)
    found = {(r.severity, r.focus, r.path, r.constraint) for r in report.results}
    assert found == _expected(case), "\n".join(report.lines())
    assert report.conforms == (case.value(CASE.this, CASE.conforms) == Literal(True))


def test_results_read_like_sentences() -> None:
    data, _case = load_case(TESTS / "cases" / "shapes" / "iso3_lower_case.ttl")
    (line,) = check_graph(data).lines()
    assert line == ('Violation: <https://w3id.org/congress-kg/id/state/FRA> ckg:iso3: ckg:iso3: at most one, three capital '
                    'letters [sh:PatternConstraintComponent] (value "fra")')


def test_validate_step_lists_only_violations() -> None:
    data, _ = load_case(TESTS / "cases" / "shapes" / "two_start_dates_warn_only.ttl")
    ds = Dataset()
    graph = ds.graph(URIRef("https://w3id.org/congress-kg/id/graph/doc1"))
    for triple in data:
        graph.add(triple)
    assert validate(ds, None) == []


def _breaking_enricher(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the build give Argentina a second ISO3 code, in lower case, as a buggy enricher would."""

    def reference_triples(ctx: object) -> list[tuple[URIRef, URIRef, Literal]]:
        return [(STATE_ARG, CKG.iso3, Literal("arg"))]

    module = types.ModuleType("kg_test_breaker")
    module.reference_triples = reference_triples  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kg_test_breaker", module)
    monkeypatch.setattr(steps, "ENRICHERS", [*steps.ENRICHERS, "kg_test_breaker"])


@pytest.mark.parametrize("jobs", ["1", "2"])  # 2: validated in a second process while the exports are made
def test_violation_fails_the_build_and_keeps_last_exports(
        jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    (out / "graph.ttl").write_text("last good build\n")
    _breaking_enricher(monkeypatch)
    assert main(["build", str(CORPUS / "000_f29162a344c7f65f.txt"), "--out", str(out), "--quiet",
                 "--jobs", jobs]) == 2
    err = capsys.readouterr().err
    assert "the graph failed validation; exports left as they were" in err
    assert "2 SHACL violation(s)" in err  # two codes, and one of them not capitals
    assert "<https://w3id.org/congress-kg/id/state/ARG> ckg:iso3" in err
    assert "sh:PatternConstraintComponent" in err and "sh:MaxCountConstraintComponent" in err
    assert (out / "graph.ttl").read_text() == "last good build\n"
    # nothing but the extraction cache (not an export) was added beside the last good file
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == ["graph.ttl"]


def test_kg_validate_command(built_exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--exports", str(built_exports)]) == 0
    assert "0 violation(s)" in capsys.readouterr().out
    assert main(["validate", "--exports", str(tmp_path)]) == 2
    assert "run `kg build` first" in capsys.readouterr().err


def test_no_validate_builds_and_kg_validate_then_finds_the_violation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "exports"
    _breaking_enricher(monkeypatch)
    assert main(["build", str(CORPUS / "000_f29162a344c7f65f.txt"), "--out", str(out), "--quiet", "--no-viz",
                 "--no-validate"]) == 0
    assert (out / "graph.nq").exists()
    capsys.readouterr()
    assert main(["validate", "--exports", str(out)]) == 2
    printed = capsys.readouterr().out
    assert "<https://w3id.org/congress-kg/id/state/ARG> ckg:iso3" in printed and "2 violation(s)" in printed


def test_a_graph_too_large_for_rdflib_fails_the_build_clearly_but_validates_in_parts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    (out / "graph.ttl").write_text("last good build\n")
    monkeypatch.setattr(rdfio, "available_memory", lambda: 1_000_000)  # 1 MB: far too little for rdflib
    # the HTML networks read the whole graph into rdflib: refused, and the last exports kept
    assert main(["build", str(CORPUS / "000_f29162a344c7f65f.txt"), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "graph.nq: reading this graph into rdflib" in err and "build with --no-viz" in err
    assert (out / "graph.ttl").read_text() == "last good build\n"
    # without them the build goes through, shapes checked in parts; `kg validate` (the whole graph) says why not
    assert main(["build", str(CORPUS / "000_f29162a344c7f65f.txt"), "--out", str(out), "--quiet", "--no-viz"]) == 0
    assert main(["validate", "--exports", str(out)]) == 2
    assert "reading this graph into rdflib" in capsys.readouterr().err
    # and checking in parts does fail the build on a violation, with no dataset of the whole graph
    _breaking_enricher(monkeypatch)  # a plug-in the build stamp cannot see: --no-cache
    assert main(["build", str(CORPUS / "000_f29162a344c7f65f.txt"), "--out", str(out), "--quiet", "--no-viz",
                 "--no-cache"]) == 2
    assert "2 SHACL violation(s)" in capsys.readouterr().err


def test_validating_in_parts_finds_what_validating_the_whole_graph_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Broken triples in every document and in the reference graph: checked a few reports at a time (as a build
    does), the results are those of the whole graph, each once."""

    def document_triples(triples: list[tuple[URIRef, URIRef, object]], ctx: object) -> list[tuple[URIRef, URIRef, Literal]]:
        recommendations = sorted(s for s, p, o in triples if p == RDF.type and o == CKG.Recommendation)
        return [(recommendations[0], CKG.leadingVerb, Literal(""))] if recommendations else []

    module = types.ModuleType("kg_test_document_breaker")
    module.document_triples = document_triples  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kg_test_document_breaker", module)
    _breaking_enricher(monkeypatch)
    monkeypatch.setattr(steps, "ENRICHERS", [*steps.ENRICHERS, "kg_test_document_breaker"])
    monkeypatch.setattr(kg_validate, "PART_LINES", 500)  # one meeting a time: three parts
    assembled = graphs.assemble_graph([CORPUS])
    assert assembled.context is not None and assembled.context.parts is not None
    assert len(list(assembled.context.parts.batches(kg_validate.PART_LINES))) >= 3
    whole = graphs.build_dataset([CORPUS])
    assert whole.dataset is not None
    expected = validate(whole.dataset)
    assert validate_parts(assembled.context.parts) == expected
    focus = {line.split(": ", 2)[1].split(" ")[0] for line in expected[1:]}
    assert len(focus) >= 4 and any("/state/ARG" in f for f in focus)  # one per report, and Argentina once
