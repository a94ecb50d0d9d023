"""A SPARQL 1.1 tokenizer that follows the grammar's terminals (section 19.8), so checks see what the parser sees.

Strings (four kinds, with ``ECHAR`` escapes), IRIs, prefixed names (whose local part may hold ``\\#``, ``\\'``
and ``%xx`` escapes), blank-node labels, variables, numbers, language tags, comments, keywords and punctuation
are told apart exactly as the grammar does, scanning left to right. A character no terminal can start with
is a :class:`LexError`. Codepoint escapes (``\\u`` / ``\\U``) are read where Oxigraph reads them, inside
strings and IRIs; the SPARQL text decodes them in the whole query before parsing, which
:func:`decode_codepoints` does for a check that wants to read the query that way too. RDF 1.2 syntax
(``<<( )>>``, ``{| |}``, ``~``) is tokenized, because Oxigraph parses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_VARNAME = f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ESCAPE = f"\\\\[tbnrf\\\\\"']|{_UCHAR}"  # ECHAR, and UCHAR, which Oxigraph decodes inside strings and IRIs
_EXPONENT = r"[eE][+-]?[0-9]+"

# (kind, pattern), tried in this order at each position: the first that matches wins, which the order makes
# the grammar's longest match (an IRI before "<", "<<(" before "<<" before "<=" before "<", and so on).
_TERMINALS: list[tuple[str, str]] = [
    ("space", r"[\x20\t\r\n]+"),
    ("comment", r"#[^\r\n]*"),
    ("string", f"'''(?:(?:'|'')?(?:[^'\\\\]|{_ESCAPE}))*'''"),
    ("string", f'"""(?:(?:"|"")?(?:[^"\\\\]|{_ESCAPE}))*"""'),
    ("string", f"'(?:[^\\x27\\x5C\\x0A\\x0D]|{_ESCAPE})*'"),
    ("string", f'"(?:[^\\x22\\x5C\\x0A\\x0D]|{_ESCAPE})*"'),
    ("iri", f'<(?:[^<>"{{}}|^`\\\\\\x00-\\x20]|{_UCHAR})*>'),
    ("pname", f"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("bnode", f"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"),
    ("var", f"[?$]{_VARNAME}"),
    ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
    ("number", f"(?:[0-9]+\\.[0-9]*{_EXPONENT}|\\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}|[0-9]*\\.[0-9]+|[0-9]+)"),
    ("keyword", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("open", r"<<\(|<<|\{\||[{(\[]"),
    ("close", r"\)>>|>>|\|\}|[})\]]"),
    ("operator", r"\^\^|\|\||&&|!=|<=|>=|[=<>+\-*/|^!?~]"),
    ("punctuation", r"[.;,]"),
]
_SCANNER = re.compile("|".join(f"(?P<t{index}>{pattern})" for index, (_kind, pattern) in enumerate(_TERMINALS)))
_KINDS = {f"t{index}": kind for index, (kind, _pattern) in enumerate(_TERMINALS)}
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class LexError(ValueError):
    """Text that no SPARQL terminal can start with, at a character offset."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Token:
    """One terminal: its kind (keyword, iri, pname, string, var, open, close, operator, ...), text and offset."""

    kind: str
    text: str
    offset: int


def decode_codepoints(text: str) -> str:
    """``text`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced by the characters they stand for."""

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise LexError(f"{match.group(0)} is not a character", match.start())
        return chr(code)

    return _CODEPOINT.sub(decode, text)


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text``, spaces and comments left out."""
    position, end = 0, len(text)
    while position < end:
        match = _SCANNER.match(text, position)
        if match is None or match.end() == position:
            shown = text[position:position + 20]
            raise LexError(f"unexpected text at character {position}: {shown!r}", position)
        kind = _KINDS[match.lastgroup or ""]
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(0), position)
        position = match.end()
