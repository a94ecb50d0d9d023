"""The same reports under other conversions (hard-wrapped lines, CRLF, doubled blank lines) give the same facts."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.check.evaluate import evaluate
from kg.cli import main
from kg.rdf.query import open_store
from kg.reference.loading import load_lexicon
from tests.conftest import CORPUS, GOLD

DOCS = ("002_bba04487c98bd190", "003_681c875d0e20b629")


def hard_wrap(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, width=72, break_long_words=False, break_on_hyphens=False) or [""])
    return "\n".join(lines)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def doubled_blank_lines(text: str) -> str:
    return text.replace("\n\n", "\n\n\n\n")


@pytest.mark.parametrize("transform", [hard_wrap, crlf, doubled_blank_lines], ids=lambda f: f.__name__)
def test_other_conversions_keep_every_fact(transform: Callable[[str], str], tmp_path: Path) -> None:
    reports, gold = tmp_path / "reports", tmp_path / "gold"
    reports.mkdir()
    gold.mkdir()
    for doc in DOCS:
        text = (CORPUS / f"{doc}.txt").read_text(encoding="utf-8")
        (reports / f"{doc}.txt").write_bytes(transform(text).encode("utf-8"))
        (gold / f"{doc}.json").write_text((GOLD / f"{doc}.json").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(reports), "--out", str(out), "--quiet", "--no-viz"]) == 0
    scores = {s.kind: s for s in evaluate(open_store(out), gold, load_lexicon())}
    for kind in ("statements", "officers", "recommendations", "recommendation_instruments", "documents"):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0), (kind, scores[kind].missing,
                                                                             scores[kind].extra)
    assert json.loads((gold / f"{DOCS[0]}.json").read_text(encoding="utf-8"))["document"].endswith(".txt")
