"""Every fact points at its paragraph (PROV-O) and at the verbatim passage of its source (Web Annotation)."""

from __future__ import annotations

import pytest

from kg.rdf.query import run_query
from kg.read import read_source
from tests.conftest import ROOT

CORPUS = ROOT / "corpus"

PREFIXES = """
PREFIX ckg: <https://w3id.org/congress-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
FACT_KINDS = ["ckg:Statement", "ckg:Attendance", "ckg:OfficerRole", "ckg:Recommendation", "ckg:InstrumentMention",
              "rdf:Statement"]


def _sources() -> dict[str, str]:
    return {p.name: read_source(p).text for p in sorted(CORPUS.glob("*.txt"))}


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_every_fact_has_a_derivation_and_an_annotation(store, kind: str) -> None:
    q = PREFIXES + f"""
    SELECT (COUNT(DISTINCT ?fact) AS ?facts)
           (COUNT(DISTINCT ?without_source) AS ?no_derivation) (COUNT(DISTINCT ?without_note) AS ?no_annotation)
    WHERE {{
      ?fact a {kind} .
      OPTIONAL {{ FILTER NOT EXISTS {{ ?fact prov:wasDerivedFrom ?p }} BIND(?fact AS ?without_source) }}
      OPTIONAL {{ FILTER NOT EXISTS {{ ?a oa:hasBody ?fact }} BIND(?fact AS ?without_note) }}
    }}"""
    row = run_query(store, q).values()[0]
    assert int(row["facts"]) > 0
    assert row["no_derivation"] == "0"
    assert row["no_annotation"] == "0"


def test_every_annotation_quotes_its_source_verbatim_at_its_offsets(store) -> None:
    q = PREFIXES + """
    SELECT ?annotation ?file ?start ?end ?exact ?prefix ?suffix ?paragraph_start ?paragraph_end WHERE {
      ?annotation a oa:Annotation ; oa:hasTarget ?t .
      ?t oa:hasSource/ckg:fileName ?file ; oa:hasSelector ?q, ?p .
      ?q a oa:TextQuoteSelector ; oa:exact ?exact .
      OPTIONAL { ?q oa:prefix ?prefix } OPTIONAL { ?q oa:suffix ?suffix }
      ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
      OPTIONAL { ?t oa:hasScope ?paragraph .
                 ?paragraph ckg:startOffset ?paragraph_start ; ckg:endOffset ?paragraph_end }
    }"""
    rows = run_query(store, q).values()
    sources = _sources()
    assert len(rows) > 300  # 150 statements, 115 recommendations, attendances, mentions, officers ...
    for r in rows:
        text, start, end = sources[r["file"]], int(r["start"]), int(r["end"])
        assert text[start:end] == r["exact"], r["annotation"]
        assert text[start - len(r["prefix"]) : start] == r["prefix"], r["annotation"]
        assert text[end : end + len(r["suffix"])] == r["suffix"], r["annotation"]
        if r["paragraph_start"]:
            # The scope is the paragraph the fact stands in; its lettered items and officer lines follow its
            # own text, while statements and attendance are read from sentences inside it.
            assert int(r["paragraph_start"]) <= start, r["annotation"]
            if any(k in r["annotation"] for k in ("-statement-", "-attendance-")):
                assert end <= int(r["paragraph_end"]), r["annotation"]


def test_a_fact_stated_by_two_documents_has_two_derivations(store) -> None:
    q = PREFIXES + """
    SELECT ?file ?paragraph_number ?exact WHERE {
      VALUES ?fact {
        <https://w3id.org/congress-kg/id/statement/latin-america-and-caribbean-2025/5d/bra/representative>
      }
      ?fact prov:wasDerivedFrom ?paragraph .
      ?paragraph ckg:paragraphNumber ?paragraph_number ; ckg:inReport/ckg:fileName ?file .
      ?a oa:hasBody ?fact ; oa:hasTarget ?t . ?t oa:hasScope ?paragraph ; oa:hasSelector/oa:exact ?exact .
    } ORDER BY ?file"""
    rows = run_query(store, q).values()
    assert [(r["file"], r["exact"]) for r in rows] == [
        ("000_f29162a344c7f65f.txt", "Brazil"), ("001_0c7b10fadacc8b35.txt", "Brazil")]
