"""Lexical checks on query text before it reaches Oxigraph: updates sent as queries, and federated SERVICE calls.

Oxigraph's query parser already rejects an update sent as a query (it is not a query); the check here only
tells the client why, with 403 instead of a bare syntax error. SERVICE is different: pyoxigraph is built with
an HTTP client and evaluates ``SERVICE <url>`` by requesting that URL, which would let anyone who can reach
the endpoint make the server fetch arbitrary URLs (including ones only the server can see). The endpoint
serves the built graph only, so queries using the SERVICE keyword are refused. The check works on the text
with strings, IRIs and comments blanked out and ``\\u`` escapes decoded (SPARQL decodes them before parsing),
so it errs on the side of refusing (a prefixed name such as ``ex:a.service`` is refused too).
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Long strings first, then short ones, IRIs and comments, scanned left to right so a '#' inside an IRI or a
# string is not taken for a comment and quotes inside comments do not open strings.
_LEXEMES = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.DOTALL,
)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s*[^\s:]*:\s*<>|BASE\s*<>)\s*)*", re.IGNORECASE)
_UPDATE = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![\w?$:\-])SERVICE(?![\w:\-])", re.IGNORECASE)


def _unescape(text: str) -> str:
    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(decode, text)


def skeleton(text: str) -> str:
    """``text`` with escapes decoded and every string, IRI and comment emptied ("" / <> / nothing)."""

    def blank(match: re.Match[str]) -> str:
        lexeme = match.group(0)
        if lexeme.startswith("#"):
            return " "
        return "<>" if lexeme.startswith("<") else '""'

    return _LEXEMES.sub(blank, _unescape(text))


def looks_like_update(text: str) -> bool:
    """True when ``text`` (after its PREFIX/BASE declarations) starts with a SPARQL Update operation keyword."""
    bare = skeleton(text)
    return _UPDATE.match(bare, _PROLOGUE.match(bare).end()) is not None


def uses_service(text: str) -> bool:
    """True when the SERVICE keyword appears anywhere outside strings, IRIs and comments."""
    return _SERVICE.search(skeleton(text)) is not None
