"""ontology/congress-kg.ttl: complete, aligned, versioned, and declaring every term the built graph uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from kg import __version__
from kg.build.export import union_graph
from kg.check.reason import load_ontology
from kg.check.validate import read_exports
from kg.namespaces import CKG, ONTOLOGY_IRI, SCHEMA, SHAPES_FILE

OWN = str(CKG._NS)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def data(built_exports: Path) -> Graph:
    return union_graph(read_exports(built_exports))


def _own_terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(OWN)}


def _declared(g: Graph) -> set[URIRef]:
    kinds = (OWL.Class, *PROPERTY_TYPES, OWL.NamedIndividual, RDFS.Datatype)
    return {s for k in kinds for s in g.subjects(RDF.type, k) if isinstance(s, URIRef)}


def _superclasses(g: Graph, cls: URIRef) -> set[URIRef]:
    seen, todo = {cls}, [cls]
    while todo:
        for parent in g.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(parent, URIRef) and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def test_every_term_the_code_uses_is_declared(onto: Graph) -> None:
    declared = _declared(onto)
    names = [name for name in CKG.__annotations__ if not name.startswith("_")]
    assert len(names) > 50
    assert [name for name in names if CKG[name] not in declared] == []


def test_every_own_term_is_typed_labelled_and_defined(onto: Graph) -> None:
    for term in sorted(_own_terms(onto)):
        assert term in _declared(onto), term
        labels = [o for o in onto.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
        definitions = [o for o in onto.objects(term, SKOS.definition) if isinstance(o, Literal) and o.language == "en"]
        assert len(labels) == 1 and len(definitions) == 1, term


def test_every_property_has_domain_and_range(onto: Graph) -> None:
    for kind in PROPERTY_TYPES:
        for prop in onto.subjects(RDF.type, kind):
            if str(prop).startswith(OWN):
                assert onto.value(prop, RDFS.domain) is not None, f"{prop} has no domain"
                assert onto.value(prop, RDFS.range) is not None, f"{prop} has no range"


def test_domains_and_ranges_name_declared_classes_or_datatypes(onto: Graph) -> None:
    declared = _declared(onto)
    for prop, target in [*onto.subject_objects(RDFS.domain), *onto.subject_objects(RDFS.range)]:
        members = [target]
        if isinstance(target, BNode):
            members = _list(onto, target)
        for member in members:
            assert member in declared or str(member).startswith(str(XSD)), (prop, member)


def _list(g: Graph, node: BNode) -> list:
    head, items = g.value(node, OWL.unionOf), []
    while head is not None and head != RDF.nil:
        items.append(g.value(head, RDF.first))
        head = g.value(head, RDF.rest)
    assert items, f"{node} is not a union"
    return items


def test_ontology_is_versioned_with_the_package(onto: Graph, capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    from kg.cli import main

    assert version("congress-kg") == __version__  # pyproject reads it from kg/__init__.py
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"congress-kg {__version__}"
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert str(onto.value(ONTOLOGY_IRI, OWL.versionInfo)) == __version__
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{__version__}")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) is not None


def test_actor_classes_are_pairwise_disjoint(onto: Graph) -> None:
    actors = {CKG.State, CKG.IntergovernmentalOrganization, CKG.UNEntity, CKG.Institute, CKG.NGO, CKG.OtherActor}
    groups = [set(_members(onto, g)) for g in onto.subjects(RDF.type, OWL.AllDisjointClasses)]
    assert actors in groups
    assert (CKG.Person, OWL.disjointWith, CKG.Actor) in onto


def _members(g: Graph, group: object) -> list:
    head, items = g.value(group, OWL.members), []
    while head is not None and head != RDF.nil:
        items.append(g.value(head, RDF.first))
        head = g.value(head, RDF.rest)
    return items


@pytest.mark.parametrize("vocabulary", [PROV, SKOS, ORG, DCTERMS, SCHEMA, FOAF], ids=lambda v: str(v))
def test_aligned_with_vocabulary_by_axioms(onto: Graph, vocabulary: object) -> None:
    axioms = [(s, o) for p in (RDFS.subClassOf, RDFS.subPropertyOf) for s, o in onto.subject_objects(p)
              if str(s).startswith(OWN) and str(o).startswith(str(vocabulary))]
    assert axioms, f"no ckg: term is a subclass or subproperty of a {vocabulary} term"


def test_reused_terms_are_declared_not_copied(onto: Graph) -> None:
    for s, p, o in onto:
        if isinstance(s, URIRef) and not str(s).startswith(OWN) and s != ONTOLOGY_IRI:
            assert p == RDF.type, f"axiom about a term of another vocabulary: {s} {p} {o}"


def test_every_term_in_the_built_graph_is_declared(onto: Graph, data: Graph) -> None:
    declared = _declared(onto) | {RDF.type, RDFS.label, OWL.sameAs}
    used = set(data.predicates()) | set(data.objects(None, RDF.type))
    assert sorted(used - declared) == []


def test_literals_in_the_built_graph_match_declared_ranges(onto: Graph, data: Graph) -> None:
    wrong = set()
    for prop in onto.subjects(RDF.type, OWL.DatatypeProperty):
        declared = onto.value(prop, RDFS.range)
        allowed = set(_list(onto, declared)) if isinstance(declared, BNode) else {declared}
        for value in data.objects(None, prop):
            datatype = value.datatype or (None if value.language else XSD.string)
            if declared is not None and datatype not in allowed:
                wrong.add((prop, datatype))
    assert sorted(wrong) == []


def test_shapes_cover_every_class_the_build_writes(onto: Graph, data: Graph) -> None:
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    targets = set(shapes.objects(None, SH.targetClass))
    for cls in sorted(set(data.objects(None, RDF.type))):
        assert _superclasses(onto, cls) & targets, f"no shape targets {cls} or a superclass of it"
