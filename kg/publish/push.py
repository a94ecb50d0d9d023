"""Upload the built graph, named graph by named graph, to a SPARQL 1.1 Graph Store Protocol endpoint (kg push)."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg.namespaces import PREFIXES

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
        turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        assert turtle is not None  # None only when an output file is given
        return turtle


def read_graphs(exports: Path, warn: Callable[[str], None] = lambda _message: None) -> list[Graph]:
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
        warn(f"warning: {shared} blank nodes occur in several graphs; each graph's upload gets its own copy of them")
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
    flat = " ".join(text.split())  # kg.cli.terminal.printable escapes what a terminal would run when it is shown
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT] + "..."


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
