"""SPARQL results as an HTML page, for a browser that opens /sparql?query=... itself."""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote

from kg.namespaces import DEFAULT_BASE


def page_link(value: str, pages: bool) -> str | None:
    """Where the HTML page of the entity ``value`` is served (kg.serve's /page redirect), if pages are."""
    if not pages or not value.startswith(DEFAULT_BASE):
        return None
    return "/page?iri=" + quote(value, safe="")


def results_html(query: str, body: bytes, media: str, pages: bool, nonce: str) -> str:
    """A page holding the query and its answer: a table of a SELECT (entity IRIs linked to their pages), the
    boolean of an ASK, or the text of a graph."""
    if media.startswith("application/sparql-results+json"):
        data = json.loads(body)
        if "boolean" in data:
            shown = f"<p>ASK: <strong>{'true' if data['boolean'] else 'false'}</strong></p>"
        else:
            shown = _table(data["head"]["vars"], data["results"]["bindings"], pages)
    else:
        shown = f"<pre>{escape(body.decode('utf-8'))}</pre>"
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>SPARQL results · congress-kg</title>\n<style nonce=\"{nonce}\">"
            "body{font:15px/1.4 system-ui,sans-serif;margin:1rem}table{border-collapse:collapse}"
            "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
            "th{background:#eef2f7}pre{white-space:pre-wrap}</style>\n</head>\n<body>\n"
            "<nav><a href=\"/\">Query page</a></nav>\n"
            f"<details><summary>Query</summary><pre>{escape(query)}</pre></details>\n{shown}\n</body>\n</html>\n")


def _table(variables: list[str], rows: list[dict[str, dict[str, str]]], pages: bool) -> str:
    head = "".join(f"<th>{escape(v)}</th>" for v in variables)
    lines = [f"<p>{len(rows)} {'row' if len(rows) == 1 else 'rows'}</p>", f"<table><tr>{head}</tr>"]
    for row in rows:
        cells = []
        for variable in variables:
            term = row.get(variable)
            if term is None:
                cells.append("<td></td>")
                continue
            text = escape(term["value"])
            link = page_link(term["value"], pages) if term["type"] == "uri" else None
            cells.append(f"<td><a href=\"{escape(link)}\">{text}</a></td>" if link else f"<td>{text}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)
