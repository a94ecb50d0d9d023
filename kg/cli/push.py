"""`kg push ENDPOINT`: upload the built graph to a SPARQL Graph Store Protocol endpoint (kg.publish.push)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from kg.cli.common import EXIT_FAILED, EXIT_OK, add_exports_option, err
from kg.cli.terminal import printable
from kg.publish.push import (
    CONTENT_TYPES,
    DEFAULT_CHUNK_MB,
    PushError,
    plan,
    read_graphs,
    send,
    shown,
    union,
)

PASSWORD_ENV, TOKEN_ENV = "KG_PUSH_PASSWORD", "KG_PUSH_TOKEN"


def credentials(args: argparse.Namespace) -> tuple[httpx.Auth | None, dict[str, str]]:
    """HTTP basic auth or a bearer token header from the options and environment (never both)."""
    password = args.password if args.password is not None else os.environ.get(PASSWORD_ENV)
    token = args.token if args.token is not None else os.environ.get(TOKEN_ENV)
    if args.user is not None and args.token is not None:
        raise PushError("give --user (basic auth) or --token (bearer), not both")
    if args.user is not None:
        if password is None:
            if not sys.stdin.isatty():
                raise PushError(f"--user {args.user} needs a password: set {PASSWORD_ENV} or give --password")
            password = getpass.getpass(f"password for {args.user}: ")
        return httpx.BasicAuth(args.user, password), {}
    if args.password is not None:
        raise PushError("--password needs --user")
    if token:
        return None, {"Authorization": f"Bearer {token}"}
    return None, {}


def cmd_push(args: argparse.Namespace) -> int:
    progress = (lambda _line: None) if args.quiet else err
    endpoint = args.endpoint
    parts = urlsplit(endpoint)
    try:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PushError(f"{endpoint}: not an http(s) URL of a Graph Store Protocol endpoint")
        if args.chunk_size < 0 or args.timeout <= 0:
            raise PushError("--chunk-size must be 0 or more and --timeout more than 0")
        graphs = read_graphs(Path(args.exports), err)
        quads = sum(len(g.lines) for g in graphs)
        if args.default_graph:
            graphs = [g for g in graphs if g.iri is not None] + [union(graphs)]
        uploads = plan(graphs, endpoint, args.method.upper(), int(args.chunk_size * 1_000_000))
        if args.dry_run:
            for upload in uploads:
                print(f"{upload.method} {shown(upload.url)}  {upload.label}: {upload.end - upload.start} triples "
                      f"as {CONTENT_TYPES[args.format]}")
            print(f"dry run: {len(uploads)} requests for {len(graphs)} graphs ({quads} quads); nothing sent")
            return EXIT_OK
        auth, headers = credentials(args)
        began = time.monotonic()
        progress(f"pushing {len(graphs)} graphs ({quads} quads) to {shown(endpoint)} in {len(uploads)} requests")
        with httpx.Client(auth=auth, headers=headers, timeout=args.timeout, follow_redirects=False) as client:
            triples, sent = send(client, uploads, args.format, progress, args.timeout)
    except PushError as exc:
        err(f"error: {printable(str(exc))}")
        return EXIT_FAILED
    print(f"pushed {len(graphs)} graphs, {triples} triples ({sent / 1e6:.1f} MB) to {shown(endpoint)} "
          f"in {time.monotonic() - began:.1f}s")
    return EXIT_OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`kg push ENDPOINT`: upload exports/graph.nq, one named graph per request, with the Graph Store Protocol."""
    p = sub.add_parser(
        "push", help="upload the built graph to a SPARQL Graph Store Protocol endpoint (Fuseki, GraphDB, Oxigraph...)",
        description="Upload the named graphs of exports/graph.nq to ENDPOINT, a SPARQL 1.1 Graph Store HTTP Protocol "
                    "URL (Fuseki http://localhost:3030/DATASET/data, Oxigraph http://localhost:7878/store, GraphDB "
                    ".../repositories/REPO/rdf-graphs/service): each graph is sent to ENDPOINT?graph=IRI with PUT, "
                    "replacing what the store had in that graph (--method post adds instead). A graph larger than "
                    "--chunk-size is sent as a PUT of its first part and POSTs of the rest. "
                    "Exit status: 0 every graph pushed, 2 nothing or not everything pushed (the error names the graph).")
    p.add_argument("endpoint", help="the Graph Store Protocol URL of the store")
    add_exports_option(p)
    p.add_argument("--method", choices=["put", "post"], default="put",
                   help="put: replace each graph (default); post: add to what the store has")
    p.add_argument("--default-graph", action="store_true",
                   help="also put the union of all graphs into the store's default graph (ENDPOINT?default)")
    p.add_argument("--format", choices=sorted(CONTENT_TYPES), default="ntriples",
                   help="RDF syntax of the bodies (default: ntriples)")
    p.add_argument("--chunk-size", type=float, default=DEFAULT_CHUNK_MB, metavar="MB",
                   help=f"largest body in megabytes of N-Triples before a graph is split (default: {DEFAULT_CHUNK_MB:g}; "
                        "0: never split); a graph with blank nodes is always sent whole")
    p.add_argument("--user", help="user name for HTTP basic auth")
    p.add_argument("--password", help=f"password for --user (visible to other users in ps: prefer {PASSWORD_ENV}); "
                                      "asked for when neither is given and stdin is a terminal")
    p.add_argument("--token", help=f"bearer token sent as 'Authorization: Bearer' (prefer {TOKEN_ENV})")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="seconds each request may take, upload and answer together (default: 60)")
    p.add_argument("--dry-run", action="store_true", help="list the requests that would be made and send nothing")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_push)
