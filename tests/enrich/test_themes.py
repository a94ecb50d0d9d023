"""Themes from the SKOS scheme: the scheme itself, the matcher, a reviewed sample, coverage and action types."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import SKOS

from kg.enrich.themes import load_themes, match_theme, scheme_graph
from kg.namespaces import SDG, THEME
from kg.rdf.query import run_query

HERE = Path(__file__).resolve().parent
QUERIES = HERE.parents[1] / "queries"
SAMPLE = HERE / "theme_sample.csv"

THEMES_BY_KEY = {t.key: t for t in load_themes()}
# The targets that name each theme (skos:closeMatch), as the SDG framework words them.
CLOSE_MATCHES = {
    "corruption": "16.5", "firearms": "16.4", "money-laundering": "16.4", "organized-crime": "16.4",
    "trafficking-in-persons": "8.7", "children-youth": "16.2", "gender": "5.2", "access-to-justice": "16.3",
    "terrorism": "16.a", "international-cooperation": "16.a", "drugs": "3.5", "migration": "10.7",
    "technical-assistance": "17.9", "human-rights": "16.10", "crime-prevention": "16.1",
}
QUERY_PREFIXES = """PREFIX ckg: <https://w3id.org/congress-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def _query(store, text: str) -> list[dict[str, str]]:
    return run_query(store, QUERY_PREFIXES + text).values()


def test_the_scheme_holds_the_field_themes_each_labelled_defined_and_mapped() -> None:
    g = scheme_graph()
    required = {"cybercrime", "artificial-intelligence", "trafficking-in-persons", "smuggling-of-migrants",
                "firearms", "corruption", "money-laundering", "environment", "gender", "children-youth",
                "access-to-justice", "victims", "prisons-reintegration", "data-research", "technical-assistance",
                "international-cooperation", "human-rights", "terrorism", "drugs", "crime-prevention"}
    assert required <= set(THEMES_BY_KEY)
    for theme in THEMES_BY_KEY.values():
        assert str(theme.iri).startswith(str(THEME))
        assert g.value(theme.iri, SKOS.prefLabel) and g.value(theme.iri, SKOS.definition), theme.key
        assert theme.terms, theme.key
        targets = list(g.objects(theme.iri, SKOS.closeMatch)) + list(g.objects(theme.iri, SKOS.relatedMatch))
        assert targets, f"{theme.key} has no SDG target"
        for target in targets:
            notation = str(target)[len(str(SDG)):]
            assert str(target).startswith(str(SDG)) and str(g.value(target, SKOS.notation)) == notation
            assert g.value(target, SKOS.prefLabel), target


@pytest.mark.parametrize("key, target", sorted(CLOSE_MATCHES.items()))
def test_themes_map_to_the_right_sdg_targets(key: str, target: str) -> None:
    assert URIRef(f"{SDG}{target}") in set(scheme_graph().objects(THEMES_BY_KEY[key].iri, SKOS.closeMatch))


def test_sdg_target_wording() -> None:
    g = scheme_graph()
    assert str(g.value(SDG["16.5"], SKOS.prefLabel)) == "Substantially reduce corruption and bribery in all their forms"
    assert "organized crime" in str(g.value(SDG["16.4"], SKOS.prefLabel))
    assert "torture of children" in str(g.value(SDG["16.2"], SKOS.prefLabel))


def test_matcher_reads_wildcards_hyphens_and_exclusions() -> None:
    t = THEMES_BY_KEY
    assert match_theme(t["money-laundering"], "predicate offences of the crime of money-laundering") == [
        "money-laundering"]
    assert match_theme(t["cybercrime"], "cyber-enabled crimes and the Convention against Cybercrime") == [
        "cyber", "Cybercrime"]
    # The field's own name and an office's name are set aside before matching.
    assert match_theme(t["crime-prevention"], "coordination in crime prevention and criminal justice responses") == []
    assert match_theme(t["crime-prevention"], "a gender perspective into crime prevention and underscore") == [
        "crime prevention"]
    assert match_theme(t["drugs"], "the important role of the United Nations Office on Drugs and Crime") == []
    assert match_theme(t["drugs"], "to counter migrant smuggling, drug trafficking and cybercrime") == ["drug"]
    # Whole words only: "the environments and conditions conducive to violence" is not about the environment.
    assert match_theme(t["environment"], "address the environments and conditions conducive to violence") == []
    assert match_theme(t["migration"], "to counter migrant smuggling") == []


def test_at_least_nine_in_ten_recommendations_get_a_theme(store) -> None:
    rows = _query(store, """
    SELECT (COUNT(DISTINCT ?r) AS ?all) (COUNT(DISTINCT ?themed) AS ?with_theme) WHERE {
      ?r a ckg:Recommendation . OPTIONAL { ?r dcterms:subject ?t BIND(?r AS ?themed) } }""")
    share = int(rows[0]["with_theme"]) / int(rows[0]["all"])
    print(f"themed: {rows[0]['with_theme']} of {rows[0]['all']} recommendations ({share:.1%})")
    assert int(rows[0]["all"]) == 115
    assert share >= 0.9


def test_the_reviewed_sample_agrees_with_the_matcher(store) -> None:
    rows = _query(store, """
    SELECT ?file ?item ?letter ?theme WHERE {
      ?r a ckg:Recommendation ; ckg:letter ?letter ; ckg:inReport/ckg:fileName ?file ;
         ckg:agendaItem/ckg:rpmItem ?item .
      OPTIONAL { ?r dcterms:subject ?theme } }""")
    found: dict[tuple[str, str, str], set[str]] = {}
    for r in rows:
        themes = found.setdefault((r["file"][:3], r["item"], r["letter"]), set())
        if r["theme"]:
            themes.add(r["theme"][len(str(THEME)):])
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        sample = list(csv.DictReader(handle))
    assert len(sample) == 30
    hits = misses = extras = 0
    for row in sample:
        expected = set(row["expected_themes"].split())
        assert expected <= set(THEMES_BY_KEY), row
        got = found[(row["document"], row["rpm_item"], row["letter"])]
        assert got & expected, f"no expected theme for {row}"
        hits += len(got & expected)
        misses += len(expected - got)
        extras += len(got - expected)
    recall, precision = hits / (hits + misses), hits / (hits + extras)
    print(f"sample of {len(sample)}: recall {recall:.1%} ({hits} of {hits + misses} expected themes found), "
          f"precision {precision:.1%} ({extras} themes beyond the reviewed ones)")
    assert recall >= 0.95
    assert precision >= 0.85


def test_a_theme_assignment_records_the_terms_that_matched(store) -> None:
    rows = _query(store, """
    SELECT ?term WHERE {
      ?a a ckg:ThemeAssignment ; ckg:theme <https://w3id.org/congress-kg/theme/children-youth> ;
         ckg:recommendation ?r ; ckg:matchedTerm ?term .
      ?r ckg:letter "e" ; ckg:inReport/ckg:fileName "001_0c7b10fadacc8b35.txt" ; ckg:agendaItem/ckg:rpmItem "5(d)" .
    } ORDER BY ?term""")
    assert [r["term"] for r in rows] == ["children", "young people"]


def test_every_recommendation_gets_an_action_type_from_its_leading_verb(store) -> None:
    rows = _query(store, """
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?file ?item ?letter ?verb ?action ?label WHERE {
      ?r a ckg:Recommendation ; ckg:letter ?letter ; ckg:inReport/ckg:fileName ?file ;
         ckg:agendaItem/ckg:rpmItem ?item .
      OPTIONAL { ?r ckg:leadingVerb ?verb }
      OPTIONAL { ?r ckg:actionType ?action . ?action skos:prefLabel ?label } }""")
    assert len(rows) == 115 and all(r["action"] and r["label"] for r in rows)
    by_key = {(r["file"][:3], r["item"], r["letter"]): r for r in rows}
    assert by_key[("004", "5(d)", "e")]["verb"] == "mainstream"  # "Continue to mainstream ..."
    assert by_key[("004", "5(d)", "e")]["action"].endswith("/action/promote")
    assert by_key[("002", "5(d)", "i")]["action"].endswith("/action/support")  # "Invest in ..."
    assert by_key[("001", "5(c)", "c")]["action"].endswith("/action/consider")  # "Acknowledge that ..."


def test_sdg_links_query_gives_targets_with_their_wording(store) -> None:
    rows = run_query(store, (QUERIES / "sdg_links.rq").read_text(encoding="utf-8")).values()
    p = [r for r in rows if r["document_file"] == "001_0c7b10fadacc8b35.txt" and r["rpm_item"] == "5(b)"
         and r["letter"] == "p"]
    assert {r["sdg_notation"] for r in p} >= {"16.5", "16.6"}
    corruption = next(r for r in p if r["sdg_notation"] == "16.5")
    assert corruption["sdg_target"] == "http://metadata.un.org/sdg/16.5"
    assert corruption["sdg_target_label"] == "Substantially reduce corruption and bribery in all their forms"
    assert corruption["match"] == "closeMatch" and corruption["theme_label"] == "Corruption"


def test_schemes_sit_in_the_reference_graph_and_assignments_in_the_derived_graph(store) -> None:
    rows = _query(store, """
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?label ?n WHERE {
      GRAPH <https://w3id.org/congress-kg/id/graph/reference> {
        <https://w3id.org/congress-kg/theme/corruption> skos:prefLabel ?label .
        <http://metadata.un.org/sdg/16.5> skos:notation "16.5" .
      }
      { SELECT (COUNT(*) AS ?n) WHERE {
          GRAPH <https://w3id.org/congress-kg/id/graph/derived> { ?a a ckg:ThemeAssignment } } }
    }""")
    assert len(rows) == 1 and rows[0]["label"] == "Corruption" and int(rows[0]["n"]) > 115
