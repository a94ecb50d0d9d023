"""kg evaluate on the gold files: every fact kind at precision and recall of at least 0.98."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.check.evaluate import evaluate
from kg.cli import main
from kg.reference.loading import load_lexicon
from tests.conftest import GOLD


def test_every_fact_kind_meets_the_bar(store) -> None:
    scores = evaluate(store, GOLD, load_lexicon())
    assert {s.kind for s in scores} >= {"statements", "attendance", "officers", "recommendations",
                                       "recommendation_instruments", "attributions"}
    for score in scores:
        assert score.precision >= 0.98 and score.recall >= 0.98, (score.kind, score.missing, score.extra)


def test_evaluate_prints_a_table(built_exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(GOLD), "--exports", str(built_exports)]) == 0
    out = capsys.readouterr().out
    assert "statements" in out and "recall" in out


def test_a_wrong_gold_fact_lowers_recall(store, tmp_path: Path) -> None:
    import json

    gold = json.loads((GOLD / "002_bba04487c98bd190.json").read_text(encoding="utf-8"))
    gold["sections"][0]["statements"]["member_states"].append("BRA")
    (tmp_path / "002_bba04487c98bd190.json").write_text(json.dumps(gold), encoding="utf-8")
    scores = {s.kind: s for s in evaluate(store, tmp_path, load_lexicon())}
    assert scores["statements"].missing == [("002_bba04487c98bd190.txt", "5(d)", "BRA", "representative")]
    assert scores["statements"].recall < 1.0
