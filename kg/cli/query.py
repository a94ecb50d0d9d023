"""`kg query`: run a query of the library or a .rq file on the built graph and print its answer."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg.cli.common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, add_exports_option, err
from kg.cli.table import results_table


def cmd_query(args: argparse.Namespace) -> int:
    import pyoxigraph as ox

    from kg.rdf.io import TooLargeForMemory
    from kg.rdf.library import find_query, query_library
    from kg.rdf.parameters import resolve_parameters
    from kg.rdf.query import ParameterError, QueryError, Results, answer_query, open_store
    from kg.rdf.results import format_results, labels_of

    if args.list:
        for name, title in query_library():
            print(f"{name:28} {title}")
        return EXIT_OK
    if not args.query:
        err("error: name a query (a .rq file or a name from `kg query --list`)")
        return EXIT_FAILED
    try:
        path = find_query(args.query)
        text = path.read_text(encoding="utf-8")
        raw = dict(p.split("=", 1) if "=" in p else (p, "") for p in args.param)
        if any(not value for value in raw.values()):
            raise QueryError("--param needs NAME=VALUE")
        store = open_store(Path(args.exports), engine=args.engine)
        answer = answer_query(store, text, resolve_parameters(store, text, raw), limit=args.limit)
        if isinstance(answer, Results):
            answer = answer.narrowed(args.columns.split(",") if args.columns else None, args.limit)
            labels = None
            if args.format == "table" and not args.iris:
                labels = labels_of(store, {t.value for row in answer.rows for t in row if isinstance(t, ox.NamedNode)})
            output = (results_table(answer, labels) if args.format == "table"
                      else format_results(answer, args.format))
        elif isinstance(answer, bool):
            output = (json.dumps({"head": {}, "boolean": answer}) if args.format == "json"
                      else ("yes" if answer else "no") if args.format == "table" else str(answer).lower()) + "\n"
        else:
            output = answer  # a CONSTRUCT or DESCRIBE: its graph as Turtle, whatever --format says
    except ParameterError as exc:
        err(f"error: {args.query}: {exc}")
        return EXIT_PARTIAL  # 1: the query is fine, its parameters are not
    except (OSError, QueryError, TooLargeForMemory) as exc:
        err(f"error: {args.query}: {exc}")
        return EXIT_FAILED
    sys.stdout.write(output)
    return EXIT_OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `kg query`."""
    q = sub.add_parser("query", help="run a SPARQL query (a .rq file or a query of the library by name)",
                       description="Run a query (for example queries/statements.rq, or `statements`) on the graph "
                                   "`kg build` wrote, over the union of all its named graphs. SELECT prints rows, "
                                   "ASK yes or no, CONSTRUCT and DESCRIBE Turtle. The project's prefixes (ckg:, rdfs:, "
                                   "skos:, prov: ...) are declared for a query that leaves them out. The table shows "
                                   "labels for IRIs and fits the terminal; CSV, TSV and JSON give the values as they "
                                   "are. Exit status: 0 answered, 1 a parameter missing or naming nothing, 2 the "
                                   "query or the build is at fault.")
    q.add_argument("query", nargs="?", help="a .rq file, or the name of a query of the library (see --list)")
    q.add_argument("--list", action="store_true", help="list the queries of the library with their titles")
    q.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME to VALUE, an RDF term (written into the query as a term, never as the text "
                        "given); for a parameter the query declares with a class (actor: ckg:Actor) a label in "
                        "any case, an ISO 3166 code, an acronym or another name finds the entity; else an IRI if "
                        "it looks like one, or a literal; repeatable")
    q.add_argument("--limit", type=int, metavar="N",
                   help="print the first N rows only (a SELECT is asked for no more: LIMIT N goes into the query)")
    q.add_argument("--columns", metavar="A,B", help="print these columns only, in this order")
    q.add_argument("--iris", action="store_true", help="show IRIs in the table rather than labels")
    add_exports_option(q)
    q.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph",
                   help="oxigraph (default): the persistent store kg build wrote to exports/store/; "
                        "rdflib: load the exports into rdflib's in-memory store, for comparison")
    q.set_defaults(func=cmd_query)
