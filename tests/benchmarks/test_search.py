"""benchmarks/search.py runs on a build and times every query."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.search import QUERIES, main, time_query


def test_every_query_is_timed_on_the_bundled_build(built_exports: Path, capsys: pytest.CaptureFixture) -> None:
    median, worst, hits = time_query(built_exports, '"Bangkok Rules"', runs=3)
    assert 0 < median <= worst and hits >= 1
    assert main([str(built_exports), "--runs", "2"]) == 0
    out = capsys.readouterr().out
    assert all(f"| `{q}` |" in out for q in QUERIES)
