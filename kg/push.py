"""kg push ENDPOINT: upload the built graph, named graph by named graph, to a SPARQL 1.1 Graph Store Protocol endpoint."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg.cli import DEFAULT_EXPORTS, EXIT_FAILED, EXIT_OK
from kg.namespaces import PREFIXES
from kg.terminal import printable

PASSWORD_ENV, TOKEN_ENV = "KG_PUSH_PASSWORD", "KG_PUSH_TOKEN"
CONTENT_TYPES = {"ntriples": "application/n-triples", "turtle": "text/turtle"}
DEFAULT_CHUNK_MB = 8.0
EXCERPT = 300  # characters of an error response's body to show
HINTS = {
    400: "the store refused the request or could not parse the body",
    401: "check --user/--password or --token",
    403: "the credentials are not allowed to write there",
    404: "is ENDPOINT the store's Graph Store Protocol URL (Fuseki .../DATASET/data, Oxigraph .../store)?",
    405: "the endpoint does not accept this method: is it read-only, or the query URL rather than the graph store?",
    413: "the body is too large for the store or a proxy: try a smaller --chunk-size",
    415: "the store does not take this RDF syntax: try the other --format",
}


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class PushError(Exception):
    """A push that cannot start or did not finish; the message names the graph and the reason."""


@dataclass
class Graph:
    """One graph to upload: its IRI (None: the default graph) and its triples as N-Triples lines."""

    iri: str | None
    lines: list[str]
    has_blank_nodes: bool = False

    @property
    def label(self) -> str:
        return "default graph" if self.iri is None else f"graph <{self.iri}>"


@dataclass
class Upload:
    """One planned HTTP request: a graph, or one part of a graph too large for a single body."""

    method: str
    url: str
    graph: Graph
    start: int
    end: int
    part: int
    parts: int

    @property
    def label(self) -> str:
        return self.graph.label + (f" part {self.part}/{self.parts}" if self.parts > 1 else "")

    def body(self, fmt: str) -> bytes:
        ntriples = "".join(self.graph.lines[self.start:self.end]).encode("utf-8")
        if fmt == "ntriples":
            return ntriples
        triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def read_graphs(exports: Path) -> list[Graph]:
    """The graphs of exports/graph.nq in IRI order (a default graph, if the file has one, last)."""
    path = exports / "graph.nq"
    if not path.is_file():
        raise PushError(f"{path}: no such file (run `kg build` first, or point --exports at its output folder)")
    graphs: dict[str | None, Graph] = {}
    blank_graphs: dict[str, set[str | None]] = {}
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            iri = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graph = graphs.get(iri) or graphs.setdefault(iri, Graph(iri, []))
            graph.lines.append(f"{quad.triple} .\n")
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.BlankNode):
                    graph.has_blank_nodes = True
                    blank_graphs.setdefault(term.value, set()).add(iri)
    except (OSError, SyntaxError) as exc:
        raise PushError(f"{path}: cannot read it as N-Quads: {exc}") from exc
    if not graphs:
        raise PushError(f"{path}: no quads to push")
    shared = sum(len(names) > 1 for names in blank_graphs.values())
    if shared:
        _err(f"warning: {shared} blank nodes occur in several graphs; each graph's upload gets its own copy of them")
    return sorted(graphs.values(), key=lambda g: (g.iri is None, g.iri or ""))


def union(graphs: list[Graph]) -> Graph:
    """Every triple of every graph once, as the default graph."""
    lines = sorted({line for graph in graphs for line in graph.lines})
    return Graph(None, lines, any(graph.has_blank_nodes for graph in graphs))


def graph_url(endpoint: str, iri: str | None) -> str:
    """ENDPOINT?graph=IRI (percent-encoded) or ENDPOINT?default, keeping any query the endpoint already has."""
    parts = urlsplit(endpoint)
    param = "default" if iri is None else "graph=" + quote(iri, safe="")
    return urlunsplit(parts._replace(query=f"{parts.query}&{param}" if parts.query else param))


def split(graph: Graph, limit: int) -> list[tuple[int, int]]:
    """Line ranges of at most ``limit`` bytes each (0: no limit); a graph with blank nodes is never split."""
    if limit <= 0 or graph.has_blank_nodes:  # blank nodes in two requests would become two nodes in the store
        return [(0, len(graph.lines))]
    ranges, start, size = [], 0, 0
    for i, line in enumerate(graph.lines):
        n = len(line.encode("utf-8"))
        if i > start and size + n > limit:
            ranges.append((start, i))
            start, size = i, 0
        size += n
    ranges.append((start, len(graph.lines)))
    return ranges


def plan(graphs: list[Graph], endpoint: str, method: str, limit: int) -> list[Upload]:
    """The requests, in order: per graph the first with ``method``, any further parts with POST (they add)."""
    uploads = []
    for graph in graphs:
        ranges = split(graph, limit)
        url = graph_url(endpoint, graph.iri)
        for part, (start, end) in enumerate(ranges, 1):
            uploads.append(Upload(method if part == 1 else "POST", url, graph, start, end, part, len(ranges)))
    return uploads


def shown(url: str, query: bool = True) -> str:
    """``url`` without any user:password@ it carries (and without its query if not ``query``), for messages."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        parts = parts._replace(netloc=(parts.hostname or "") + (f":{parts.port}" if parts.port else ""))
    return urlunsplit(parts if query else parts._replace(query=""))


def _excerpt(text: str) -> str:
    return printable(" ".join(text.split()), EXCERPT)


class _Overdue(Exception):
    """The whole request took longer than --timeout."""


@contextlib.contextmanager
def whole_request_deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`_Overdue` in the block once ``seconds`` have passed, even while a socket read is waiting:
    httpx's timeouts count per read, so a store answering a byte a second would never time out. A timer signal
    does this, so only in the main thread; elsewhere the per-read timeouts remain."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def overdue(_signum: int, _frame: object) -> None:
        raise _Overdue

    previous = signal.signal(signal.SIGALRM, overdue)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def send(client: httpx.Client, uploads: list[Upload], fmt: str, progress: Callable[[str], None],
         timeout: float = 60.0) -> tuple[int, int]:
    """Make every request in order, stopping at the first failure; (triples, bytes) sent. Each request, upload and
    answer together, must end within ``timeout`` seconds."""
    triples = sent = 0
    for number, upload in enumerate(uploads, 1):
        body = upload.body(fmt)
        began = time.monotonic()
        try:
            with whole_request_deadline(timeout):
                response = client.request(upload.method, upload.url, content=body,
                                          headers={"Content-Type": CONTENT_TYPES[fmt]})
                response.read()
        except (httpx.TimeoutException, _Overdue) as exc:
            why = "the whole request" if isinstance(exc, _Overdue) else type(exc).__name__
            raise PushError(f"{upload.method} {upload.label}: no complete answer from {shown(upload.url, query=False)} "
                            f"within the timeout of {timeout:g} s ({why}); try a larger --timeout") from exc
        except httpx.HTTPError as exc:
            raise PushError(f"{upload.method} {upload.label}: cannot reach {shown(upload.url, query=False)}: {exc}") from exc
        if not response.is_success:
            hint = HINTS.get(response.status_code, "")
            if response.is_redirect:
                hint = f"redirected to {response.headers.get('location', '?')}: push to that URL instead"
            body_text = _excerpt(response.text)
            raise PushError(f"{upload.method} {upload.label}: HTTP {response.status_code} {response.reason_phrase}"
                            + (f": {body_text}" if body_text else "") + (f" ({hint})" if hint else ""))
        count = upload.end - upload.start
        triples, sent = triples + count, sent + len(body)
        progress(f"[{number}/{len(uploads)}] {upload.method} {upload.label}: {count} triples, "
                 f"{len(body) / 1e6:.2f} MB, HTTP {response.status_code} in {time.monotonic() - began:.2f}s")
    return triples, sent


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
    progress = (lambda _line: None) if args.quiet else _err
    endpoint = args.endpoint
    parts = urlsplit(endpoint)
    try:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PushError(f"{endpoint}: not an http(s) URL of a Graph Store Protocol endpoint")
        if args.chunk_size < 0 or args.timeout <= 0:
            raise PushError("--chunk-size must be 0 or more and --timeout more than 0")
        graphs = read_graphs(Path(args.exports))
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
        _err(f"error: {printable(str(exc))}")
        return EXIT_FAILED
    print(f"pushed {len(graphs)} graphs, {triples} triples ({sent / 1e6:.1f} MB) to {shown(endpoint)} "
          f"in {time.monotonic() - began:.1f}s")
    return EXIT_OK


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    p.add_argument("--exports", default=str(DEFAULT_EXPORTS), help="folder kg build wrote (default: exports/)")
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
