"""Time Oxigraph's loader on its own: a graph.nq into a new on-disk store, as the build loads it or the named graphs only.

    python benchmarks/store_load.py benchmarks/out/exports-x100/graph.nq --copies 5 --how build named

``--copies N`` loads the file N times over with its minted IRIs renamed in each copy (…/id/k1/…), a graph N times
as large with the same shape. Prints, per way of loading: seconds to load, seconds to compact, peak RSS of the
process so far (run one --how per process for its own), quads in the store.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the kg package of this checkout, whatever else is installed
    sys.path.insert(0, str(ROOT))

from kg.namespaces import DEFAULT_BASE  # noqa: E402
from kg.rdf import store as kg_store  # noqa: E402


def copies_of(nquads: Path, copies: int, folder: Path) -> Path:
    """``nquads`` itself, or a file holding it ``copies`` times with the minted IRIs renamed in each."""
    if copies == 1:
        return nquads
    target = folder / f"x{copies}.nq"
    with target.open("wb") as out:
        for copy in range(1, copies + 1):
            renamed = f"{DEFAULT_BASE}k{copy}/".encode()
            with nquads.open("rb") as handle:
                for line in handle:
                    out.write(line.replace(DEFAULT_BASE.encode(), renamed))
    return target


def load(how: str, path: Path, folder: Path) -> tuple[float, float, int]:
    """Load ``path`` into a new store in ``folder`` the way ``how`` names; (load s, compaction s, quads)."""
    store = ox.Store(str(folder))
    started = time.perf_counter()
    if how == "build":
        kg_store.load_exports(store, path)
    elif how == "named":
        for batch in kg_store.nquads_batches(path):
            store.bulk_load(batch, format=ox.RdfFormat.N_QUADS)
    else:  # "path": one call, the loader reading the file itself
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    loaded = time.perf_counter()
    store.flush()
    store.optimize()
    return loaded - started, time.perf_counter() - loaded, len(store)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nquads", type=Path, help="a graph.nq that kg build wrote")
    parser.add_argument("--copies", type=int, default=1, help="load the file this many times over (renamed IRIs)")
    parser.add_argument("--how", nargs="+", choices=("build", "named", "path"), default=["build", "named"],
                        help="build: named graphs and their union (kg.rdf.store.load_exports); named: the named graphs "
                             "only, same batches; path: the named graphs, one bulk_load of the file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-store-load-") as work:
        source = copies_of(args.nquads, args.copies, Path(work))
        for how in args.how:
            folder = Path(work) / f"store-{how}"
            seconds, compaction, quads = load(how, source, folder)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{how}: load {seconds:.1f} s, compaction {compaction:.1f} s, peak RSS so far {peak:.0f} MiB, "
                  f"{quads} quads", flush=True)
            shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
