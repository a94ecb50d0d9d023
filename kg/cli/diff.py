"""`kg diff DRAFT FINAL`: print, per aligned pair of recommendations, the word-level changes from draft to final."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.build.export import union_graph
from kg.build.graphs import build_dataset
from kg.cli.common import EXIT_FAILED, EXIT_OK, err
from kg.enrich.revisions import Revision, find_revisions


def format_revisions(revisions: list[Revision], statements: bool = False) -> str:
    """One block per draft/final pair and agenda item; one entry per aligned pair with its diff."""
    lines: list[str] = []
    heading = None
    for rev in revisions:
        if rev.kind == "statement" and not statements:
            continue
        item = rev.rpm_item
        current = (rev.draft_report.file_name, rev.final_report.file_name, item, rev.kind)
        if current != heading:
            heading = current
            if lines:
                lines.append("")
            lines.append(f"== {current[0]} -> {current[1]}, agenda item {item}: {rev.kind}s ==")
        if rev.kind == "recommendation":
            left = f"({rev.draft.letter})" if rev.draft else "(none)"
            right = f"({rev.final.letter})" if rev.final else "(none)"
            lines.append(f"{left} -> {right}  {rev.status}  similarity {rev.similarity:.3f}")
        else:
            lines.append(f"{rev.status}  similarity {rev.similarity:.3f}")
        if rev.status == "reworded":
            lines.append(f"    {rev.diff}")
        elif rev.status in ("kept", "dropped") and rev.draft:
            lines.append(f"    {rev.draft.text}")
        elif rev.final:
            lines.append(f"    {rev.final.text}")
    return "\n".join(lines) + ("\n" if lines else "")


def cmd_diff(args: argparse.Namespace) -> int:
    paths = [Path(args.draft), Path(args.final)]
    for path in paths:
        if not path.is_file():
            err(f"error: {path}: no such file")
            return EXIT_FAILED
    result = build_dataset(paths, data=[Path(d) for d in args.data])
    for file, reason in result.failed:
        err(f"error: {file}: {reason}")
    if result.dataset is None or result.failed:
        return EXIT_FAILED
    revisions = find_revisions(union_graph(result.dataset))
    if not revisions:
        err("error: no draft/final pair: give a draft report and the final report of the same meeting "
             "that covers the draft's agenda item")
        return EXIT_FAILED
    sys.stdout.write(format_revisions(revisions, statements=args.statements))
    return EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "diff", help="word-level diff of a draft report's recommendations against the final report",
        description="Align the recommendations of a draft report with those of the final report of the same "
                    "meeting and agenda item by text similarity (not by letter or order), and print each pair "
                    "with its status (kept, reworded, added, dropped) and, for reworded ones, the words removed "
                    "[-like this-] and added {+like this+}. The files may be given in either order.",
    )
    p.add_argument("draft", help="the draft report (or addendum) file")
    p.add_argument("final", help="the final report file")
    p.add_argument("--statements", action="store_true", help="also list the statements kept, dropped or added")
    p.add_argument("--data", action="append", default=[], metavar="DIR",
                   help="extra reference-data folder whose CSV rows add to kg/data (repeatable)")
    p.set_defaults(func=cmd_diff)
