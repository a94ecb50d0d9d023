"""Precision and recall of the commitment clusters on every development and held-out set, in one table.

Run from the repository (or a worktree) with the package on the path:

    PYTHONPATH=. python scripts/cluster_scores.py [--out /tmp/cluster-scores] [--pairs NAME ...]

Each set is built (`kg build DIR --out OUT/NAME --quiet --no-viz`, two at a time) and scored by score() of
tests/enrich/test_clusters.py. --pairs prints the false and missed pairs of the sets named (by their texts' opening
words), for reading the errors of development sets; the blind sets are scored, not read.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.rdf.query import open_store  # noqa: E402
from tests.enrich.test_clusters import HERE, rows, score  # noqa: E402

# name: (folder of reports, gold file)
SETS = {
    "fixture": (HERE / "reports", HERE / "gold_reports.yaml"),
    "bundled 5(d)": (ROOT / "corpus", HERE / "gold_bundled_5d.yaml"),
    "trafficking": (HERE / "reports_trafficking", HERE / "gold_trafficking.yaml"),
    "imprisonment": (HERE / "reports_heldout", HERE / "gold_heldout.yaml"),
    "urban (h2)": (HERE / "reports_heldout2", HERE / "gold_heldout2.yaml"),
    "corruption (h3)": (HERE / "reports_heldout3", HERE / "gold_heldout3.yaml"),
    "cybercrime (h4)": (HERE / "reports_heldout4", HERE / "gold_heldout4.yaml"),
    "drugs (h5)": (HERE / "reports_heldout5", HERE / "gold_heldout5.yaml"),
    "environment (h6)": (HERE / "reports_heldout6", HERE / "gold_heldout6.yaml"),
    "firearms (h7)": (HERE / "reports_heldout7", HERE / "gold_heldout7.yaml"),
    "terrorism (h8)": (HERE / "reports_heldout8", HERE / "gold_heldout8.yaml"),
    "violence (h9)": (HERE / "reports_heldout9", HERE / "gold_heldout9.yaml"),
    "fraud (h10)": (HERE / "reports_heldout10", HERE / "gold_heldout10.yaml"),
    "children (h11)": (HERE / "reports_heldout11", HERE / "gold_heldout11.yaml"),
    "migrants (h12)": (HERE / "reports_heldout12", HERE / "gold_heldout12.yaml"),
    "heritage (h13)": (HERE / "reports_heldout13", HERE / "gold_heldout13.yaml"),
    "maritime (h14)": (HERE / "reports_heldout14", HERE / "gold_heldout14.yaml"),
    "victims (h15)": (HERE / "reports_heldout15", HERE / "gold_heldout15.yaml"),
}


def build(name: str, out: Path) -> Path:
    folder, _gold = SETS[name]
    target = out / name.split()[0]
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "--out", str(target), "--quiet",
                           "--no-viz"], cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{name}: build failed\n{done.stderr}")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/cluster-scores"))
    parser.add_argument("--pairs", nargs="*", default=[], help="sets whose false and missed pairs to print")
    parser.add_argument("--only", nargs="*", default=[], help="score only these sets")
    args = parser.parse_args()
    names = [n for n in SETS if not args.only or n in args.only]
    with ThreadPoolExecutor(2) as pool:
        built = dict(zip(names, pool.map(lambda n: build(n, args.out), names)))
    print("| set | found | right | wanted | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    details = []
    for name in names:
        store = open_store(built[name])
        precision, recall, found, wanted = score(store, SETS[name][1])
        hits = len(found & wanted)
        print(f"| {name} | {len(found)} | {hits} | {len(wanted)} | {precision:.2f} | {recall:.2f} |")
        if name in args.pairs:
            details.append((name, store, found, wanted))
    for name, store, found, wanted in details:
        text = {r["recommendation"]: f'{r["document_file"][:12]} {r["letter"]}: {r["text"][:150]}'
                for r in rows(store, "recommendations")}
        print(f"\n## {name}")
        for title, pairs in (("false", found - wanted), ("missed", wanted - found)):
            for pair in sorted(sorted(p) for p in pairs):
                print(f"- {title}:\n    {text[pair[0]]}\n    {text[pair[1]]}")


if __name__ == "__main__":
    main()
