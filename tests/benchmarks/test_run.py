"""The benchmark runner's build steps: full build, a build after a touch, SHACL on its own, a rebuild after one
edit, the HTML step; and its query worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate_corpus import generate
from benchmarks.run import Engine, bench_build, markdown


def test_bench_build_times_every_step_and_puts_the_edited_file_back(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate(corpus, factor=1, seed=0)
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    exports = tmp_path / "exports"
    steps = bench_build(corpus, exports, timeout=600)
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before
    for step in ("build", "touched", "validate", "incremental", "viz"):
        assert steps[step]["rc"] == 0, (step, steps[step].get("stderr"))
        assert steps[step]["wall_s"] > 0 and steps[step]["peak_rss_mib"] > 0
    assert steps["build"]["documents"] == steps["touched"]["documents"] == steps["incremental"]["documents"] == 5
    assert not steps["touched"]["rewrote_exports"]  # touching changes no content: nothing to do
    # the edit is a real change: the rebuild's graph holds the added sentence, in the edited file's graph
    assert "The meeting was informed of the edit." in (exports / "graph.nq").read_text(encoding="utf-8")
    assert len(list((exports / ".cache" / "extract").glob("*.pickle"))) == 5
    section = markdown({"factor": 1, "build": steps})
    assert "| SHACL step (`kg validate`) |" in section and "of the full build)" in section
    # a large corpus runs without the steps that read the whole graph into rdflib: the table says so
    lean = markdown({"factor": 1000, "build": {"build": steps["build"], "touched": steps["touched"]}})
    assert "| SHACL step (`kg validate`) | not run |" in lean and "| HTML step (`kg viz`) | not run |" in lean


def test_a_worker_that_cannot_open_the_exports_says_why_instead_of_waiting(tmp_path: Path) -> None:
    engine = Engine("oxigraph", tmp_path, runs=1, cap=5)
    with pytest.raises(RuntimeError, match="could not open .*no built graph"):
        engine.run("SELECT * WHERE { ?s ?p ?o }", {})
    assert engine.process is None
