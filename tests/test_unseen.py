"""Documents the seeds do not contain: other wordings, list layouts and names the data lacks."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from kg.check.evaluate import evaluate
from kg.cli import main
from kg.rdf.query import open_store, run_query
from kg.reference.loading import load_lexicon
from tests.conftest import QUERIES

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def unseen_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("unseen")
    assert main(["build", str(FIXTURES / "unseen"), "--out", str(out), "--quiet", "--no-viz"]) == 0
    return out


def test_unseen_report_meets_its_gold(unseen_exports: Path) -> None:
    scores = evaluate(open_store(unseen_exports), FIXTURES / "unseen_gold", load_lexicon())
    for score in scores:
        assert (score.precision, score.recall) == (1.0, 1.0), (score.kind, score.missing, score.extra)


def test_unknown_names_are_kept_flagged_and_listed_once(unseen_exports: Path) -> None:
    with (unseen_exports / "unresolved.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = [(r["kind"], r["name"]) for r in rows]
    assert names == [
        ("actor", "Friends of Justice Foundation"),
        ("instrument", "Lusaka Accord on Judicial Cooperation of the Southern States"),
    ]
    assert all(r["documents"] == "african_rpm_final.md" for r in rows)
    store = open_store(unseen_exports)
    flagged = run_query(store, """
        PREFIX ckg: <https://w3id.org/congress-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?label WHERE { ?x ckg:unresolved true ; rdfs:label ?label } ORDER BY ?label""").values()
    assert [r["label"] for r in flagged] == [n for _, n in names]


def test_names_and_instruments_added_through_data_files_alone(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    text = (FIXTURES / "unseen" / "african_rpm_final.md").read_text(encoding="utf-8")
    (reports / "renamed.md").write_text(text.replace("Penal Reform International", "PRI Global Network"),
                                        encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "organizations.csv").write_text(
        "key,name,actor_type,acronyms,aliases,wikidata_qid,note\n"
        "friends-of-justice,Friends of Justice Foundation,NGO,FJF,,,added by a reviewer\n"
        "penal-reform-international,Penal Reform International,NGO,,PRI Global Network,,alias added by a reviewer\n",
        encoding="utf-8",
    )
    (data / "instruments.csv").write_text(
        "key,title,short_names,kind,parent,adopted,wikidata_qid,source_key,source_url\n"
        "LUSAKA_ACCORD,Lusaka Accord on Judicial Cooperation of the Southern States,Lusaka Accord,"
        "regional_instrument,,,,,\n",
        encoding="utf-8",
    )
    before, after = tmp_path / "before", tmp_path / "after"
    assert main(["build", str(reports), "--out", str(before), "--quiet", "--no-viz"]) == 0
    assert main(["build", str(reports), "--out", str(after), "--quiet", "--data", str(data), "--no-viz"]) == 0
    assert "PRI Global Network" in (before / "unresolved.csv").read_text(encoding="utf-8")
    assert (after / "unresolved.csv").read_text(encoding="utf-8").strip() == "kind,name,guessed_type,documents"
    store = open_store(after)
    statements = run_query(store, (QUERIES / "statements.rq").read_text(encoding="utf-8")).values()
    ngos = {r["actor_label"]: r["actor"] for r in statements if r["actor_type"] == "NGO"}
    assert ngos["Penal Reform International"].endswith("/organization/penal-reform-international")
    assert "Friends of Justice Foundation" in ngos
    mentions = run_query(store, (QUERIES / "instrument_mentions.rq").read_text(encoding="utf-8")).values()
    assert "LUSAKA_ACCORD" in {r["instrument_key"] for r in mentions}


def test_same_document_under_two_names_is_read_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FIXTURES / "unseen" / "african_rpm_final.md", folder / "a.md")
    shutil.copy(FIXTURES / "unseen" / "african_rpm_final.md", folder / "b.md")
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "--no-viz"]) == 0
    assert "same content as a.md" in capsys.readouterr().err
