"""UN meeting texts of other layouts and kinds (issue 22): each read, and each meeting its hand-written gold."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.check.evaluate import evaluate
from kg.cli import main
from kg.rdf.query import open_store, run_query
from kg.reference.loading import load_lexicon
from tests.conftest import QUERIES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FORMS = FIXTURES / "forms"


@pytest.fixture(scope="module")
def forms_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("forms")
    # Exit status 0: no file refused, whatever its layout.
    assert main(["build", str(FORMS), "--out", str(out), "--quiet", "--no-viz"]) == 0
    return out


def _rows(exports: Path, query: str) -> list[dict[str, str]]:
    return run_query(open_store(exports), (QUERIES / query).read_text(encoding="utf-8")).values()


def test_every_form_meets_its_gold(forms_exports: Path) -> None:
    scores = evaluate(open_store(forms_exports), FIXTURES / "forms_gold", load_lexicon())
    assert {s.kind for s in scores} >= {"documents", "document_kinds", "statements", "attendance", "officers",
                                        "instruments_anywhere"}
    for score in scores:
        assert (score.precision, score.recall) == (1.0, 1.0), (score.kind, score.missing, score.extra)
    assert sum(s.gold for s in scores) > 200


def test_each_text_is_read_as_its_kind(forms_exports: Path) -> None:
    kinds = {r["document_file"]: r["document_kind"] for r in _rows(forms_exports, "documents.rq")}
    assert kinds == {
        "ccpcj_session_report.md": "report", "congress_1980_report.txt": "report", "cop_report.txt": "report",
        "council_session_page.txt": "web_page", "ga_resolution.txt": "resolution",
        "unis_press_release.txt": "press_release", "unodc_meeting_page.md": "web_page",
        "statement_delivered.txt": "other",
    }


def test_a_session_named_by_a_report_and_a_press_release_is_one_meeting(forms_exports: Path) -> None:
    meetings = {r["document_file"]: r["meeting"] for r in _rows(forms_exports, "documents.rq")}
    assert meetings["ccpcj_session_report.md"] == meetings["unis_press_release.txt"]
    assert meetings["ccpcj_session_report.md"].endswith(
        "/meeting/commission-on-crime-prevention-and-criminal-justice-twenty-eighth-session-2019")


def test_states_of_the_past_carry_the_codes_they_held(forms_exports: Path) -> None:
    rows = run_query(open_store(forms_exports), """
        PREFIX ckg: <https://w3id.org/congress-kg/ontology#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?state ?iso3 ?old ?wd (GROUP_CONCAT(STR(?next); separator=" ") AS ?successors) WHERE {
          ?state a ckg:State ; ckg:iso3 ?iso3 ; ckg:iso3166_3 ?old .
          OPTIONAL { ?state owl:sameAs ?wd }
          OPTIONAL { ?state dcterms:isReplacedBy ?next }
        } GROUP BY ?state ?iso3 ?old ?wd ORDER BY ?iso3""").values()
    codes = {r["iso3"]: r["old"] for r in rows}
    assert codes == {"BYS": "BYAA", "CSK": "CSHH", "DDR": "DDDE", "SUN": "SUHH", "YUG": "YUCS", "ZAR": "ZRCD"}
    by_code = {r["iso3"]: r for r in rows}
    assert by_code["SUN"]["wd"] == "http://www.wikidata.org/entity/Q15180"
    assert {s.rsplit("/", 1)[-1] for s in by_code["CSK"]["successors"].split()} == {"CZE", "SVK"}
    # The Federal Republic of Germany held the code Germany holds.
    attendance = _rows(forms_exports, "attendance.rq")
    assert any(r["iso3"] == "DEU" and r["document_file"] == "congress_1980_report.txt" for r in attendance)


def test_no_list_remnant_or_page_furniture_becomes_an_actor(forms_exports: Path) -> None:
    with (forms_exports / "unresolved.csv").open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == []
    labels = {r["actor_label"] for r in _rows(forms_exports, "attendance.rq")}
    for debris in ("Thematic Areas", "Printable Version", "Papua", "New", "Federal Republic of", "Republic"):
        assert debris not in labels


def test_officers_take_the_offices_as_the_texts_name_them(forms_exports: Path) -> None:
    roles = {(r["document_file"], r["role"]) for r in _rows(forms_exports, "officers.rq")}
    assert ("congress_1980_report.txt", "Rapporteur-General") in roles
    assert ("cop_report.txt", "President") in roles and ("cop_report.txt", "Vice-President") in roles
    assert ("ccpcj_session_report.md", "Vice-Chair") in roles  # "First Vice-Chair"


def test_paragraphs_of_a_text_without_numbers_are_blocks_in_reading_order(forms_exports: Path) -> None:
    rows = _rows(forms_exports, "statements.rq")
    press = [r for r in rows if r["document_file"] == "unis_press_release.txt"]
    assert press and all(int(r["paragraph_number"]) >= 1 for r in press)
    source = (FORMS / "unis_press_release.txt").read_text(encoding="utf-8")
    for row in press:
        assert source[int(row["start"]):int(row["end"])] == row["quote"]
