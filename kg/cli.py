"""Command line: kg build, kg query (each command a thin wrapper over a stage module)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from kg import __version__
from kg.terminal import printable

DEFAULT_CORPUS = Path("corpus")
DEFAULT_EXPORTS = Path("exports")

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 1, 2
# Modules that add a subcommand: each defines add_parser(subparsers) -> None.
COMMAND_MODULES: list[str] = ["kg.visualize.command", "kg.validate", "kg.diff", "kg.serve", "kg.push", "kg.search.command"]
VIZ_EXPORTER = "kg.visualize.export"  # the build step `kg build --no-viz` skips
SHACL_VALIDATOR = "kg.validate"  # the build step `kg build --no-validate` skips
NAME_SHOWN = 200  # characters of an unresolved name printed; unresolved.csv holds it whole


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from kg.pipeline import BuildError, build

    inputs = [Path(p) for p in args.inputs] or [DEFAULT_CORPUS]
    missing = [p for p in inputs if not p.exists()]
    for path in missing:
        _err(f"error: {path}: no such file or folder")
    inputs = [p for p in inputs if p.exists()]
    try:
        run = build
        skip = [VIZ_EXPORTER] * args.no_viz + [SHACL_VALIDATOR] * args.no_validate
        if args.update:
            from kg.update import update as run
        result = run(inputs, Path(args.out), base=args.base, data=[Path(d) for d in args.data],
                     progress=None if args.quiet else _err, skip=skip,
                     jobs=args.jobs if args.jobs > 0 else (os.cpu_count() or 1), use_cache=not args.no_cache,
                     follow_symlinks=args.follow_symlinks)
    except BuildError as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    for path, reason in result.failed:
        _err(f"error: {path}: {reason}")
    for path, reason in result.skipped:
        _err(f"warning: {path}: {reason}")
    if result.unresolved:
        _err(f"{len(result.unresolved)} names not in the reference data (see {args.out}/unresolved.csv):")
        for kind, name, guess, files in result.unresolved:
            _err(f"  {kind}: {printable(name, NAME_SHOWN)} [{guess}] in {files}")
    if not result.built:
        _err(f"error: no report could be built; {args.out}/ left as it was")
        return EXIT_FAILED
    print(f"built {len(result.built)} documents, {result.triples} triples -> {args.out}/")
    return EXIT_PARTIAL if (result.failed or missing) else EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from kg.query import QueryError, format_results, open_store, parse_param, run_query
    from kg.rdfio import TooLargeForMemory

    try:
        text = Path(args.file).read_text(encoding="utf-8")
        params = dict(parse_param(p) for p in args.param)
        store = open_store(Path(args.exports), engine=args.engine)
        results = run_query(store, text, params)
    except (OSError, QueryError, TooLargeForMemory) as exc:
        _err(f"error: {args.file}: {exc}")
        return EXIT_FAILED
    sys.stdout.write(format_results(results, args.format))
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate, format_scores
    from kg.lexicon import load_lexicon
    from kg.query import QueryError, open_store

    try:
        store = open_store(Path(args.exports))
        scores = evaluate(store, Path(args.gold_dir), load_lexicon([Path(d) for d in args.data]))
    except (OSError, QueryError) as exc:
        _err(f"error: {exc}")
        return EXIT_FAILED
    sys.stdout.write(format_scores(scores, verbose=args.verbose))
    return EXIT_OK


def make_parser() -> argparse.ArgumentParser:
    from kg.namespaces import DEFAULT_BASE

    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn UN Crime Congress preparatory meeting reports into an RDF knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"congress-kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="read reports and write the graph exports",
                       description="Read every .txt/.md report in the inputs (default: corpus/) and write "
                                   "graph.ttl, graph.trig, graph.nq and unresolved.csv to --out (default: exports/). "
                                   "Exit status: 0 all built, 1 some files failed (the rest built), "
                                   "2 nothing built (exports left untouched).")
    b.add_argument("inputs", nargs="*", help="report files or folders (default: corpus/)")
    b.add_argument("--out", default=str(DEFAULT_EXPORTS), help="output folder (default: exports/)")
    b.add_argument("--base", default=DEFAULT_BASE, help=f"base IRI of minted entities (default: {DEFAULT_BASE})")
    b.add_argument("--data", action="append", default=[], metavar="DIR",
                   help="extra reference-data folder whose CSV rows add to kg/data (repeatable)")
    b.add_argument("--update", action="store_true",
                   help="rebuild only the named reports: replace their named graphs in the exports already in "
                        "--out, keep the other documents, refresh the reference and derived graphs, rewrite all")
    b.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="read and extract the reports in N processes (0: one per CPU), and with N > 1 check the "
                        "SHACL shapes in a second process while the exports are made; the exports are the same "
                        "for any N (default 1)")
    b.add_argument("--follow-symlinks", action="store_true",
                   help="read files that symbolic links in the input folders point to outside those folders "
                        "(default: such links are passed over with a warning)")
    b.add_argument("--no-cache", action="store_true",
                   help="read and extract every file again instead of taking unchanged files (same name, content, "
                        "code and reference data) from the cache in OUT/.cache/")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    b.add_argument("--no-viz", action="store_true",
                   help="skip the network pages and pictures (index.html, viz/); `kg viz` writes them later")
    b.add_argument("--no-validate", action="store_true",
                   help="do not check the graph against the SHACL shapes before writing (on large corpora the "
                        "longest step); run `kg validate` on the exports afterwards")
    b.set_defaults(func=cmd_build)

    q = sub.add_parser("query", help="run a SPARQL query file on the built graph",
                       description="Run a SELECT query (for example queries/statements.rq) on the graph "
                                   "`kg build` wrote, over the union of all its named graphs.")
    q.add_argument("file", help="a .rq file")
    q.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME to VALUE (an IRI if it looks like one, else a literal, which binds ?NAME_label "
                        "instead when the query selects it); bound as an RDF term, never pasted into the query; "
                        "repeatable")
    q.add_argument("--exports", default=str(DEFAULT_EXPORTS), help="folder kg build wrote (default: exports/)")
    q.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph",
                   help="oxigraph (default): the persistent store kg build wrote to exports/store/; "
                        "rdflib: load the exports into rdflib's in-memory store, for comparison")
    q.set_defaults(func=cmd_query)
    e = sub.add_parser("evaluate", help="precision, recall and F1 per fact kind against gold files",
                       description="Compare the built graph (--exports) with gold JSON files (the format of "
                                   "tests/gold) for the documents that have one.")
    e.add_argument("gold_dir", help="folder of gold .json files")
    e.add_argument("--exports", default=str(DEFAULT_EXPORTS), help="folder kg build wrote (default: exports/)")
    e.add_argument("--data", action="append", default=[], metavar="DIR", help="extra reference-data folder")
    e.add_argument("-v", "--verbose", action="store_true", help="list every missing and extra fact")
    e.set_defaults(func=cmd_evaluate)
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    if words[:1] == ["search"]:  # answered without importing the other commands (rdflib, networkx: 0.4 s)
        from kg.search.command import main as search

        return search(words[1:])
    args = make_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
