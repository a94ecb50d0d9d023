"""The Starlette app of `kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the built graph, and a query page.

Routes:

* ``GET|POST /sparql`` (also ``/``): the SPARQL 1.1 query operation (GET ``?query=``, POST form ``query=``, POST
  ``application/sparql-query``) with ``default-graph-uri`` / ``named-graph-uri`` and content negotiation; a
  ``format`` (or ``output``) parameter overrides the Accept header. With no query, a browser gets the query page.
* ``GET /health``: JSON with the counts of the store and of the query workers; 503 while none is free.
* ``GET /search?q=``: full-text search of the paragraphs and recommendations (kg.serve.search), JSON or a page.

Every query is checked first (kg.serve.guard: size, nesting, SERVICE, updates) and then evaluated in a worker
process (kg.serve.workers), never in the server's own; requests pass kg.serve.gate (Host allow-list, no
cross-site requests, bounded bodies) before any route. SPARQL Update is refused (403) however it is sent; the
store is only ever queried. docs/security.md tells what is defended and how.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader
from rdflib import URIRef
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from kg import __version__
from kg.namespaces import DEFAULT_BASE
from kg.rdf.query import QueryError, located, open_store, select
from kg.rdf.store import STAMP, STORE_DIR
from kg.serve.evaluate import QueryJob, QueryTimeout, ResultTooLarge
from kg.serve.examples import Example, load_examples
from kg.serve.gate import RequestGate, allowed_hosts
from kg.serve.guard import QueryRefused, check_query
from kg.serve.negotiate import NotAcceptable, parse_accept, wants_html
from kg.serve.protocol import ProtocolError, error_response, graph_iris, one_value
from kg.serve.results_page import results_html
from kg.serve.search import search_endpoint
from kg.serve.workers import Busy, QueryFailed, WorkerPool
from kg.visualize.graph_to_networkx import node_key, page_path
from kg.visualize.pages import PAGES_DIR

TEMPLATES = Path(__file__).resolve().parent / "templates"
MAX_REQUEST_BYTES = 1 << 20  # a query of more than 1 MiB is refused with 413
FORM = "application/x-www-form-urlencoded"
PARAMETER = "param."  # param.actor=Brazil binds the query's declared parameter as `kg query --param` does
PAGE_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"  # what a results page is made from
PAGE_SUFFIXES = {".html": "text/html; charset=utf-8", ".svg": "image/svg+xml", ".js": "text/javascript",
                 ".css": "text/css"}
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
# The page's own script and style are inline, allowed by a per-response nonce; nothing else may load.
CSP = ("default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
       "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class Endpoint:
    """The store, its query workers and the page, shared by the routes."""

    def __init__(self, exports: Path, queries_dir: Path | None, timeout: float, workers: int,
                 max_result_bytes: int, memory_limit: int) -> None:
        self.exports = exports
        self.store = open_store(exports)  # counted here; queries are evaluated by the workers
        self.store_version = self._store_version()
        self.reload_lock = threading.Lock()
        self.timeout = timeout
        self.max_result_bytes = max_result_bytes
        self.pool = WorkerPool(exports, workers, memory_limit)
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
        """The store of the latest build: after `kg build` swaps a new one in, it is opened here and by each worker
        at its next query (queries already running finish on the old one, whose files stay readable while open)."""
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
        body = await request.body()  # kg.serve.gate cuts it at MAX_REQUEST_BYTES as it arrives
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
            query = one_value(params, "query")
            if query is None:
                if request.method == "GET" and self.wants_page(request):
                    return self.page(request)
                raise ProtocolError(400, "no query: send ?query=... (GET), query=... (POST form) "
                                         f"or a {QUERY} body")
            return await self.answer(query, params, request.headers.get("accept"))
        except ProtocolError as exc:
            return error_response(exc.status, str(exc))

    async def answer(self, query: str, params: dict[str, list[str]], accept: str | None) -> Response:
        try:
            check_query(query)
        except QueryRefused as exc:
            raise ProtocolError(exc.status, str(exc)) from exc
        fmt_name = one_value(params, "format") or one_value(params, "output")
        as_page = fmt_name is None and wants_html(accept)  # a browser opened /sparql?query=... itself
        parameters = tuple((name.removeprefix(PARAMETER), value) for name in sorted(params)
                           if name.startswith(PARAMETER) for value in [one_value(params, name) or ""])
        job = QueryJob(query, default_graph=graph_iris(params, "default-graph-uri"),
                       named_graphs=graph_iris(params, "named-graph-uri"), format_name=fmt_name,
                       accept=PAGE_ACCEPT if as_page else accept, max_bytes=self.max_result_bytes,
                       parameters=parameters)
        self.current_store()
        try:
            body, media = await self.pool.run(self.store_version, job, self.timeout)
        except SyntaxError as exc:
            raise ProtocolError(400, located(query, str(exc))) from exc
        except QueryError as exc:
            raise ProtocolError(400, str(exc)) from exc
        except NotAcceptable as exc:
            raise ProtocolError(406, str(exc)) from exc
        except (QueryTimeout, Busy) as exc:
            what = "query timed out" if isinstance(exc, QueryTimeout) else "too many queries waiting"
            return error_response(503, f"{what} ({exc}); the timeout is {self.timeout:g} s", **{"Retry-After": "5"})
        except ResultTooLarge as exc:
            raise ProtocolError(413, f"{exc}: add a LIMIT or narrow the query") from exc
        except QueryFailed as exc:
            raise ProtocolError(500, str(exc)) from exc
        if as_page:
            nonce = secrets.token_urlsafe(16)
            return HTMLResponse(results_html(query, body, media, self.pages_served, nonce), headers={
                "Content-Security-Policy": CSP.format(nonce=nonce), "Vary": "Accept", "Cache-Control": "no-store"})
        return Response(body, media_type=media, headers={"Vary": "Accept"})

    # -- the HTML pages of the build, when it wrote them -------------------------------------------------------

    @property
    def pages_served(self) -> bool:
        return (self.exports / "index.html").is_file()

    async def pages(self, request: Request) -> Response:
        """A page, picture, script or style of the build (index.html, viz/...); nothing else of the exports."""
        wanted = request.path_params["path"] or "index.html"
        target = (self.exports / wanted).resolve()
        inside = target.is_relative_to(self.exports.resolve())
        hidden = any(part in (STORE_DIR, ".cache") or part.startswith(".") for part in Path(wanted).parts)
        if not inside or hidden or target.suffix not in PAGE_SUFFIXES or not target.is_file():
            return error_response(404, f"no page {wanted!r} here")
        return FileResponse(target, media_type=PAGE_SUFFIXES[target.suffix])

    async def page_of(self, request: Request) -> Response:
        """A redirect to the HTML page of the entity ``?iri=``, when the build made one."""
        iri = request.query_params.get("iri", "")
        path = page_path(node_key(URIRef(iri), DEFAULT_BASE)) if iri.startswith(DEFAULT_BASE) else None
        if path is None or not (self.exports / PAGES_DIR / path).is_file():
            return error_response(404, f"no page for {iri!r} (pages are made for meetings, actors and instruments)")
        return RedirectResponse(f"/pages/{PAGES_DIR}/{path}", status_code=302)

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        """The server's life: the workers are stopped when it ends."""
        try:
            yield
        finally:
            self.pool.close()

    # -- health and page -------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Triples in the default graph (the union), quads in all graphs, named graphs: counted by querying."""
        solutions = select(self.store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        triples = int(next(iter(solutions))["n"].value)
        return {"triples": triples, "quads": len(self.store), "named_graphs": sum(1 for _ in self.store.named_graphs())}

    async def health(self, request: Request) -> Response:
        # The counts are taken when a build's store is opened: the endpoint never changes the store, and a health
        # probe should not queue behind (or compete with) the queries it is meant to watch.
        self.current_store()
        pool = self.pool
        idle = pool.idle
        status = "ok" if idle else "busy"  # busy: a query sent now waits for a worker
        answer = {"status": status, "version": __version__, "exports": str(self.exports), **self.sizes,
                  "timeout_seconds": self.timeout, "workers": pool.size, "idle": idle, "running": pool.running,
                  "waiting": pool.waiting, "network_isolated": pool.isolated,
                  "query_memory_mib": pool.memory_limit >> 20, **vars(pool.counts)}
        return JSONResponse(answer, status_code=200 if idle else 503, headers={"Cache-Control": "no-store"})

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
            pages=self.pages_served, base=DEFAULT_BASE,
            timeout=self.timeout)
        return HTMLResponse(html, headers={"Content-Security-Policy": CSP.format(nonce=nonce),
                                           "Cache-Control": "no-store"})

    async def root(self, request: Request) -> Response:
        if request.method == "GET" and not request.url.query:
            return self.page(request)
        return await self.sparql(request)


def create_app(exports: Path, queries_dir: Path | None = None, timeout: float = 30.0, *, workers: int = 4,
               max_result_bytes: int = 256 << 20, memory_limit: int = 768 << 20, listen: str = "127.0.0.1",
               allow_hosts: Iterable[str] = ()) -> Starlette:
    """The endpoint over what `kg build` wrote to ``exports`` (kg.rdf.query.QueryError when there is nothing built).

    ``queries_dir``: the .rq files the page offers as examples; ``timeout``: seconds a query may take before the
    client gets 503; ``workers``: processes evaluating queries; ``max_result_bytes``: larger results get 413;
    ``memory_limit``: bytes a worker may hold before its query is stopped; ``listen`` and ``allow_hosts``: the
    host names requests may carry besides the loopback ones (kg.serve.gate).
    """
    endpoint = Endpoint(Path(exports), queries_dir, timeout, workers, max_result_bytes, memory_limit)
    gate = Middleware(RequestGate, hosts=allowed_hosts(listen, allow_hosts), max_body=MAX_REQUEST_BYTES)
    app = Starlette(routes=[
        Route("/", endpoint.root, methods=["GET", "POST"], name="root"),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"], name="sparql"),
        Route("/health", endpoint.health, methods=["GET"], name="health"),
        Route("/pages/{path:path}", endpoint.pages, methods=["GET"], name="pages"),
        Route("/page", endpoint.page_of, methods=["GET"], name="page_of"),
        Route("/search", search_endpoint, methods=["GET"], name="search"),
    ], middleware=[gate], lifespan=endpoint.lifespan)
    app.state.endpoint = endpoint
    return app
