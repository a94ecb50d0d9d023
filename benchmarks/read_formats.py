"""Time the readers alone: every PDF, DOCX or HTML file named read into text, ``--repeat`` times.

    python benchmarks/read_formats.py OUT/pdf/*.pdf --repeat 5

(``python -m tests.formats.render OUT`` makes the files.) Prints, per format: files, pages (PDF), seconds,
pages a second (PDF) and files a second; wrap it in farm-bench for the process as a whole.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the kg package of this checkout, whatever else is installed
    sys.path.insert(0, str(ROOT))

from kg.read import read_source  # noqa: E402


def time_reads(paths: list[Path], repeat: int = 1) -> dict[str, dict[str, float]]:
    """Per media type: files read, PDF pages read, seconds spent."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: {"files": 0, "pages": 0, "seconds": 0.0})
    for _ in range(repeat):
        for path in paths:
            started = time.perf_counter()
            source = read_source(path)
            spent = time.perf_counter() - started
            row = totals[source.media_type]
            row["files"] += 1
            row["pages"] += max((page for _offset, page in source.pages), default=0)
            row["seconds"] += spent
    return dict(totals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    for media_type, row in sorted(time_reads([Path(f) for f in args.files], args.repeat).items()):
        pages = f", {row['pages'] / row['seconds']:.1f} pages/s" if row["pages"] else ""
        print(f"{media_type}: {row['files']:.0f} files, {row['pages']:.0f} pages, {row['seconds']:.3f} s, "
              f"{row['files'] / row['seconds']:.1f} files/s{pages}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
