"""Every ontology term the code uses is declared with a label and a definition; the schemes are complete."""

from __future__ import annotations

import csv

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg import DATA_DIR
from kg.namespaces import ACTION, ACTION_TYPES_FILE, CKG, ONTOLOGY_FILE


def test_every_ckg_term_is_declared_labelled_and_defined() -> None:
    g = Graph().parse(ONTOLOGY_FILE)
    names = [n for n in CKG.__annotations__]
    assert {"Revision", "ThemeAssignment", "similarity", "wordDiff", "matchTerm", "actionType"} <= set(names)
    for name in names:
        term = URIRef(str(CKG) + name)
        assert (term, RDF.type, None) in g, name
        assert g.value(term, RDFS.label) is not None, name
        assert g.value(term, SKOS.definition) is not None, name


def test_every_action_type_of_the_verb_table_is_a_concept_of_the_scheme() -> None:
    g = Graph().parse(ACTION_TYPES_FILE)
    with (DATA_DIR / "action_verbs.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    verbs = [r["verb"] for r in rows]
    assert verbs == sorted(verbs) and len(verbs) == len(set(verbs))
    for row in rows:
        if row["action_type"] != "-":
            concept = ACTION[row["action_type"]]
            assert (concept, RDF.type, SKOS.Concept) in g, row
            assert g.value(concept, SKOS.prefLabel) and g.value(concept, SKOS.definition), row
