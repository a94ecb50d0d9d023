"""`GET /search?q=` on kg serve: the exports' full-text search as JSON or as a page (kg.search)."""

from __future__ import annotations

import asyncio
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from kg.search.query import Hit, SearchError, marked, open_index, search
from kg.serve.negotiate import parse_accept

MAX_QUERY = 1000  # characters of a search
MAX_LIMIT = 100  # hits a request may ask for
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
_STYLE = ("body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}#q{width:min(40rem,90%)}"
          "li{margin-bottom:1rem}.meeting{color:#555;font-size:.9em}mark{background:#ffe58a}")


def wants_json(request: Request) -> bool:
    """format=json, or (no format) an Accept header that asks for JSON and not for HTML."""
    chosen = request.query_params.get("format")
    if chosen:
        return chosen == "json"
    weights = dict(parse_accept(request.headers.get("accept") or ""))
    return weights.get("application/json", 0) > 0 and weights.get("text/html", 0) == 0


def _page(query: str, body: str, status: int = 200) -> HTMLResponse:
    html = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Search the reports</title>"
            f"<style>{_STYLE}</style></head><body><p><a href=\"/\">SPARQL query page</a></p><h1>Search the reports</h1>"
            "<form method=\"get\" action=\"/search\"><input id=\"q\" name=\"q\" type=\"search\" aria-label=\"Search\" "
            f"value=\"{escape(query)}\"> <button type=\"submit\">Search</button></form>{body}</body></html>\n")
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"})


def _hits_html(hits: list[Hit]) -> str:
    if not hits:
        return '<p id="status">No passage matches.</p>'
    items = "".join(
        f'<li class="hit"><b>{escape(h.where)}</b> <span class="meeting">{escape(h.meeting_label)}</span>'
        f"<p>{marked(escape(h.snippet), '<mark>', '</mark>')}</p></li>" for h in hits)
    return f'<p id="status">{len(hits)} passages, best first</p><ol id="hits">{items}</ol>'


def _run(exports: Path, query: str, limit: int, kind: str) -> list[Hit]:
    with open_index(exports) as db:
        return search(db, query, limit, kind)


async def search_endpoint(request: Request) -> Response:
    exports: Path = request.app.state.endpoint.exports
    query = request.query_params.get("q", "")
    as_json = wants_json(request)
    try:
        limit = min(max(int(request.query_params.get("limit", "20")), 1), MAX_LIMIT)
    except ValueError:
        limit = 20
    kind = request.query_params.get("kind", "")
    if kind not in ("", "paragraph", "recommendation"):
        kind = ""
    if not query.strip():
        return JSONResponse({"query": query, "hits": []}) if as_json else _page(query, "")
    try:
        if len(query) > MAX_QUERY:
            raise SearchError(f"a search of at most {MAX_QUERY} characters")
        hits = await asyncio.to_thread(_run, exports, query, limit, kind)
    except SearchError as exc:
        if as_json:
            return JSONResponse({"query": query, "error": str(exc)}, status_code=400)
        return _page(query, f'<p id="status">Cannot search: {escape(str(exc))}</p>', status=400)
    if as_json:
        return JSONResponse({"query": query, "hits": [h.as_json() for h in hits]}, headers={"Cache-Control": "no-store"})
    return _page(query, _hits_html(hits))
