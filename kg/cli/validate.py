"""`kg validate`: check a finished build against the SHACL shapes again, and with --reasoner for OWL consistency."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from kg.build.export import union_graph
from kg.check.validate import check_graph, read_exports
from kg.cli.common import EXIT_FAILED, EXIT_OK, add_exports_option, err
from kg.rdf.io import TooLargeForMemory


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        ds = read_exports(Path(args.exports))
    except (FileNotFoundError, TooLargeForMemory) as exc:
        err(f"error: {exc}")
        return EXIT_FAILED
    gc.freeze()  # the graph lives until the command ends: keep the collector from walking it again and again
    data = union_graph(ds)
    report = check_graph(data, engine=args.engine)
    for line in report.lines(limit=args.limit):
        print(line)
    print(f"SHACL: {len(data)} triples, {len(report.violations)} violation(s), {len(report.warnings)} warning(s) "
          f"in {report.seconds:.1f} s")
    failed = not report.conforms
    if args.reasoner:
        from kg.check.reason import check_consistency, reasoner_graph

        outcome = check_consistency(reasoner_graph(data))
        print(f"HermiT: {'consistent' if outcome.consistent else 'INCONSISTENT'} in {outcome.seconds:.1f} s")
        if not outcome.consistent:
            print(outcome.detail)
        failed = failed or not outcome.consistent
    return EXIT_FAILED if failed else EXIT_OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`kg validate`: check a finished build again, apart from `kg build` (which also validates)."""
    p = sub.add_parser("validate", help="check the built graph against the SHACL shapes (and optionally HermiT)",
                       description="Validate the graph `kg build` wrote against ontology/shapes.ttl "
                                   "and print every result (violations fail the build; warnings only show here). "
                                   "With --reasoner, HermiT also checks the graph is consistent with the ontology. "
                                   "Exit status: 0 valid, 2 violations, inconsistency or no build.")
    add_exports_option(p)
    p.add_argument("--reasoner", action="store_true", help="also run HermiT (Java) for OWL consistency")
    p.add_argument("--engine", choices=("sparql", "pyshacl"), default="sparql",
                   help="SPARQL queries compiled from the shapes on Oxigraph (default) or pySHACL (the reference)")
    p.add_argument("--limit", type=int, default=200, help="print at most this many results (default: 200)")
    p.set_defaults(func=cmd_validate)
