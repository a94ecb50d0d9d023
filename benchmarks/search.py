"""Time `kg search` on a build's search.sqlite: each query's answer in-process, the way the command answers it.

    python benchmarks/search.py benchmarks/out/exports-x100 --runs 20

Opens the index as `kg search` does (kg.search.query.open_index), then runs every query ``--runs`` times after one
warm-up: the time of open + search + formatting the hits, median and max per query, and the number of hits.
The whole command (Python's start included) is for an outside timer: /usr/bin/time kg search QUERY --exports DIR.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the kg package of this checkout, whatever else is installed
    sys.path.insert(0, str(ROOT))

from kg.cli.search import format_hits  # noqa: E402
from kg.search.query import open_index, search  # noqa: E402

QUERIES = [
    '"Bangkok Rules"',
    "ratified",
    "extradition AND confiscation",
    "cybercrime NOT partnerships",
    '"artificial intelligence" AND (court OR judicial)',
    "Brazil",
    "explain*",
    "crime",  # a word nearly every passage has: the most rows to rank
]


def time_query(exports: Path, query: str, runs: int, limit: int = 10) -> tuple[float, float, int]:
    """(median ms, max ms, hits) of ``runs`` answers to ``query`` after one warm-up."""
    def answer() -> int:
        with open_index(exports) as db:
            hits = search(db, query, limit)
        format_hits(hits, color=False)
        return len(hits)

    answer()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        count = answer()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exports", type=Path, help="a folder kg build wrote (with search.sqlite)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    rows = (args.exports / "search.sqlite").stat().st_size >> 20
    print(f"| query | median ms | max ms | hits |  ({args.exports}, search.sqlite {rows} MiB)\n|---|---:|---:|---:|")
    for query in QUERIES:
        median, worst, hits = time_query(args.exports, query, args.runs)
        print(f"| `{query}` | {median:.1f} | {worst:.1f} | {hits} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
