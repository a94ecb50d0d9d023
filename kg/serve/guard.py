"""Checks on query text before any engine sees it: size, nesting, updates and federated SERVICE calls.

The checks work on the query's tokens (kg.rdf.lexer), never on patterns over the raw text, so a ``#`` or a
quote escaped inside a prefixed name or a keyword glued to a number (``1SERVICE``) reads exactly as the
parser will read it. ``\\u`` escapes are read both ways: as Oxigraph reads them (inside strings and IRIs
only, so ``"\\u0022"`` is a string holding a quote) and as the SPARQL text says (decoded everywhere before
parsing, so ``\\u0053ERVICE`` is SERVICE); a query refused either way is refused.

* **Size and nesting.** Oxigraph's parser and evaluator recurse: a few kilobytes of nested groups or
  parentheses, or a long chain of operators, overflow the stack and kill the process (measured with pyoxigraph
  0.5: 3,000 nested groups, 5,000 nested parentheses, 10,000 ``||``). Text over ``MAX_QUERY_CHARS``, brackets
  deeper than ``MAX_DEPTH`` or more than ``MAX_OPERATORS`` operators are refused before parsing. The bounds are
  an order of magnitude under the crash and far over any query in queries/; worker processes
  (kg.serve.workers) are the second line, should a crash be found under them.
* **SERVICE.** pyoxigraph evaluates ``SERVICE <url>`` by requesting that URL, which would let anyone who can
  reach the endpoint make the server fetch URLs, including ones only the server can see. The SERVICE keyword
  is refused wherever it appears.
* **Updates** sent as queries are told why they fail (403) instead of getting a bare syntax error.
"""

from __future__ import annotations

from kg.rdf.lexer import LexError, Token, decode_codepoints, tokens

MAX_QUERY_CHARS = 100_000
MAX_DEPTH = 64
MAX_OPERATORS = 2_000

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_PROLOGUE_KEYWORDS = {"PREFIX", "BASE"}


class QueryRefused(ValueError):
    """A query the endpoint will not evaluate, with the HTTP status that says why (400 or 403)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def check_query(text: str, max_chars: int = MAX_QUERY_CHARS, max_depth: int = MAX_DEPTH,
                max_operators: int = MAX_OPERATORS) -> None:
    """Raise :class:`QueryRefused` unless ``text`` is within the bounds, not an update and free of SERVICE."""
    if len(text) > max_chars:
        raise QueryRefused(400, f"the query is {len(text):,} characters long; at most {max_chars:,} are accepted")
    raw_error: LexError | None = None
    try:
        _check_tokens(list(tokens(text)), max_depth, max_operators)
    except LexError as exc:
        raw_error = exc  # refused below, after the other reading has had its say on SERVICE and updates
    try:
        decoded = list(tokens(decode_codepoints(text)))
    except LexError:
        decoded = None  # not SPARQL once decoded, and Oxigraph does not decode: the raw reading counts
    if decoded is not None:
        _check_tokens(decoded, max_depth, max_operators)
    if raw_error is not None:
        raise QueryRefused(400, f"bad SPARQL query: {raw_error}")


def _check_tokens(found: list[Token], max_depth: int, max_operators: int) -> None:
    if _is_update(found):
        raise QueryRefused(403, "this endpoint is read-only: SPARQL Update is not accepted")
    depth = deepest = operators = 0
    for token in found:
        if token.kind == "keyword" and token.text.upper() == "SERVICE":
            raise QueryRefused(403, "SERVICE (federated query) is disabled: this endpoint serves its own graph only")
        if token.kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif token.kind == "close":
            depth -= 1
        elif token.kind == "operator":
            operators += 1
    if deepest > max_depth:
        raise QueryRefused(400, f"the query nests brackets {deepest} deep; at most {max_depth} levels are accepted")
    if operators > max_operators:
        raise QueryRefused(400, f"the query has {operators:,} operators; at most {max_operators:,} are accepted")


def _is_update(found: list[Token]) -> bool:
    """Whether the first keyword after the PREFIX and BASE declarations starts an update operation."""
    for token in found:
        if token.kind in ("pname", "iri") or (token.kind == "keyword" and token.text.upper() in _PROLOGUE_KEYWORDS):
            continue
        return token.kind == "keyword" and token.text.upper() in _UPDATE_KEYWORDS
    return False
