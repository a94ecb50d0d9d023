"""benchmarks/read_formats.py: counts files and PDF pages per format."""

from __future__ import annotations

from benchmarks.read_formats import time_reads


def test_counts_files_and_pages(rendered) -> None:  # type: ignore[no-untyped-def]
    totals = time_reads(rendered["pdf"][:2] + rendered["html"][:1], repeat=2)
    assert totals["application/pdf"]["files"] == 4
    assert totals["application/pdf"]["pages"] >= 2 * (1 + 11)  # 000 and the final report 001
    assert totals["text/html"]["files"] == 2 and totals["text/html"]["pages"] == 0
    assert all(row["seconds"] > 0 for row in totals.values())
