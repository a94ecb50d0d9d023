"""Median time of every query in queries/ on Oxigraph and on rdflib, side by side, as `kg query` runs it.

    python benchmarks/queries.py EXPORTS [--engines oxigraph,rdflib] [--runs 5] [--cap 60] [--limit 100 [--limit-only]]

Each engine runs in a worker process that opens the exports once (``kg.rdf.query.open_store``) and is killed at the
cap (then restarted for the next query). A query is timed as `kg query NAME` spends its time after opening the store:
its parameters found (``--param``, default ``actor=Brazil``), the query answered, every row read; with ``--limit N``,
each query without parameters is timed a second time as ``kg query NAME --limit N``. One warm-up, then up to
``--runs`` runs while they fit in half the cap; the median is printed. ``--limit-only`` times only the limited runs
(a whole listing takes up to a minute at 1000x). ``--json FILE`` keeps the figures.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the kg package of this checkout, whatever else is installed
    sys.path.insert(0, str(ROOT))

from benchmarks.run import Engine  # noqa: E402

QUERIES = ROOT / "queries"
ENGINES = ("oxigraph", "rdflib")


def answer(store: Any, text: str, params: dict[str, str], limit: int | None) -> int:
    """The number of rows `kg query` would print: parameters found, the query run, ``limit`` rows kept."""
    from kg.rdf.parameters import resolve_parameters
    from kg.rdf.query import answer_query

    bound = resolve_parameters(store, text, params)
    if limit is not None and "limit" in inspect.signature(answer_query).parameters:
        result = answer_query(store, text, bound, limit=limit)
    else:  # before --limit went into the query: every row fetched, then the first kept
        result = answer_query(store, text, bound)
        if limit is not None and not isinstance(result, (bool, str)):
            result = result.narrowed(None, limit)
    return len(result.rows) if not isinstance(result, (bool, str)) else 1


def measure(engine: str, store: Any, text: str, params: dict[str, str]) -> int:
    """``answer`` in benchmarks/run.py's worker: the limit travels among the parameters as ``__limit__``."""
    values = dict(params)
    limit = values.pop("__limit__", None)
    return answer(store, text, values, None if limit is None else int(limit))


def cell(result: dict[str, Any] | None) -> str:
    """A result as a table cell: the median in ms with its number of runs, or why there is none."""
    if result is None:
        return "–"
    if result["status"] == "timeout":
        return f"timeout (> {result['cap_s']:.0f} s)"
    if result["status"] != "ok":
        return result["status"]
    return f"{result['median_ms']:.1f} ({result['runs']})"


def markdown(results: dict[str, dict[str, Any]], engines: list[str], limit: int | None) -> str:
    """The results as a Markdown table: rows, then each engine's median (runs), and the --limit medians."""
    head = ["query", "rows"] + [f"{e} ms" for e in engines]
    head += [f"{e} --limit {limit} ms" for e in engines] if limit else []
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for name, row in results.items():
        rows = next((r["rows"] for r in row.values() if r and r.get("status") == "ok"), "")
        cells = [cell(row.get(e)) for e in engines] + ([cell(row.get(f"{e}@limit")) for e in engines] if limit else [])
        lines.append(f"| {name} | {rows} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from kg.rdf.library import declared_parameters

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exports", type=Path, help="what kg build wrote (graph.nq, graph.ttl, store/)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: oxigraph, rdflib")
    parser.add_argument("--runs", type=int, default=5, help="timed runs after the warm-up (default 5)")
    parser.add_argument("--cap", type=float, default=60, help="seconds a query may take on one engine (default 60)")
    parser.add_argument("--limit", type=int, help="also time each query without parameters with --limit N")
    parser.add_argument("--limit-only", action="store_true", help="with --limit, time only the limited runs")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a parameter's value (default actor=Brazil)")
    parser.add_argument("--only", help="comma-separated query names (default all of queries/)")
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    args = parser.parse_args(argv)
    params = {"actor": "Brazil"} | dict(p.split("=", 1) for p in args.param)
    engines = args.engines.split(",")
    files = sorted(QUERIES.glob("*.rq"))
    if args.only:
        files = [f for f in files if f.stem in args.only.split(",")]
    results: dict[str, dict[str, Any]] = {path.stem: {} for path in files}
    for name in engines:
        engine = Engine(name, args.exports, args.runs, args.cap, measure)
        for path in files:
            text = path.read_text(encoding="utf-8")
            wanted = {k: params[k] for k in declared_parameters(text)}
            if args.limit_only and args.limit and not wanted:
                results[path.stem][name] = None
            else:
                results[path.stem][name] = engine.run(text, wanted)
            note = cell(results[path.stem][name])
            if args.limit and not wanted:
                results[path.stem][f"{name}@limit"] = engine.run(text, wanted | {"__limit__": str(args.limit)})
                note += f"; --limit {args.limit}: {cell(results[path.stem][f'{name}@limit'])}"
            print(f"  {name:9} {path.stem:28} {note}", file=sys.stderr, flush=True)
        engine.stop()
        opened = ", ".join(f"{x['load_s']:.1f}" for x in engine.load)
        print(f"  {name}: store opened in {opened} s", file=sys.stderr)
    print(markdown(results, engines, args.limit))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
