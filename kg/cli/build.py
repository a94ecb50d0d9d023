"""`kg build`: read reports and write the graph, its tables, pages and query store."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kg.cli.common import DEFAULT_CORPUS, DEFAULT_EXPORTS, EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, err
from kg.cli.terminal import printable
from kg.namespaces import DEFAULT_BASE

VIZ_EXPORTER = "kg.visualize.export"  # the build step `kg build --no-viz` skips
SHACL_VALIDATOR = "kg.check.validate"  # the build step `kg build --no-validate` skips
NAME_SHOWN = 200  # characters of an unresolved name printed; unresolved.csv holds it whole
# Each process holds its share of a build's memory; builds were measured with one and two (BENCHMARKS.md).
DEFAULT_JOBS_CAP = 4


def default_jobs() -> int:
    """One process per CPU this process may run on (a container's limit, not the machine's), at most
    DEFAULT_JOBS_CAP; one where processes cannot be forked (kg.build.processes forks them)."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, DEFAULT_JOBS_CAP))


def cmd_build(args: argparse.Namespace) -> int:
    from kg.build.context import BuildError
    from kg.build.memo import DamagedEntry
    from kg.build.run import build

    inputs = [Path(p) for p in args.inputs] or [DEFAULT_CORPUS]
    missing = [p for p in inputs if not p.exists()]
    for path in missing:
        err(f"error: {path}: no such file or folder")
    inputs = [p for p in inputs if p.exists()]
    from kg.check import validate

    validate.ENGINE = args.shacl_engine  # a process the build forks to validate inherits it
    try:
        run = build
        skip = [VIZ_EXPORTER] * args.no_viz + [SHACL_VALIDATOR] * args.no_validate
        if args.update:
            from kg.build.update import update as run
        result = run(inputs, Path(args.out), base=args.base, data=[Path(d) for d in args.data],
                     progress=None if args.quiet else err, skip=skip,
                     jobs=args.jobs if args.jobs > 0 else default_jobs(), use_cache=not args.no_cache,
                     follow_symlinks=args.follow_symlinks)
    except (BuildError, DamagedEntry) as exc:
        err(f"error: {exc}")
        return EXIT_FAILED
    except OSError as exc:
        # A full disk or a folder that cannot be written: the build's staged files are gone again, the last
        # exports untouched (kg.build.outputs), and a traceback would tell a user nothing more.
        where = f" {exc.filename}:" if exc.filename else ""
        err(f"error: could not write the exports:{where} {exc.strerror or exc}; {args.out}/ left as it was")
        return EXIT_FAILED
    for file, reason in result.failed:
        err(f"error: {file}: {reason}")
    for file, reason in result.skipped:
        err(f"warning: {file}: {reason}")
    for file, warning in result.warnings:
        err(f"warning: {file}: {warning}")
    for file, reason in result.not_read:
        err(f"note: {file}: not read: {reason}")
    if result.unresolved:
        err(f"{len(result.unresolved)} names not in the reference data (see {args.out}/unresolved.csv):")
        for kind, name, guess, files in result.unresolved:
            err(f"  {kind}: {printable(name, NAME_SHOWN)} [{guess}] in {files}")
    tally = _tally(result)
    if not result.built:
        err(f"error: no report could be built{tally}; {args.out}/ left as it was")
        return EXIT_FAILED
    print(f"built {len(result.built)} documents, {result.triples} triples -> {args.out}/{tally}")
    return EXIT_PARTIAL if (result.failed or missing) else EXIT_OK


def _tally(result: object) -> str:
    """``; 2 files failed, 3 files not read, 1 warning`` for what a build did not do, or nothing."""
    counts = [(len(getattr(result, "failed", [])), "file failed", "files failed"),
              (len(getattr(result, "not_read", [])), "file not read", "files not read"),
              (len(getattr(result, "warnings", [])), "warning", "warnings")]
    said = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    return ("; " + ", ".join(said)) if said else ""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `kg build`."""
    b = sub.add_parser("build", help="read reports and write the graph exports",
                       description="Read every report in the inputs (default: corpus/): .txt/.md text, PDF (scans "
                                   "through Tesseract OCR), Word .docx and HTML pages, told by their content; write the "
                                   "graph (Turtle, TriG, N-Quads, JSON-LD, GraphML), its tables, pages, pictures and "
                                   "query store to --out (default: exports/; exports/README.md lists every file). "
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
    b.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="work in N processes: read and extract the reports, derive each meeting's revisions and "
                        "answers, and check the SHACL shapes beside the exports; the exports are the same for any "
                        f"N (default 0: one per CPU this process may use, at most {DEFAULT_JOBS_CAP}; 1: serial)")
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
    b.add_argument("--shacl-engine", choices=("sparql", "pyshacl"), default="sparql",
                   help="check the shapes as SPARQL queries on Oxigraph (default, fast) or with pySHACL (the "
                        "reference; the same results, several times slower)")
    b.set_defaults(func=cmd_build)

