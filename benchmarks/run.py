"""Benchmark `kg build`, `kg viz` and every query in queries/ on a synthetic corpus of 5*N reports.

``python benchmarks/run.py --factor 100 [--out results.json|section.md]`` generates (or reuses) the corpus under
benchmarks/out/, times a full ``kg build --no-viz --no-validate``, the same build after one file was touched,
``kg validate`` (SHACL), a rebuild after one file was edited and ``kg viz`` (the HTML step) in subprocesses (wall
time and peak RSS from /usr/bin/time, else getrusage), and times each query on Oxigraph and on rdflib's in-memory
store, each engine in a worker process so a query that runs too long is stopped and recorded as a timeout.
"""

from __future__ import annotations

import argparse
import inspect
import json
import multiprocessing as mp
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the kg package of this checkout, whatever else is installed
    sys.path.insert(0, str(ROOT))

from benchmarks.generate_corpus import generate  # noqa: E402

QUERIES = ROOT / "queries"
WORK = ROOT / "benchmarks" / "out"
PARAMS = {"actor": "Brazil"}  # the value given to each query parameter a query declares
ENGINES = ("oxigraph", "rdflib")


# -- machine -------------------------------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    """CPU, memory, Python and library versions of this machine."""
    info = {"python": platform.python_version(), "platform": platform.platform()}
    lscpu = _output(["lscpu"])
    for key in ("Model name", "CPU(s)", "Thread(s) per core", "CPU max MHz"):
        if m := re.search(rf"^{re.escape(key)}:\s*(.+)$", lscpu, re.M):
            info[key] = m.group(1).strip()
    if m := re.search(r"^Mem:\s+(\S+)", _output(["free", "-g"]), re.M):
        info["memory_gib"] = m.group(1)
    for package in ("rdflib", "pyoxigraph", "pyshacl", "networkx", "pyvis"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = "not installed"
    return info


def _output(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""


# -- corpus and commands -------------------------------------------------------------------------------------------
def corpus_for(factor: int, seed: int, work: Path) -> tuple[Path, float | None]:
    """The generated corpus folder (made unless already complete) and the seconds generating took (None if reused)."""
    folder = work / f"corpus-x{factor}-seed{seed}"
    if folder.is_dir() and len(list(folder.iterdir())) == 5 * factor:
        return folder, None
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    generate(folder, factor, seed)
    return folder, time.perf_counter() - started


def timed(cmd: list[str], timeout: float | None = None) -> dict[str, Any]:
    """Run ``cmd`` from the repository root: exit code, wall seconds, peak RSS (MiB) and its output."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        use_time = Path("/usr/bin/time").exists()
        full = ["/usr/bin/time", "-f", "%e %M", "-o", report.name, *cmd] if use_time else cmd
        started = time.perf_counter()
        try:
            proc = subprocess.run(full, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return {"rc": None, "timeout": True, "wall_s": time.perf_counter() - started}
        wall = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # a maximum over all children so far
        if use_time and (fields := report.read().split()):
            wall, peak_kib = float(fields[-2]), int(fields[-1])
    return {"rc": proc.returncode, "wall_s": wall, "peak_rss_mib": peak_kib / 1024,
            "stdout": proc.stdout[-2000:], "stderr": proc.stderr[-2000:]}


def _counts(step: dict[str, Any]) -> None:
    """Documents, triples and throughput from the build's last line."""
    if m := re.search(r"built (\d+) documents, (\d+) triples", step.get("stdout", "")):
        step["documents"], step["triples"] = int(m.group(1)), int(m.group(2))
        step["docs_per_s"] = step["documents"] / step["wall_s"]
        step["triples_per_s"] = step["triples"] / step["wall_s"]


def edit_one_file(corpus: Path) -> tuple[Path, bytes]:
    """Change the first report of ``corpus`` as an editor would (one more sentence in its last paragraph); the
    file and its former bytes, to put back."""
    path = sorted(corpus.iterdir())[0]
    before = path.read_bytes()
    text = before.decode("utf-8").rstrip("\n")
    path.write_bytes((text + " The meeting was informed of the edit.\n").encode("utf-8"))
    return path, before


def touch_one_file(corpus: Path) -> Path:
    """Give the first report of ``corpus`` a newer modification time, its content unchanged (what `touch` does)."""
    path = sorted(corpus.iterdir())[0]
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    return path


def bench_build(corpus: Path, exports: Path, timeout: float | None,
                steps: Collection[str] = ("validate", "incremental", "viz")) -> dict[str, Any]:
    """Time, each in its own process: a full `kg build --no-viz --no-validate` from nothing, the same build after
    one file was touched (content unchanged: nothing to do), and of ``steps``: `kg validate` (SHACL, its own
    step), a rebuild after one file was edited (the other files' extractions come from the cache), and `kg viz`
    (the HTML)."""
    shutil.rmtree(exports, ignore_errors=True)
    kg = [sys.executable, "-m", "kg"]
    build_cmd = [*kg, "build", str(corpus), "--out", str(exports), "-q", "--no-viz", "--no-validate"]
    build = timed(build_cmd, timeout)
    _counts(build)
    out = {"build": build}
    if build.get("rc") not in (0, 1):
        return out
    touched, written = touch_one_file(corpus), (exports / "graph.nq").stat().st_mtime_ns
    out["touched"] = timed(build_cmd, timeout)
    _counts(out["touched"])
    out["touched"]["touched"] = touched.name
    out["touched"]["rewrote_exports"] = (exports / "graph.nq").stat().st_mtime_ns != written
    if "validate" in steps:
        out["validate"] = timed([*kg, "validate", "--exports", str(exports), "--limit", "5"], timeout)
    if "incremental" in steps:
        path, before = edit_one_file(corpus)
        try:
            out["incremental"] = timed(build_cmd, timeout)
        finally:
            path.write_bytes(before)
        _counts(out["incremental"])
        out["incremental"]["edited"] = path.name
    if "viz" in steps:
        out["viz"] = timed([*kg, "viz", "--exports", str(exports)], timeout)
    return out


# -- query engines -------------------------------------------------------------------------------------------------
def _kg_engine_api() -> bool:
    """Whether kg.rdf.query.open_store takes an ``engine`` (then both engines go through kg.rdf.query)."""
    from kg.rdf import query

    return "engine" in inspect.signature(query.open_store).parameters


def open_engine(engine: str, exports: Path) -> Any:
    """A store of ``engine`` over the exports: kg.rdf.query's own, or (rdflib, before kg had it) a Dataset of graph.trig."""
    from kg.rdf import query

    if engine == "oxigraph":
        return query.open_store(exports)
    if _kg_engine_api():
        return query.open_store(exports, engine="rdflib")  # type: ignore[call-arg]
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(exports / "graph.trig", format="trig")
    return ds


def run_on(engine: str, store: Any, text: str, params: dict[str, str]) -> int:
    """Run one SELECT and consume every row; the number of rows."""
    from kg.rdf import query

    bound = dict(query.parse_param(f"{k}={v}") for k, v in params.items())
    if engine == "oxigraph" or _kg_engine_api():
        return len(query.run_query(store, text, bound).rows)
    from rdflib import Literal, URIRef, Variable

    bindings = {Variable(k): URIRef(v.value) if type(v).__name__ == "NamedNode" else Literal(v.value)
                for k, v in bound.items()}
    return sum(1 for _ in store.query(text, initBindings=bindings))


def _worker(engine: str, exports: str, conn: Any, runs: int, budget: float, measure: Any = None) -> None:
    measure = measure or run_on
    started = time.perf_counter()
    try:
        store = open_engine(engine, Path(exports))
    except Exception as exc:  # said to the parent, which would otherwise wait for "loaded" forever
        conn.send(("failed", f"{type(exc).__name__}: {exc}"[:300]))
        return
    conn.send(("loaded", time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    while (job := conn.recv()) is not None:
        text, params = job
        try:
            begin = time.perf_counter()
            rows = measure(engine, store, text, params)  # warm-up, not counted
            warm = time.perf_counter() - begin
            times: list[float] = []
            while len(times) < runs and warm + sum(times) + (times[-1] if times else warm) < budget:
                begin = time.perf_counter()
                measure(engine, store, text, params)
                times.append(time.perf_counter() - begin)
            conn.send(("done", warm, times, rows))
        except Exception as exc:  # a query one engine cannot run is a result too
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))


class Engine:
    """One engine in a worker process, restarted after a query had to be stopped."""

    def __init__(self, name: str, exports: Path, runs: int, cap: float, measure: Any = None) -> None:
        self.name, self.exports, self.runs, self.cap, self.measure = name, exports, runs, cap, measure
        self.process: Any = None
        self.load: list[dict[str, float]] = []

    def _start(self) -> None:
        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, daemon=True,
                                   args=(self.name, str(self.exports), child, self.runs, self.cap / 2, self.measure))
        self.process.start()
        child.close()  # the worker's end: if the worker dies, recv() then ends instead of waiting
        try:
            message = self.conn.recv()
        except EOFError:
            self.process.join(5)
            message = ("failed", f"the worker ended (exit code {self.process.exitcode})")
        if message[0] == "failed":
            self.process = None
            raise RuntimeError(f"{self.name} could not open {self.exports}: {message[1]}")
        _, seconds, rss = message
        self.load.append({"load_s": seconds, "rss_mib": rss})

    def run(self, text: str, params: dict[str, str]) -> dict[str, Any]:
        """Median of the timed runs (after a warm-up), or a timeout / error."""
        if self.process is None:
            self._start()
        self.conn.send((text, params))
        if not self.conn.poll(self.cap):
            self.stop()
            return {"status": "timeout", "cap_s": self.cap}
        message = self.conn.recv()
        if message[0] == "error":
            return {"status": "error", "error": message[1]}
        _, warm, times, rows = message
        return {"status": "ok", "rows": rows, "warmup_ms": warm * 1000, "runs": len(times),
                "median_ms": statistics.median(times) * 1000 if times else warm * 1000}

    def stop(self) -> None:
        """End the worker (it may be stuck in a query)."""
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.process = None


def query_params(text: str) -> dict[str, str]:
    """The parameters a query's ``# parameters:`` comment declares, with the benchmark's value for each."""
    from kg.rdf.library import declared_parameters

    return {name: PARAMS.get(name, "") for name in declared_parameters(text)}


def bench_queries(exports: Path, runs: int, cap: float, engines: Collection[str] = ENGINES) -> dict[str, Any]:
    """Every query in queries/ on each of ``engines``: median ms, rows; and the store load times."""
    results: dict[str, Any] = {}
    files = sorted(QUERIES.glob("*.rq"))
    for name in engines:
        engine = Engine(name, exports, runs, cap)
        for path in files:
            text = path.read_text(encoding="utf-8")
            result = engine.run(text, query_params(text))
            result["params"] = query_params(text)
            results.setdefault(path.stem, {})[name] = result
            print(f"  {name:9} {path.stem:28} {_cell(result)}", file=sys.stderr, flush=True)
        engine.stop()
        results.setdefault("_load", {})[name] = engine.load
    results["_api"] = "kg.rdf.query.open_store(engine=...)" if _kg_engine_api() else "benchmarks/run.py rdflib runner"
    return results


# -- report --------------------------------------------------------------------------------------------------------
def _cell(result: dict[str, Any]) -> str:
    if result.get("status") == "timeout":
        return f"timeout (> {result['cap_s']:.0f} s)"
    if result.get("status") in ("error", "not run"):
        return result["status"]
    count = max(result["runs"], 1)  # 0 timed runs: the warm-up was slow enough to be the one measurement
    runs = "" if count >= 5 else f" ({count} run{'s' if count > 1 else ''})"
    return f"{result['median_ms']:.1f}{runs}"


def _share(step: dict[str, Any], build: dict[str, Any]) -> str:
    return f" ({step['wall_s'] / build['wall_s']:.1%} of the full build)" if step.get("wall_s") and build.get("wall_s") else ""


def markdown(result: dict[str, Any]) -> str:
    """A BENCHMARKS.md section for one factor."""
    b = result.get("build", {})
    build, viz = b.get("build", {}), b.get("viz", {})
    shacl, incremental, touched = b.get("validate", {}), b.get("incremental", {}), b.get("touched", {})
    lines = [f"### {result['factor']}x: {5 * result['factor']} reports", ""]
    if build:
        share = _share(incremental, build)
        lines += [
            "| build (`kg build --no-viz --no-validate`, from nothing) | value |", "|---|---|",
            f"| exit code | {build.get('rc')} |",
            f"| wall time | {build.get('wall_s', 0):.1f} s |",
            f"| documents / triples | {build.get('documents', '?')} / {build.get('triples', '?')} |",
            f"| documents/s | {build.get('docs_per_s', 0):.2f} |",
            f"| triples/s | {build.get('triples_per_s', 0):,.0f} |",
            f"| peak RSS | {build.get('peak_rss_mib', 0):,.0f} MiB |",
            "| SHACL step (`kg validate`) | " + (f"{shacl.get('wall_s', 0):.1f} s, peak RSS "
            f"{shacl.get('peak_rss_mib', 0):,.0f} MiB, exit code {shacl.get('rc')} |" if shacl else "not run |"),
            f"| build after touching {touched.get('touched', '?')} (content unchanged) | "
            f"{touched.get('wall_s', 0):.2f} s{_share(touched, build)} |",
            f"| rebuild after editing {incremental.get('edited', '?')} | " + (
                f"{incremental.get('wall_s', 0):.1f} s{share}, peak RSS {incremental.get('peak_rss_mib', 0):,.0f} MiB |"
                if incremental else "not run |"),
            "| HTML step (`kg viz`) | " + (f"{viz.get('wall_s', 0):.1f} s, peak RSS {viz.get('peak_rss_mib', 0):,.0f} MiB |"
                                          if viz else "not run |"),
            "",
        ]
    queries = result.get("queries")
    if queries:
        load = queries.get("_load", {})
        rdflib_load = (f"rdflib {load['rdflib'][0]['load_s']:.1f} s (worker RSS {load['rdflib'][0]['rss_mib']:,.0f} MiB)"
                       if "rdflib" in load else "rdflib not run")
        lines += [f"Store load: Oxigraph {load['oxigraph'][0]['load_s']:.1f} s, {rdflib_load}. "
                  f"Median of up to {result['runs']} runs after a warm-up; rdflib capped at {result['cap_s']:.0f} s "
                  "per query.", "",
                  "| query | rows | Oxigraph ms | rdflib ms | rdflib/Oxigraph |", "|---|---:|---:|---:|---:|"]
        for name in sorted(k for k in queries if not k.startswith("_")):
            ox, rl = queries[name]["oxigraph"], queries[name].get("rdflib", {"status": "not run"})
            ratio = (f"{rl['median_ms'] / ox['median_ms']:.0f}x" if ox.get("status") == rl.get("status") == "ok"
                     and ox["median_ms"] > 0 else "–")
            rows = str(ox.get("rows", "–"))
            if rl.get("status") == "ok" and rl.get("rows") != ox.get("rows"):
                rows += f" (rdflib {rl['rows']})"
            params = " ".join(f"`{k}={v}`" for k, v in queries[name]["oxigraph"].get("params", {}).items())
            lines.append(f"| {name}{' ' + params if params else ''} | {rows} | {_cell(ox)} | {_cell(rl)} | {ratio} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: generate, build, query, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, required=True, help="copies of the 5 bundled reports")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=WORK, help="corpora, exports and results (default: benchmarks/out)")
    parser.add_argument("--out", type=Path, help="also write the results here: .json, or a Markdown section (.md)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query after a warm-up (default 5)")
    parser.add_argument("--cap", type=float, default=300, help="seconds a query may take on one engine (default 300)")
    parser.add_argument("--build-timeout", type=float, help="seconds the build may take")
    parser.add_argument("--skip-build", action="store_true", help="reuse the exports of an earlier run")
    parser.add_argument("--skip-queries", action="store_true", help="time generation and build only")
    parser.add_argument("--steps", default="validate,incremental,viz",
                        help="build steps after the full build and the touched rebuild, comma-separated (default: "
                             "validate,incremental,viz; validate and viz read the whole graph into rdflib)")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help=f"query engines, comma-separated (default: {','.join(ENGINES)})")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    saved = work / f"results-x{args.factor}.json"
    result: dict[str, Any] = json.loads(saved.read_text()) if saved.exists() else {}
    result.update({"factor": args.factor, "seed": args.seed, "runs": args.runs, "cap_s": args.cap,
                   "machine": machine(), "load_average": os.getloadavg()})
    corpus, seconds = corpus_for(args.factor, args.seed, work)
    if seconds is not None:
        result["generate_s"] = seconds
    exports = work / f"exports-x{args.factor}"
    if not args.skip_build:
        print(f"building {corpus} ...", file=sys.stderr, flush=True)
        result["build"] = bench_build(corpus, exports, args.build_timeout, args.steps.split(","))
        saved.write_text(json.dumps(result, indent=1))
    if not args.skip_queries and (exports / "graph.trig").exists():
        result["queries"] = bench_queries(exports, args.runs, args.cap, args.engines.split(","))
    saved.write_text(json.dumps(result, indent=1))
    section = markdown(result)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) if args.out.suffix == ".json" else section, encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
