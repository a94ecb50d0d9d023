"""Text from outside (a report's names, a server's answer) made safe to print on a terminal."""

from __future__ import annotations


def printable(text: str, limit: int | None = None) -> str:
    """``text`` with control characters (terminal escape sequences among them) shown as escapes, such as
    ``\\x1b``, and cut to ``limit`` characters with the full length said."""
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]}… ({len(text):,} characters)"
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)
