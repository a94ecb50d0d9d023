"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the built graph, with a query page (kg.serve)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import EXIT_FAILED, EXIT_OK, add_exports_option, err

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_WORKERS = 4
DEFAULT_QUERY_MEMORY_MB = 768


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kg.rdf.library import QUERY_LIBRARY
    from kg.rdf.query import QueryError
    from kg.serve.app import create_app

    if args.timeout <= 0 or args.workers < 1 or args.query_memory_mb < 64:
        err("error: --timeout must be positive, --workers at least 1 and --query-memory-mb at least 64")
        return EXIT_FAILED
    queries = Path(args.queries) if args.queries else QUERY_LIBRARY
    try:
        app = create_app(Path(args.exports), queries, args.timeout, workers=args.workers,
                         max_result_bytes=int(args.max_result_mb * (1 << 20)),
                         memory_limit=int(args.query_memory_mb * (1 << 20)), listen=args.host,
                         allow_hosts=args.allow_host)
    except (OSError, QueryError) as exc:
        err(f"error: {exc}")
        return EXIT_FAILED
    health = app.state.endpoint.sizes
    shown = f"[{args.host}]" if ":" in args.host else args.host
    err(f"serving {health['triples']} triples ({health['named_graphs']} named graphs) from {args.exports}/ "
        f"at http://{shown}:{args.port}/sparql (query page: http://{shown}:{args.port}/); Ctrl+C stops")
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=not args.quiet)
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `kg serve`."""
    p = subparsers.add_parser(
        "serve", help="serve the built graph as a read-only SPARQL endpoint with a query page",
        description="Serve the graph `kg build` wrote (--exports) over the SPARQL 1.1 Protocol at /sparql: "
                    "GET ?query=, POST form or application/sparql-query; results as SPARQL JSON/XML, CSV or TSV, "
                    "graphs as Turtle, N-Triples, RDF/XML or JSON-LD, by Accept header or format=. The default "
                    "graph is the union of all documents; GRAPH reaches each document's named graph. Updates are "
                    "refused (403), and so is SERVICE. Queries run in worker processes, each stopped at --timeout "
                    "or --query-memory-mb. Requests must name this server as Host (loopback names, --host, "
                    "--allow-host) and not come from another site. / is a query page with the queries/ examples; "
                    "/health reports counts and free workers. See docs/security.md.")
    add_exports_option(p)
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default: {DEFAULT_HOST}, this machine only; 0.0.0.0 exposes it)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="a host name clients may use besides localhost, 127.0.0.1, ::1 and --host (repeatable; "
                        "'*' allows any, for a reverse proxy that checks Host itself)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help=f"seconds a query may run before the client gets 503 and its worker process is stopped "
                        f"(default: {DEFAULT_TIMEOUT:g})")
    p.add_argument("--workers", type=int, default=DEFAULT_WORKERS,
                   help=f"worker processes evaluating queries at once (default: {DEFAULT_WORKERS})")
    p.add_argument("--query-memory-mb", type=float, default=DEFAULT_QUERY_MEMORY_MB,
                   help=f"memory in MiB a worker may use for one query before it is stopped (default: "
                        f"{DEFAULT_QUERY_MEMORY_MB})")
    p.add_argument("--queries", default=None,
                   help="folder of .rq files the query page offers as examples (default: the query library)")
    p.add_argument("--max-result-mb", type=float, default=256.0,
                   help="largest serialized result in MiB; larger ones get 413 (default: 256)")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.add_argument("-q", "--quiet", action="store_true", help="no access log")
    p.set_defaults(func=cmd_serve)
