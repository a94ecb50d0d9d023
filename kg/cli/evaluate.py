"""`kg evaluate`: precision, recall and F1 per fact kind of the built graph against gold files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli.common import EXIT_FAILED, EXIT_OK, add_exports_option, err


def cmd_evaluate(args: argparse.Namespace) -> int:
    from kg.check.evaluate import evaluate, format_scores
    from kg.rdf.query import QueryError, open_store
    from kg.reference.loading import load_lexicon

    try:
        store = open_store(Path(args.exports))
        scores = evaluate(store, Path(args.gold_dir), load_lexicon([Path(d) for d in args.data]))
    except (OSError, QueryError) as exc:
        err(f"error: {exc}")
        return EXIT_FAILED
    sys.stdout.write(format_scores(scores, verbose=args.verbose))
    return EXIT_OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `kg evaluate`."""
    e = sub.add_parser("evaluate", help="precision, recall and F1 per fact kind against gold files",
                       description="Compare the built graph (--exports) with gold JSON files (the format of "
                                   "tests/gold) for the documents that have one.")
    e.add_argument("gold_dir", help="folder of gold .json files")
    add_exports_option(e)
    e.add_argument("--data", action="append", default=[], metavar="DIR", help="extra reference-data folder")
    e.add_argument("-v", "--verbose", action="store_true", help="list every missing and extra fact")
    e.set_defaults(func=cmd_evaluate)
