"""Shared pieces of the HTML exports: a query store over the dataset, escaping and the page shell."""

from __future__ import annotations

import base64
import hashlib
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1rem; color: #1b1b1b; max-width: 110rem; }
table { display: block; overflow-x: auto; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
p.note { color: #444; max-width: 60rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #c8c8c8; padding: .35rem .5rem; vertical-align: top; text-align: left; }
th { background: #f0f0f0; }
td.count { text-align: right; min-width: 4rem; white-space: nowrap; }
td.count .share { color: #333; font-size: .85em; }
th .total { display: block; font-weight: normal; font-size: .85em; color: #444; }
th button.sort { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer;
                 text-align: left; color: inherit; }
th button.sort::after { content: " \\2195"; color: #888; }
th[aria-sort=ascending] button.sort::after { content: " \\2191"; color: #000; }
th[aria-sort=descending] button.sort::after { content: " \\2193"; color: #000; }
#matrix tr > th:first-child { position: sticky; left: 0; background: #f4f4f4; z-index: 1; }
@media (max-width: 600px) { body { margin: .5rem; } h1 { font-size: 1.2rem; } ul.recs { min-width: 16rem; } }
details summary { cursor: pointer; }
ul.recs { margin: .3rem 0 0 1rem; padding: 0; min-width: 22rem; }
ul.recs li { margin-bottom: .3rem; }
.terms { color: #555; font-size: .9em; }
del { background: #fbdada; text-decoration: line-through; }
ins { background: #d4f4d4; text-decoration: none; }
.status-kept { color: #2d6a2d; } .status-reworded { color: #8a5a00; }
.status-added { color: #1f4e9c; } .status-dropped { color: #9c1f1f; }
"""


def esc(text: object) -> str:
    """Text made safe for HTML content and attribute values."""
    return escape(str(text), quote=True)


def policy(script: str) -> str:
    """The page's Content-Security-Policy: nothing is loaded, inline style only, and no script but ``script``
    (allowed by its SHA-256, so the page works under a strict policy and runs nothing else)."""
    allowed = "'none'"
    if script:
        allowed = "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src {allowed}; base-uri 'none'; form-action 'none'"


def page(title: str, intro: str, body: str, script: str = "", index_url: str = "index.html") -> bytes:
    """A complete, self-contained HTML page (inline style, and ``script`` if any), with a link back to the index."""
    tail = f"<script>{script}</script>\n" if script else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy(script)}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<nav><a href=\"{esc(index_url)}\">&larr; Index</a></nav>\n"
        f"<h1>{esc(title)}</h1>\n<p class=\"note\">{intro}</p>\n{body}\n{tail}</body>\n</html>\n"
    ).encode()
