"""Strip markdown and HTML from one line while keeping each character's source offset."""

from __future__ import annotations

import html
import re

from kg.model import CleanText

# Each alternative names what it keeps in a group called ``keep``; everything
# else it matched is dropped.  Footnote references vanish with their number.
_INLINE = re.compile(
    r"""
    \[(?P<keep>[^\]\n]*)\]\([^)\n]*\)          # markdown link
  | <a\b[^>]*>(?P<keep2>.*?)</a>              # HTML link
  | <sup>[^<]*</sup>                          # footnote reference
  | \[\^[^\]]*\]                              # markdown footnote reference
  | (?<=[A-Za-z)][,;:])\d{1,2}(?=\s)            # footnote number glued after a comma
  | </?(?:i|b|em|strong|u|span|sub|small|font)\b[^>]*>
  | (?P<block></?(?:p|div|h[1-6]|html|body|head|title|ul|ol|li|table|thead|tbody|tr|td|th|section|article
        |header|footer|nav|main|blockquote)\b[^>]*>)   # a block tag stands for a space
  | <br\s*/?>
  | \*+                                       # bold and italic markers
  | &(?:[a-zA-Z]+|\#\d+|\#x[0-9a-fA-F]+);     # HTML entity (decoded below)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_LEAD = re.compile(r"^(?:\s*(?:#{1,6}|>|[-•◦▪●]|\*(?=\s))\s+)+")
FOOTNOTE_LINE = re.compile(r"^\s*(?:<sup>\s*(\d+|[*†‡])\s*</sup>|\[\^(\w+)\]:)\s*")


def strip_markup(raw: str, base: int) -> CleanText:
    """Clean ``raw`` (one source line starting at ``base``) of markup and bullets."""
    chars: list[str] = []
    offsets: list[int] = []
    lead = _LEAD.match(raw)
    pos = lead.end() if lead else 0
    for m in _INLINE.finditer(raw, pos):
        _keep_plain(raw, pos, m.start(), base, chars, offsets)
        token = m.group(0)
        kept = m.group("keep") if m.group("keep") is not None else m.group("keep2")
        if kept is not None:
            start = m.start("keep") if m.group("keep") is not None else m.start("keep2")
            inner = strip_markup(kept, base + start)
            chars.extend(inner.text)
            offsets.extend(inner.offsets)
        elif m.group("block"):
            chars.append(" ")
            offsets.append(base + m.start())
        elif token.startswith("&"):
            decoded = html.unescape(token)
            if decoded != token:
                chars.extend(decoded)
                offsets.extend([base + m.start()] * len(decoded))
            else:
                _keep_plain(raw, m.start(), m.end(), base, chars, offsets)
        pos = m.end()
    _keep_plain(raw, pos, len(raw), base, chars, offsets)
    return _squeeze(CleanText("".join(chars), tuple(offsets), base + len(raw.rstrip("\r"))))


def _keep_plain(raw: str, i: int, j: int, base: int, chars: list[str], offsets: list[int]) -> None:
    for k in range(i, j):
        ch = raw[k]
        if ch in "\r\n":
            continue
        chars.append(" " if ch in "\t\u00a0" else ch)
        offsets.append(base + k)


def _squeeze(clean: CleanText) -> CleanText:
    """Fold runs of spaces to one and trim the ends."""
    text, offs = clean.text, clean.offsets
    out_chars: list[str] = []
    out_offs: list[int] = []
    for ch, off in zip(text, offs):
        if ch == " " and (not out_chars or out_chars[-1] == " "):
            continue
        out_chars.append(ch)
        out_offs.append(off)
    while out_chars and out_chars[-1] == " ":
        out_chars.pop()
        out_offs.pop()
    end = out_offs[-1] + 1 if out_offs else clean.end
    return CleanText("".join(out_chars), tuple(out_offs), end)
