"""Synthetic corpus for benchmarks: the bundled reports' real sections recombined into new meetings.

``python benchmarks/generate_corpus.py --factor N --out DIR [--seed S]`` writes 5*N reports.  Copy ``k`` of the
five bundled reports becomes the reports of the meetings before a fictitious Congress ``241 + k``: each meeting gets
another region (rotated), a venue of that region, dates moved to the year ``2025 + k`` (the graph keys a meeting by
region and year, so every copy makes new meetings), a document symbol of its own, and every State name swapped for
another United Nations Member State (so the graph grows in actors too; copy 0 keeps the real ones).
Draft addenda keep their own header and
opening paragraphs and take their "Summary of deliberations" and "Outcome of deliberations" blocks from any bundled
report; the final report takes each of its blocks from any report too; paragraphs are renumbered to stay in order.
The same seed always gives the same files, and copy ``k`` does not depend on the factor.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = ROOT / "kg" / "data"

# Region adjectives as the meeting titles write them (all in kg/data/regions.csv), with venues of that region.
REGIONS: list[tuple[str, str, list[str]]] = [
    ("Latin American and Caribbean", "lac", ["San José", "Santiago", "Lima", "Bogotá", "Quito", "Montevideo"]),
    ("European", "europe", ["Vienna", "Geneva", "Rome", "Warsaw", "Prague", "Lisbon"]),
    ("Asia and Pacific", "asia-pacific", ["Bangkok", "Manila", "Jakarta", "Tokyo", "Kuala Lumpur", "Hanoi"]),
    ("African", "africa", ["Addis Ababa", "Nairobi", "Dakar", "Abuja", "Accra", "Kigali"]),
    ("Western Asian", "western-asia", ["Beirut", "Doha", "Amman", "Muscat", "Riyadh", "Abu Dhabi"]),
]
_REGION_OF_MEETING = re.compile(
    r"\b(Latin American and Caribbean|European|Asia and Pacific|African|Western Asian)(\s+)Regional(\s+)Preparatory"
)
_MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)(\s+)(\d{4})\b"
)
_NUMBERED = re.compile(r"^(\s*(?:[-*]\s+)?)(\d{1,3})(\.\s)")
_TITLE_END = re.compile(r"\((?:agenda item|workshop) \d+\)\W*$", re.I)
_HEADING_MARKUP = re.compile(r"[#*_\s]+")
# Extra ways the reports write a State that state_names.csv spells differently.
_ALIASES = {"United States": "USA", "United Kingdom": "GBR", "Kingdom of the Netherlands": "NLD", "Netherlands": "NLD"}
_FINAL_AGENDA_MAX = 7  # the final report's adopted agenda lists items 1-7; paragraphs there are numbered higher


@dataclass
class Source:
    """One bundled report cut at its deliberation blocks."""

    name: str
    lines: list[str]
    region: int  # index in REGIONS
    venue: str
    is_final: bool
    blocks: list[tuple[int, int, int]]  # (summary line, outcome line, end line) of each deliberation block


def _bare(line: str) -> str:
    return _HEADING_MARKUP.sub(" ", line).strip().lower()


def _blocks(lines: list[str], is_final: bool) -> list[tuple[int, int, int]]:
    summaries = [i for i, line in enumerate(lines) if _bare(line) == "summary of deliberations"]
    outcomes = [i for i, line in enumerate(lines) if _bare(line) == "outcome of deliberations"]
    blocks = []
    for start, outcome in zip(summaries, outcomes, strict=True):
        end = len(lines)
        if is_final:  # the outcome ends at the next heading
            end = next(i for i in range(outcome + 1, len(lines)) if lines[i].lstrip().startswith(("#", "**")))
        blocks.append((start, outcome, end))
    return blocks


def load_sources(corpus: Path = CORPUS) -> list[Source]:
    """The bundled reports, in file order, with their region, venue and deliberation blocks."""
    sources = []
    for path in sorted(p for p in corpus.iterdir() if p.suffix in {".txt", ".md"}):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        region_match = _REGION_OF_MEETING.search(text)
        if region_match is None:
            raise ValueError(f"{path.name}: no regional preparatory meeting named")
        region = next(i for i, r in enumerate(REGIONS) if r[0] == region_match.group(1))
        venue = next(v for v in REGIONS[region][2] if re.search(rf"\b{re.escape(v)}(?:,\s*(?:from\s+)?\d)", text))
        is_final = bool(re.search(r"^\W*Report of the\b", text, re.M))
        sources.append(Source(path.name, lines, region, venue, is_final, _blocks(lines, is_final)))
    return sources


def _state_tables(data: Path = DATA) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Names as written -> ISO3 (every name state_names.csv knows), and the Member States' short names to swap in."""
    members = {row["iso3"] for row in csv.DictReader((data / "un_states.csv").open(encoding="utf-8"))
               if row["un_status"] == "member"}
    names: dict[str, str] = dict(_ALIASES)
    targets: list[tuple[str, str]] = []
    for row in csv.DictReader((data / "state_names.csv").open(encoding="utf-8")):
        names[row["name"]] = row["iso3"]
        plain = not re.search(r"[(),'’]| and |\bof\b", row["name"])
        if row["un_short_name"] == "yes" and row["iso3"] in members and plain:
            targets.append((row["iso3"], row["name"]))
    return names, sorted(targets)


class Generator:
    """Writes the copies of the bundled reports; one instance per corpus and seed."""

    def __init__(self, seed: int = 0, corpus: Path = CORPUS, data: Path = DATA) -> None:
        self.seed = seed
        self.sources = load_sources(corpus)
        names, self.targets = _state_tables(data)
        text = "\n".join("\n".join(s.lines) for s in self.sources)
        found = {name: iso3 for name, iso3 in names.items() if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)}
        self.source_iso3 = sorted(set(found.values()))
        self._names = found
        alternation = "|".join(re.escape(n) for n in sorted(found, key=len, reverse=True))
        # "Committee of Trinidad and Tobago" names an organization, not the State
        self._state_re = re.compile(rf"(?<!\w)(?<!Committee of )(?:{alternation})(?!\w)")
        self.pool = [(s, b) for s in self.sources for b in s.blocks]  # every real deliberation block

    def copy(self, k: int) -> list[tuple[str, str]]:
        """Copy ``k``: (file name, text) of one new report per bundled report."""
        rng = random.Random(f"congress-kg-bench/{self.seed}/{k}")
        rotation = (k + self.seed) % len(REGIONS)
        picks = rng.sample(self.targets, len(self.source_iso3))
        swap = {iso3: name for iso3, (_, name) in zip(self.source_iso3, picks)}
        venues = {i: rng.choice(r[2]) for i, r in enumerate(REGIONS)}
        addenda: dict[int, int] = {}
        out = []
        for index, source in enumerate(self.sources):
            region = (source.region + rotation) % len(REGIONS)
            adjective, region_slug, _ = REGIONS[region]
            lines = self._final(source, rng) if source.is_final else self._addendum(source, rng)
            text = "\n".join(lines)
            if k:  # copy 0 keeps the real States, so the bundled actors (and --param actor=Brazil) are all there
                text = self._state_re.sub(lambda m: swap[self._names[m.group(0)]], text)
            text = _REGION_OF_MEETING.sub(rf"{adjective}\2Regional\3Preparatory", text)
            text = _move_venue(text, source.venue, venues[region])
            text = _MONTH_YEAR.sub(lambda m: f"{m.group(1)}{m.group(2)}{int(m.group(3)) + k}", text)
            if source.is_final:
                symbol, kind = f"A/CONF.{241 + k}/RPM.{region + 1}/2", "final"
            else:
                addenda[region] = addenda.get(region, 0) + 1
                symbol, kind = f"A/CONF.{241 + k}/RPM.{region + 1}/L.1/Add.{addenda[region]}", f"add{addenda[region]}"
            name = f"rpm{k:04d}_{index}_{region_slug}-{2025 + k}-{kind}.txt"
            out.append((name, f"{symbol}\n\n{text.lstrip(chr(10))}"))
        return out

    def _addendum(self, source: Source, rng: random.Random) -> list[str]:
        start, _, _ = source.blocks[0]
        prefix = source.lines[: start + 1]
        donor, (d_start, d_outcome, _) = rng.choice(self.pool)
        other, (_, o_outcome, o_end) = rng.choice(self.pool)
        deliberations = donor.lines[d_start + 1 : d_outcome]
        outcome = other.lines[o_outcome:o_end]
        last = max((int(m.group(2)) for line in prefix if (m := _NUMBERED.match(line)) and not _TITLE_END.search(line)),
                   default=0)
        body, _ = _renumber(deliberations + outcome, last + 1, lambda _n: True)
        return prefix + body

    def _final(self, source: Source, rng: random.Random) -> list[str]:
        first = source.blocks[0][0]
        head = source.lines[: first + 1]
        last = max(int(m.group(2)) for line in head if (m := _NUMBERED.match(line)) and not line.lstrip().startswith("#"))
        number = last + 1
        lines = list(head)
        position = first + 1
        for start, _outcome, end in source.blocks:
            between = source.lines[position : start + 1] if start >= position else []
            renumbered, number = _renumber(between, number, lambda n: n > _FINAL_AGENDA_MAX)
            lines += renumbered
            donor, (d_start, d_outcome, _) = rng.choice(self.pool)
            other, (_, o_outcome, o_end) = rng.choice(self.pool)
            renumbered, number = _renumber(donor.lines[d_start + 1 : d_outcome], number, lambda _n: True)
            lines += renumbered
            renumbered, number = _renumber(other.lines[o_outcome:o_end], number, lambda _n: True)
            lines += renumbered
            position = end
        renumbered, _ = _renumber(source.lines[position:], number, lambda n: n > _FINAL_AGENDA_MAX)
        return lines + renumbered


def _renumber(lines: list[str], number: int, is_paragraph: Callable[[int], bool]) -> tuple[list[str], int]:
    """Number the paragraph lines of ``lines`` from ``number`` on; the lines and the next number."""
    out = []
    for line in lines:
        m = _NUMBERED.match(line)
        if m and not line.lstrip().startswith("#") and not _TITLE_END.search(line) and is_paragraph(int(m.group(2))):
            line = f"{m.group(1)}{number}{m.group(3)}{line[m.end():]}"
            number += 1
        out.append(line)
    return out, number


def _move_venue(text: str, old: str, new: str) -> str:
    """The meeting's venue ``old`` becomes ``new``: in 'Venue, dates' lines and 'held in Venue' of the meeting."""
    text = re.sub(rf"(?m)^(\W*){re.escape(old)}(?=,\s*\d)", lambda m: m.group(1) + new, text)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "Preparatory" in line and f"held in {old}" in line:
            lines[i] = line.replace(f"held in {old}", f"held in {new}")
    return "\n".join(lines)


def generate(out_dir: Path, factor: int, seed: int = 0) -> list[Path]:
    """Write ``5 * factor`` synthetic reports (for 5 bundled ones) into ``out_dir``; their paths, sorted."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    out_dir.mkdir(parents=True, exist_ok=True)
    generator = Generator(seed)
    paths = []
    for k in range(factor):
        for name, text in generator.copy(k):
            path = out_dir / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return sorted(paths)


def main(argv: list[str] | None = None) -> int:
    """Command line: generate a corpus of ``--factor`` copies into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, required=True, help="copies of the 5 bundled reports (5*N files)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (made if missing)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = generate(args.out, args.factor, args.seed)
    print(f"wrote {len(paths)} reports to {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
