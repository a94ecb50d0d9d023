"""`kg search "QUERY"`: the passages of the built exports that match, best first, the matched words marked."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from kg.cli.common import EXIT_FAILED, EXIT_OK, add_exports_option, err
from kg.search.query import Hit, SearchError, marked, open_index, search

BOLD, PLAIN = "\033[1m", "\033[0m"


def format_hits(hits: list[Hit], color: bool, width: int = 100) -> str:
    """Each hit as two or more lines: rank, document, paragraph, meeting; then the passage, matches marked."""
    before, after = (BOLD, PLAIN) if color else ("[", "]")
    lines = []
    for hit in hits:
        lines.append(f"{hit.rank}. {hit.where} - {hit.meeting_label or 'no meeting'}")
        lines += textwrap.wrap(marked(hit.snippet, before, after), width=width, initial_indent="   ",
                               subsequent_indent="   ", break_on_hyphens=False)
    return "\n".join(lines) + ("\n" if lines else "")


def cmd_search(args: argparse.Namespace) -> int:
    try:
        with open_index(Path(args.exports)) as db:
            hits = search(db, args.query, args.limit, args.kind or "")
    except SearchError as exc:
        err(f"error: {exc}")
        return EXIT_FAILED
    if args.format == "json":
        sys.stdout.write(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=1) + "\n")
    elif not hits:
        err(f"no passage matches {args.query!r}")
    else:
        sys.stdout.write(format_hits(hits, color=sys.stdout.isatty()))
    return EXIT_OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("search", help="full-text search of the paragraphs and recommendations",
                       description='Search the paragraphs and recommendations of the built exports (their '
                                   'search.sqlite). Words are stemmed ("trafficked" finds "trafficking"); '
                                   '"double quotes" make a phrase; word* a prefix; AND (the default between '
                                   'terms), OR, NOT and brackets combine them: '
                                   'kg search \'"artificial intelligence" AND (court OR judicial) NOT Europe\'. '
                                   'Hits come best first (BM25), each with its document, paragraph and meeting.')
    p.add_argument("query", help="what to look for")
    add_exports_option(p)
    p.add_argument("-n", "--limit", type=int, default=10, help="at most this many hits (default 10)")
    p.add_argument("--kind", choices=["paragraph", "recommendation"], help="only paragraphs or only recommendations")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_search)

