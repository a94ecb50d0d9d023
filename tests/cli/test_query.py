"""`kg query` as a person uses it: queries by name, tables that fit the terminal, parameters found by any name."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.cli.table import render_table
from kg.rdf.library import declared_parameters, parameter_classes
from tests.conftest import QUERIES

WITH_PARAMETERS = sorted(p for p in QUERIES.glob("*.rq") if declared_parameters(p.read_text(encoding="utf-8")))


def run(capsys: pytest.CaptureFixture[str], exports: Path, *args: str) -> tuple[int, str, str]:
    status = main(["query", *args, "--exports", str(exports)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_parameter_queries_declare_the_class_they_find() -> None:
    assert [p.name for p in WITH_PARAMETERS] == ["actor_profile.rq", "provenance.rq"]
    for path in WITH_PARAMETERS:
        assert parameter_classes(path.read_text(encoding="utf-8")) == {
            "actor": "https://w3id.org/congress-kg/ontology#Actor"}


@pytest.mark.parametrize("path", WITH_PARAMETERS, ids=lambda p: p.stem)
@pytest.mark.parametrize(("value", "iri"), [
    ("Brazil", "state/BRA"), ("bRaZiL", "state/BRA"), ("BRA", "state/BRA"), ("bra", "state/BRA"),
    ("UNODC", "organization/unodc"), ("Turkey", "state/TUR"),  # an other name of Türkiye in kg/data
    ("Pan-American Institute of Law and Technology", "organization/panamerican-institute-of-law-and-technology"),
])
def test_an_actor_is_found_by_any_of_its_names(built_exports: Path, capsys: pytest.CaptureFixture[str],
                                               path: Path, value: str, iri: str) -> None:
    status, out, err = run(capsys, built_exports, path.stem, "--param", f"actor={value}", "--format", "json")
    assert status == 0, err
    rows = json.loads(out)["results"]["bindings"]
    assert rows and {row["actor"]["value"] for row in rows} == {f"https://w3id.org/congress-kg/id/{iri}"}


@pytest.mark.parametrize("path", WITH_PARAMETERS, ids=lambda p: p.stem)
def test_an_unknown_or_missing_actor_is_an_error_with_the_nearest_names(
        built_exports: Path, capsys: pytest.CaptureFixture[str], path: Path) -> None:
    status, out, err = run(capsys, built_exports, path.stem, "--param", "actor=Brasil")
    assert status == 1 and out == ""
    assert "nothing in the graph has that name; nearest: Brazil" in err
    status, out, err = run(capsys, built_exports, path.stem)
    assert status == 1 and out == "" and "the query needs --param actor=..." in err


def test_a_query_by_name_equals_the_query_by_file(built_exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    by_file = run(capsys, built_exports, str(QUERIES / "statements.rq"), "--format", "csv")
    assert run(capsys, built_exports, "statements", "--format", "csv") == by_file
    assert run(capsys, built_exports, "statements.rq", "--format", "csv") == by_file
    status, _out, err = run(capsys, built_exports, "statement")
    assert status == 2 and "no query of that name in the library (actor_profile, attendance" in err
    assert main(["query", "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == len(list(QUERIES.glob("*.rq"))) and listed[0].split()[:2] == ["actor_profile", "Profile"]


def test_at_80_columns_the_table_shows_labels_and_wraps_without_cutting_words(
        built_exports: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for name in ("statements", "recommendations", "co_statements", "attendance"):
        status, out, _err = run(capsys, built_exports, name, "--limit", "20")
        assert status == 0
        assert all(len(line) <= 80 for line in out.splitlines()), name
        assert "https://" not in out and "(20 rows)" in out
    _status, csv_out, _err = run(capsys, built_exports, "statements", "--limit", "20", "--format", "csv",
                                 "--columns", "meeting_label,actor_label")
    words = {word for line in csv_out.splitlines()[1:] for cell in line.split(",") for word in cell.strip('"').split()}
    _status, out, _err = run(capsys, built_exports, "statements", "--limit", "20", "--columns", "meeting_label,actor")
    printed = set(out.split())
    assert words <= printed  # every word of every label whole somewhere in the table


def test_render_table_wraps_at_words_and_falls_back_to_records() -> None:
    table = render_table(["name", "text"], [["a", "one two three four five six seven eight nine ten"]], width=30)
    assert all(len(line) <= 30 for line in table.splitlines()) and "three" in table and "(1 row)" in table
    records = render_table([f"column_{i}" for i in range(8)], [["unbreakable_value"] * 8], width=40)
    assert records.startswith("-[ 1 ]") and "column_7  unbreakable_value" in records


def test_limit_columns_ask_construct_and_prefixes_left_out(built_exports: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, built_exports, "statements", "--format", "csv", "--limit", "3",
                            "--columns", "actor_label,rpm_item")
    assert status == 0 and out.splitlines()[0] == "actor_label,rpm_item" and len(out.splitlines()) == 4
    status, _out, err = run(capsys, built_exports, "statements", "--columns", "nope")
    assert status == 2 and "no column nope" in err
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s a ckg:State ; ckg:iso3 'BRA' }\n", encoding="utf-8")  # ckg: not declared
    assert run(capsys, built_exports, str(ask))[1] == "yes\n"
    assert json.loads(run(capsys, built_exports, str(ask), "--format", "json")[1]) == {"head": {}, "boolean": True}
    construct = tmp_path / "construct.rq"
    construct.write_text("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s ckg:iso3 'BRA' ; rdfs:label ?l }\n",
                         encoding="utf-8")
    status, out, _err = run(capsys, built_exports, str(construct))
    assert status == 0 and "@prefix rdfs:" in out and '"Brazil"' in out


def test_a_syntax_error_shows_its_line_and_column(built_exports: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x a ckg:State\n  FILTER(\n}\n", encoding="utf-8")
    status, _out, err = run(capsys, built_exports, str(bad))
    assert status == 2
    assert "bad SPARQL at line 4, column" in err and "  4 | }" in err and err.rstrip().endswith("^")


@pytest.mark.parametrize("name", ["statements", "attendance", "passages", "theme_matrix"])
def test_limit_gives_the_first_rows_of_the_full_answer(built_exports: Path, capsys: pytest.CaptureFixture[str],
                                                       name: str) -> None:
    status, full, err = run(capsys, built_exports, name, "--format", "csv")
    assert status == 0, err
    for limit in (0, 1, 7, 100):
        status, first, err = run(capsys, built_exports, name, "--format", "csv", "--limit", str(limit))
        assert status == 0, err
        assert list(csv.reader(io.StringIO(first))) == list(csv.reader(io.StringIO(full)))[:limit + 1]


def test_a_one_shot_query_imports_no_other_command() -> None:
    # Each command's module imports its stages (kg build: the enrichers, networkx, SHACL); `kg query` in a fresh
    # process paid 0.3 s of its 0.95 s for them at 1000x.
    import subprocess
    import sys

    probe = ("import sys\nfrom kg.cli import COMMANDS, main\nstatus = main(['query', '--list'])\n"
             "print(sorted(m for m in COMMANDS if m in sys.modules), status)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "theme_matrix" in done.stdout  # the listing of the library was printed
    assert done.stdout.strip().splitlines()[-1] == "['kg.cli.query'] 0"
