"""The step contracts: every named step meets its Protocol, and a step that breaks it stops the build, named."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.build import steps
from kg.build.steps import DocumentEnricher, Exporter, MeetingEnricher, broken_contracts
from kg.cli import main
from tests.conftest import ROOT

REPORT = ROOT / "corpus" / "000_f29162a344c7f65f.txt"


def _plug_in(monkeypatch: pytest.MonkeyPatch, name: str, **members: object) -> types.ModuleType:
    module = types.ModuleType(name)
    for member, value in members.items():
        setattr(module, member, value)
    monkeypatch.setitem(sys.modules, name, module)
    return module


def test_every_step_of_the_lists_meets_its_contract() -> None:
    assert broken_contracts() == []
    for name in steps.EXPORTERS:
        assert isinstance(sys.modules[name], Exporter), name


def test_a_module_satisfies_the_protocols_it_implements(monkeypatch: pytest.MonkeyPatch) -> None:
    both = _plug_in(monkeypatch, "kg_test_both", document_triples=lambda triples, ctx: [],
                    meeting_triples=lambda graph, ctx: [], MEETING_PREDICATES=None)
    assert isinstance(both, DocumentEnricher) and isinstance(both, MeetingEnricher)
    assert not isinstance(both, Exporter)


@pytest.mark.parametrize(("kind", "members", "said"), [
    ("ENRICHERS", {"document_triple": lambda triples, ctx: []}, "defines none of: ReferenceEnricher"),
    ("ENRICHERS", {"meeting_triples": lambda graph, ctx: []},
     "has part of MeetingEnricher (MEETING_PREDICATES, meeting_triples)"),
    ("ENRICHERS", {"document_triples": lambda triples: []},
     "document_triples takes (triples), the build calls it with (triples, ctx)"),
    ("EXPORTERS", {"export": lambda ds, ctx, style: {}}, "export takes (ds, ctx, style)"),
    ("VALIDATORS", {"check": lambda ds, ctx: []}, "defines none of: Validator (validate)"),
])
def test_a_broken_contract_is_named(monkeypatch: pytest.MonkeyPatch, kind: str, members: dict[str, object],
                                    said: str) -> None:
    _plug_in(monkeypatch, "kg_test_step", **members)
    (problem,) = broken_contracts({kind: ["kg_test_step"]})
    assert problem.startswith(f"kg_test_step ({kind})") and said in problem


def test_optional_parameters_and_arguments_past_the_contract_are_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    _plug_in(monkeypatch, "kg_test_loose", export=lambda ds, ctx=None: {})
    _plug_in(monkeypatch, "kg_test_star", export=lambda *args: {})
    assert broken_contracts({"EXPORTERS": ["kg_test_loose", "kg_test_star"]}) == []


def test_build_with_a_misspelt_plug_in_stops_before_reading_and_keeps_exports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    misspelt: Callable[..., dict[str, bytes]] = lambda ds, ctx: {"x.txt": b"x"}  # noqa: E731
    _plug_in(monkeypatch, "kg_test_exporter", exports=misspelt)
    monkeypatch.setattr(steps, "EXPORTERS", [*steps.EXPORTERS, "kg_test_exporter"])
    out = tmp_path / "exports"
    out.mkdir()
    (out / "graph.ttl").write_text("last good build\n")
    assert main(["build", str(REPORT), "--out", str(out), "--quiet"]) != 0
    err = capsys.readouterr().err
    assert "kg_test_exporter (EXPORTERS) defines none of: Exporter (export)" in err
    assert (out / "graph.ttl").read_text() == "last good build\n"


def test_a_plugged_in_document_enricher_adds_to_the_derived_graph(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rdflib import Literal, URIRef

    def document_triples(triples: object, ctx: object) -> list[tuple[URIRef, URIRef, Literal]]:
        return [(URIRef("urn:x-test:seen"), URIRef("urn:x-test:count"), Literal(len(list(triples))))]  # type: ignore[call-overload]

    _plug_in(monkeypatch, "kg_test_counter", document_triples=document_triples)
    monkeypatch.setattr(steps, "ENRICHERS", [*steps.ENRICHERS, "kg_test_counter"])
    out = tmp_path / "exports"
    assert main(["build", str(REPORT), "--out", str(out), "--quiet", "--no-viz", "--no-cache"]) == 0
    derived = [line for line in (out / "graph.nq").read_text().splitlines() if "urn:x-test:seen" in line]
    assert len(derived) == 1 and derived[0].endswith("/graph/derived> .")
