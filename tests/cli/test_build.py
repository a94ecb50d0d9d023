"""The command line as a user runs it: build folders with good and bad files, query, help."""

from __future__ import annotations

import argparse
import errno
import os
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.cli import main, make_parser
from tests.conftest import CORPUS, QUERIES, ROOT


def test_help_explains_both_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "build" in text and "query" in text


def test_build_writes_a_graph_both_parsers_read(built_exports: Path) -> None:
    ttl = built_exports / "graph.ttl"
    graph = rdflib.Graph().parse(ttl)
    assert len(graph) > 1000
    store = ox.Store()
    store.load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(graph)


def test_bad_file_is_named_and_the_rest_still_built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CORPUS / "003_681c875d0e20b629.txt", folder / "a-report.txt")
    (folder / "shopping-list.md").write_text("milk\neggs\nbread\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out), "--quiet", "--no-viz"]) == 1
    err = capsys.readouterr().err
    # Only the empty file fails: a text of any layout is read (the list as blocks, a document of kind other).
    assert "shopping-list.md" not in err
    assert "empty.txt" in err and "empty" in err
    assert main(["query", str(QUERIES / "recommendations.rq"), "--format", "csv", "--exports", str(out)]) == 0
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 15  # the 15 recommendations of the one good report
    assert {r["document_file"] for r in rows} == {"a-report.txt"}


def test_failed_build_leaves_last_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(CORPUS / "002_bba04487c98bd190.txt", good)
    assert main(["build", str(good), "--out", str(out), "--quiet", "--no-viz"]) == 0
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "noise.txt").write_bytes(b"\x00\x01\x02binary")
    assert main(["build", str(bad), "--out", str(out), "--quiet", "--no-viz"]) == 2
    assert "noise.txt" in capsys.readouterr().err
    assert (out / "graph.ttl").read_bytes() == before


def test_a_full_disk_is_said_plainly_and_leaves_the_last_exports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.build.export import StagedFiles

    out, good = tmp_path / "out", tmp_path / "good"
    good.mkdir()
    shutil.copy(CORPUS / "002_bba04487c98bd190.txt", good)
    assert main(["build", str(good), "--out", str(out), "--quiet", "--no-viz"]) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts}
    update = StagedFiles.update

    def full_disk(self: StagedFiles, files: object) -> None:
        if "graph.jsonld" in files:  # type: ignore[operator]
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        update(self, files)  # type: ignore[arg-type]

    monkeypatch.setattr(StagedFiles, "update", full_disk)
    (good / "002_bba04487c98bd190.txt").write_text(
        (CORPUS / "002_bba04487c98bd190.txt").read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    assert main(["build", str(good), "--out", str(out), "--quiet", "--no-viz"]) == 2
    err = capsys.readouterr().err
    assert f"error: could not write the exports: No space left on device; {out}/ left as it was" in err
    assert "Traceback" not in err
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts}
    assert after == before  # every file as the last build left it, and no staged file left behind


def test_query_formats(built_exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = str(QUERIES / "recommendations.rq")
    assert main(["query", query, "--format", "json", "--exports", str(built_exports)]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["head"]["vars"][:2] == ["recommendation", "meeting"]
    assert len(data["results"]["bindings"]) == 115
    assert main(["query", query, "--format", "table", "--exports", str(built_exports)]) == 0
    assert "(115 rows)" in capsys.readouterr().out


def test_query_without_build_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(QUERIES / "statements.rq"), "--exports", str(tmp_path)]) == 2
    assert "kg build" in capsys.readouterr().err


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = make_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert {"build", "query", "serve", "push", "viz", "validate", "diff", "evaluate"} <= set(commands)
    missing = [name for name in commands if f"kg {name}" not in readme]
    assert not missing, f"commands the README does not show: {missing}"


def _table_entries(markdown: str, heading_line: str) -> set[str]:
    """The top-level names in the first column of the first | file | what | table after ``heading_line``."""
    rest = markdown[markdown.index(heading_line):]
    table = rest[rest.index("| file | what |"):].split("\n\n")[0]
    names: set[str] = set()
    for row in table.splitlines()[2:]:
        for name in re.split(r",\s*|\s+/\s+", row.split("|")[1].strip()):
            names.add(name.strip("` ").split("/")[0] + ("/" if "/" in name else ""))
    return names


def test_the_readmes_tables_of_exports_list_what_a_build_writes(built_exports: Path) -> None:
    root = ROOT
    written = {p.name + ("/" if p.is_dir() else "") for p in built_exports.iterdir()}
    only_for_some_inputs = {"text/"}  # the text read from PDF, DOCX and HTML reports; the bundled ones are text
    for readme, heading in ((root / "README.md", "and writes to `exports/`:"), (root / "exports" / "README.md", "# exports/")):
        listed = _table_entries(readme.read_text(encoding="utf-8"), heading)
        assert written <= listed and listed - written <= only_for_some_inputs, (readme, listed ^ written)
    build_help = next(a for a in make_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices["build"]
    assert "exports/README.md" in build_help.description  # it points to the table rather than listing a few


@pytest.mark.parametrize(("cpus", "option", "expected"), [(16, [], 4), (1, [], 1), (2, [], 2), (16, ["--jobs", "3"], 3),
                                                          (2, ["--jobs", "1"], 1)])
def test_build_works_in_one_process_per_cpu_unless_told(cpus: int, option: list[str], expected: int, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.build.run

    asked: list[int] = []

    def build(*_args: object, jobs: int, **_kwargs: object) -> object:
        asked.append(jobs)
        raise kg.build.context.BuildError("stopped here")

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cpus)))
    monkeypatch.setattr(kg.build.run, "build", build)
    assert main(["build", str(CORPUS), "--out", str(tmp_path / "out"), *option]) == 2
    assert asked == [expected]


def test_a_build_without_the_pages_does_not_import_them(tmp_path: Path) -> None:
    # The step contracts and the meeting queries read every step's module, so `--no-viz` imported pyvis and its
    # kin (0.3 s of an edit rebuild's 8 s at 100x).
    import subprocess
    import sys

    probe = (f"import sys\nfrom kg.cli import main\nstatus = main(['build', {str(CORPUS)!r}, '--out', "
             f"{str(tmp_path / 'out')!r}, '--no-viz', '--quiet'])\nprint('kg.visualize.export' in sys.modules, status)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False 0"
    assert (tmp_path / "out" / "graph.nq").is_file() and not (tmp_path / "out" / "viz").exists()
