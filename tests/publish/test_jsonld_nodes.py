"""kg/publish/jsonld_nodes.py: node objects of quads, compacted, their values in a fixed order, as sortable lines."""

from __future__ import annotations

import pyoxigraph as ox

from kg.publish.jsonld_nodes import Compactor, context, node_line, node_objects

CKG = "https://w3id.org/congress-kg/ontology#"
A, B = ox.NamedNode("https://w3id.org/congress-kg/id/a"), ox.NamedNode("https://w3id.org/congress-kg/id/a-b")
NOTE = ox.BlankNode("note")
G = ox.NamedNode("https://example.org/g")


def test_nodes_are_compacted_with_values_in_a_fixed_order_and_objects_only_blanks_listed() -> None:
    quads = [ox.Quad(A, ox.NamedNode(CKG + "letter"), ox.Literal(v), G) for v in ("b", "a")]
    quads += [ox.Quad(A, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"), NOTE, G)]
    found = node_objects(quads, Compactor(context()))
    assert [node["@id"] for node in found] == ["_:note", A.value]  # in @id order
    assert found[1]["ckg:letter"] == ["a", "b"]
    assert found[1]["rdfs:seeAlso"] == {"@id": "_:note"}
    assert found[0] == {"@id": "_:note"}  # met only as an object: a node of its own


def test_node_lines_sort_as_their_ids_and_hold_one_line_each() -> None:
    iris = Compactor(context())
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    lines = [node_line(node) for node in node_objects(
        [ox.Quad(s, label, ox.Literal("two\nlines"), G) for s in (B, A)], iris)]
    assert [line.count("\n") for line in lines] == [1, 1]
    assert sorted(lines) == lines and lines[0].startswith(iris.node_id(A.value) + "\t")
