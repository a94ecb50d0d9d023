"""Time the SHACL check as a build makes it, in parts, on its own: read and assemble the reports, then validate.

    python benchmarks/shacl_parts.py benchmarks/out/corpus-x1000-seed0

No export is written. Prints the seconds to read and assemble, the seconds of ``kg.check.validate.validate_parts``, the
problems found and the peak RSS of the process. Exit status 1 if the graph has violations.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the kg package of this checkout, whatever else is installed
    sys.path.insert(0, str(ROOT))

from kg.build import graphs  # noqa: E402
from kg.check import validate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of reports")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = graphs.assemble_graph([args.corpus])
    assembled = time.perf_counter()
    if result.context is None or result.context.parts is None:
        print(f"no report of {args.corpus} could be built", file=sys.stderr)
        return 2
    print(f"read and assembled {len(result.built)} reports in {assembled - started:.1f} s", flush=True)
    problems = validate.validate_parts(result.context.parts, result.context)
    print(f"SHACL in parts: {time.perf_counter() - assembled:.1f} s, {len(problems)} problem line(s)")
    for line in problems[:20]:
        print(f"  {line}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
