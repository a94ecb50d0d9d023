"""What a report's text promises against what its structure gave: numbered and lettered lines lost, a final
report without recommendations, each a warning that names what is missing."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from kg.structure.model import Report

# A line that opens with a paragraph number or an item letter, after markdown's heading, bullet and bold marks.
_NUMBERED = re.compile(r"^[ \t]*(?:(?:#{1,6}|[-*•])[ \t]+|\*\*)*(\d{1,3})\.[ \t]+\S", re.M)
_LETTERED = re.compile(r"^[ \t]*(?:(?:#{1,6}|[-*•])[ \t]+|\*\*)*\(([a-z]{1,2})\)[ \t]+\S", re.M)
_ROMAN = re.compile(r"^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})$")
_SHOWN = 8  # numbers or letters named in a warning before "..."


def shortfalls(report: Report) -> list[str]:
    """Warnings for what the text holds that the structure did not make into paragraphs or recommendations."""
    source = report.source
    # A numbered item whose number runs past its paragraph's is a lost paragraph, not a list inside one.
    lost_items = {id(item.clean) for paragraph in report.paragraphs for item in paragraph.items
                  if (m := re.match(r"(\d+)\.$", item.marker)) and int(m.group(1)) > paragraph.number}
    starts = sorted(block.clean.start for block in report.blocks if block.clean.text and id(block.clean) not in lost_items)
    inside = [(r.clean.start, r.clean.end) for r in report.recommendations]
    warnings = []
    lost = [m for m in _NUMBERED.finditer(source) if not _opens_block(m, source, starts)]
    if lost:
        warnings.append(f"{len(lost)} numbered lines became no paragraph or heading "
                        f"({_listed(m.group(1) + '.' for m in lost)}): the reader or the layout lost their structure")
    # Sub-items "(i)", "(ii)" under a recommendation belong to it; a letter there lost its recommendation.
    lost = [m for m in _LETTERED.finditer(source)
            if not _opens_block(m, source, starts)
            and not (_ROMAN.match(m.group(1)) and any(a <= m.start() < b for a, b in inside))]
    if lost:
        warnings.append(f"{len(lost)} lettered lines became no recommendation or item "
                        f"({_listed('(' + m.group(1) + ')' for m in lost)})")
    skipped = [f"{a.number + 1}" + (f"-{b.number - 1}" if b.number - a.number > 2 else "")
               for a, b in zip(report.paragraphs, report.paragraphs[1:]) if b.number > a.number + 1]
    if skipped:
        warnings.append(f"paragraph numbers missing between those found ({_listed(skipped)}): their paragraphs were "
                        "not found as numbered paragraphs")
    # Only a text laid out as a report (numbered paragraphs) promises recommendations; a list or a press
    # release read as blocks does not.
    if report.metadata.kind == "final_report" and report.layout == "numbered" and not report.recommendations:
        warnings.append("a final report with no recommendation: its lettered recommendations were not found")
    return warnings


def _opens_block(m: re.Match[str], source: str, starts: list[int]) -> bool:
    """Whether a block of the report starts on the line ``m`` matched."""
    end = source.find("\n", m.start())
    end = len(source) if end < 0 else end
    return bisect.bisect_left(starts, m.start()) < bisect.bisect_left(starts, end)


def _listed(items: Iterable[str]) -> str:
    names = list(items)
    return ", ".join(names[:_SHOWN]) + (", ..." if len(names) > _SHOWN else "")
