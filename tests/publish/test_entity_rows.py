"""What one query finds about every entity of a class: each column's values by the node they came through, and an
entity with none of them still listed."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef

from kg.publish.entity_rows import collect, count_query, entity_query

CKG = "https://w3id.org/congress-kg/ontology#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def test_each_entity_gets_its_values_and_an_entity_without_any_is_kept() -> None:
    store = ox.Store()
    actor, other, statement = (ox.NamedNode(f"urn:x:{name}") for name in ("a", "b", "s"))
    for entity in (actor, other):
        store.add(ox.Quad(entity, TYPE, ox.NamedNode(f"{CKG}State")))
    store.add(ox.Quad(actor, RDFS_LABEL, ox.Literal("Brazil")))
    store.add(ox.Quad(actor, RDFS_LABEL, ox.Literal("Brasil")))
    store.add(ox.Quad(statement, ox.NamedNode(f"{CKG}actor"), actor))
    store.add(ox.Quad(statement, TYPE, ox.NamedNode(f"{CKG}Statement")))
    query = entity_query([URIRef(f"{CKG}State")], {"label": "rdfs:label"},
                         ['?node ckg:actor ?entity ; a ckg:Statement BIND("statements" AS ?column)'])
    found = collect(store, query)
    assert set(found) == {"urn:x:a", "urn:x:b"}
    assert found["urn:x:a"].one("label") == "Brasil" and found["urn:x:a"].all("label") == "Brasil;Brazil"
    assert found["urn:x:a"].count("statements") == "1" and found["urn:x:b"].count("statements") == "0"
    assert found["urn:x:b"].one("label") == ""


def test_a_count_query_gives_each_entity_its_number_and_none_to_entities_outside_the_classes() -> None:
    store = ox.Store()
    state, other, stranger = (ox.NamedNode(f"urn:x:{name}") for name in ("a", "b", "c"))
    for entity in (state, other):
        store.add(ox.Quad(entity, TYPE, ox.NamedNode(f"{CKG}State")))
    for n, entity in enumerate((state, state, stranger)):
        statement = ox.NamedNode(f"urn:x:s{n}")
        store.add(ox.Quad(statement, ox.NamedNode(f"{CKG}actor"), entity))
        store.add(ox.Quad(statement, TYPE, ox.NamedNode(f"{CKG}Statement")))
    found = collect(store, entity_query([URIRef(f"{CKG}State")], {}),
                    {"statements": count_query("?node ckg:actor ?entity ; a ckg:Statement")})
    assert set(found) == {"urn:x:a", "urn:x:b"}
    assert found["urn:x:a"].count("statements") == "2" and found["urn:x:b"].count("statements") == "0"
