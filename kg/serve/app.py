"""The Starlette app of `kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the built graph, and a query page.

Routes:

* ``GET|POST /sparql`` (also ``/``): the SPARQL 1.1 query operation (GET ``?query=``, POST form ``query=``, POST
  ``application/sparql-query``) with ``default-graph-uri`` / ``named-graph-uri`` and content negotiation; a
  ``format`` (or ``output``) parameter overrides the Accept header. With no query, a browser gets the query page.
* ``GET /health``: JSON with the counts of the store and of the query pool.

SPARQL Update is refused (403) however it is sent; the store is only ever queried.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg import __version__
from kg.query import QueryError, open_store
from kg.serve import guard
from kg.serve.examples import Example, load_examples
from kg.serve.negotiate import (
    GRAPH_OFFERS,
    SOLUTION_OFFERS,
    NotAcceptable,
    by_name,
    content_type,
    negotiate,
    parse_accept,
)
from kg.serve.runner import Busy, DeadlineWriter, QueryPool, QueryTimeout, ResultTooLarge
from kg.store import STAMP, STORE_DIR

TEMPLATES = Path(__file__).resolve().parent / "templates"
MAX_REQUEST_BYTES = 1 << 20  # a query of more than 1 MiB is refused with 413
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
# The page's own script and style are inline, allowed by a per-response nonce; nothing else may load.
CSP = ("default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
       "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class ProtocolError(Exception):
    """A request the endpoint answers with an error status and a plain-text reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _error(status: int, message: str, **headers: str) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise ProtocolError(400, f"more than one {name!r} parameter")
    return values[0] if values else None


def _graph_iris(params: dict[str, list[str]], name: str) -> list[ox.NamedNode] | None:
    values = params.get(name)
    if not values:
        return None
    try:
        return [ox.NamedNode(v) for v in values]
    except ValueError as exc:
        raise ProtocolError(400, f"bad {name}: {exc}") from exc


class Endpoint:
    """The store, its query pool and the page, shared by the routes."""

    def __init__(self, exports: Path, queries_dir: Path | None, timeout: float, workers: int,
                 max_result_bytes: int) -> None:
        self.exports = exports
        self.store = open_store(exports)
        self.store_version = self._store_version()
        self.reload_lock = threading.Lock()
        self.timeout = timeout
        self.max_result_bytes = max_result_bytes
        self.pool = QueryPool(workers)
        self.sizes = self.counts()
        self.examples: list[Example] = load_examples(queries_dir)
        self.templates = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True)

    # -- the store, followed across builds -------------------------------------------------------------------

    def _store_version(self) -> tuple[int, int] | None:
        """Which build's store is in exports/store: each build writes a new stamp file into it."""
        try:
            stat = (self.exports / STORE_DIR / STAMP).stat()
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    def current_store(self) -> ox.Store:
        """The store of the latest build: after `kg build` swaps a new one in, the next query opens it (queries
        already running finish on the old one, whose files stay readable while open)."""
        version = self._store_version()
        if version is not None and version != self.store_version:
            with self.reload_lock:
                if version != self.store_version:
                    try:
                        store = open_store(self.exports)
                    except (OSError, QueryError):
                        return self.store  # caught mid-swap: keep serving the previous build
                    self.store, self.store_version = store, version
                    self.sizes = self.counts()
        return self.store

    # -- the query operation -------------------------------------------------------------------------------

    async def params(self, request: Request) -> dict[str, list[str]]:
        """The protocol parameters of a request: the URL's, plus the form body's or the query body of a POST."""
        params = parse_qs(request.url.query, keep_blank_values=True)
        if request.method != "POST":
            return params
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == UPDATE:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if media not in (FORM, QUERY):
            raise ProtocolError(415, f"POST a query as {FORM} (query=...) or as {QUERY}, not {media or 'no type'}")
        body = await request.body()
        if len(body) > MAX_REQUEST_BYTES:
            raise ProtocolError(413, f"request body larger than {MAX_REQUEST_BYTES} bytes")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(400, "the request body is not UTF-8") from exc
        if media == QUERY:
            if "query" in params:
                raise ProtocolError(400, f"a {QUERY} POST carries the query in its body, not in ?query=")
            params["query"] = [text]
        else:
            for name, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        return params

    async def sparql(self, request: Request) -> Response:
        try:
            params = await self.params(request)
            if "update" in params:
                raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
            query = _one(params, "query")
            if query is None:
                if request.method == "GET" and self.wants_page(request):
                    return self.page(request)
                raise ProtocolError(400, "no query: send ?query=... (GET), query=... (POST form) "
                                         f"or a {QUERY} body")
            return await self.answer(query, params, request.headers.get("accept"))
        except ProtocolError as exc:
            return _error(exc.status, str(exc))

    async def answer(self, query: str, params: dict[str, list[str]], accept: str | None) -> Response:
        if guard.looks_like_update(query):
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if guard.uses_service(query):
            raise ProtocolError(403, "SERVICE (federated query) is disabled: this endpoint serves its own graph only")
        named = _graph_iris(params, "named-graph-uri")
        default = _graph_iris(params, "default-graph-uri")
        fmt_name = _one(params, "format") or _one(params, "output")

        store = self.current_store()

        def job(deadline: float) -> tuple[bytes, str]:
            result = store.query(query, default_graph=default, named_graphs=named)
            graph = isinstance(result, ox.QueryTriples)
            if fmt_name:
                fmt = by_name(fmt_name, graph)
                media = fmt.media_type
            else:
                media, fmt = negotiate(accept, GRAPH_OFFERS if graph else SOLUTION_OFFERS)
            writer = DeadlineWriter(deadline, self.max_result_bytes)
            result.serialize(writer, fmt)
            return bytes(writer.buffer), content_type(media)

        try:
            body, media = await self.pool.run(job, self.timeout)
        except SyntaxError as exc:
            raise ProtocolError(400, f"bad SPARQL query: {exc}") from exc
        except NotAcceptable as exc:
            raise ProtocolError(406, str(exc)) from exc
        except (QueryTimeout, Busy) as exc:
            what = "query timed out" if isinstance(exc, QueryTimeout) else "too many queries waiting"
            return _error(503, f"{what} ({exc}); the timeout is {self.timeout:g} s", **{"Retry-After": "5"})
        except ResultTooLarge as exc:
            raise ProtocolError(413, f"{exc}: add a LIMIT or narrow the query") from exc
        except (OSError, ValueError) as exc:
            raise ProtocolError(500, f"query failed: {exc}") from exc
        return Response(body, media_type=media, headers={"Vary": "Accept"})

    # -- health and page -------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Triples in the default graph (the union), quads in all graphs, named graphs: counted by querying."""
        solutions = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        triples = int(next(iter(solutions))["n"].value)
        return {"triples": triples, "quads": len(self.store), "named_graphs": sum(1 for _ in self.store.named_graphs())}

    async def health(self, request: Request) -> Response:
        # The counts are taken when a build's store is opened: the endpoint never changes the store, and a health
        # probe should not queue behind (or compete with) the queries it is meant to watch.
        self.current_store()
        pool = self.pool
        return JSONResponse({"status": "ok", "version": __version__, "exports": str(self.exports), **self.sizes,
                             "timeout_seconds": self.timeout, "workers": pool.workers, "running": pool.running,
                             "waiting": pool.waiting(), "served": pool.served, "timed_out": pool.timed_out})

    @staticmethod
    def wants_page(request: Request) -> bool:
        accept = request.headers.get("accept")
        if not accept:
            return True
        return any(media in ("text/html", "text/*", "*/*") and q > 0 for media, q in parse_accept(accept))

    def page(self, request: Request) -> Response:
        nonce = secrets.token_urlsafe(16)
        html = self.templates.get_template("page.html.j2").render(
            nonce=nonce, endpoint=request.url_for("sparql").path, health=request.url_for("health").path,
            examples=self.examples, example_data=[e.as_dict() for e in self.examples], version=__version__,
            timeout=self.timeout)
        return HTMLResponse(html, headers={"Content-Security-Policy": CSP.format(nonce=nonce),
                                           "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})

    async def root(self, request: Request) -> Response:
        if request.method == "GET" and not request.url.query:
            return self.page(request)
        return await self.sparql(request)


def create_app(exports: Path, queries_dir: Path | None = None, timeout: float = 30.0, *, workers: int = 4,
               max_result_bytes: int = 256 << 20) -> Starlette:
    """The endpoint over what `kg build` wrote to ``exports`` (kg.query.QueryError when there is nothing built).

    ``queries_dir``: the .rq files the page offers as examples; ``timeout``: seconds a query may take before the
    client gets 503; ``workers``: threads evaluating queries; ``max_result_bytes``: larger results get 413.
    """
    endpoint = Endpoint(Path(exports), queries_dir, timeout, workers, max_result_bytes)
    app = Starlette(routes=[
        Route("/", endpoint.root, methods=["GET", "POST"], name="root"),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"], name="sparql"),
        Route("/health", endpoint.health, methods=["GET"], name="health"),
    ])
    app.state.endpoint = endpoint
    return app
