"""kg/data/viz.yaml is complete and checked: every term it names is in the ontology, every group of views.yaml has a
look."""

from __future__ import annotations

import copy

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.namespaces import ACTOR_CLASSES, CKG, INSTRUMENT_CLASSES
from kg.visualize.declarations import VIZ_FILE, DeclarationError, load, parse, parse_path, term


def raw() -> dict:
    return yaml.safe_load(VIZ_FILE.read_text(encoding="utf-8"))


def test_every_actor_and_instrument_class_has_a_group_with_a_page():
    decl = load()
    for cls in [*ACTOR_CLASSES.values(), *INSTRUMENT_CLASSES.values(), CKG.Meeting]:
        groups = [g for g in decl.groups if cls in g.classes]
        assert len(groups) == 1, cls
        assert groups[0].has_page, cls


def test_groups_have_distinct_looks_and_a_caption():
    decl = load()
    looks = [(g.colour, g.shape) for g in decl.groups]
    assert len(set(looks)) == len(looks)
    assert all(g.caption and g.legend for g in decl.groups)


def test_terms_outside_the_ontology_are_refused():
    assert term("ckg:Meeting") == CKG.Meeting
    with pytest.raises(DeclarationError, match="not a term of the ontology"):
        term("ckg:Meting")
    with pytest.raises(DeclarationError, match="unknown prefix"):
        term("nope:Meeting")


def test_a_misspelt_term_in_the_file_fails_loading():
    data = raw()
    data["groups"][0]["fields"]["venue"] = "ckg:venu"
    with pytest.raises(DeclarationError, match="ckg:venu is not a term of the ontology"):
        parse(data)


def test_views_and_pages_may_only_name_declared_groups_and_edges():
    data = copy.deepcopy(raw())
    data["views"]["overview"]["groups"].append("Ghost")
    with pytest.raises(DeclarationError, match="Ghost"):
        parse(data)
    data = copy.deepcopy(raw())
    data["groups"][0]["page"] = {"expand": ["^no_such_edge"]}
    with pytest.raises(DeclarationError, match="no_such_edge"):
        parse(data)


def test_paths_follow_sequences_inverses_and_alternatives():
    g = Graph()
    meeting, item, rec = URIRef("urn:m"), URIRef("urn:i"), URIRef("urn:r")
    g.add((item, CKG.meeting, meeting))
    g.add((rec, CKG.agendaItem, item))
    g.add((meeting, RDFS.label, Literal("M")))
    g.add((meeting, CKG.region, Literal("Europe")))
    assert set(g.objects(rec, parse_path("ckg:agendaItem/ckg:meeting/rdfs:label"))) == {Literal("M")}
    assert set(g.objects(meeting, parse_path("^ckg:meeting/^ckg:agendaItem"))) == {rec}
    assert set(g.objects(meeting, parse_path("ckg:region|rdfs:label"))) == {Literal("M"), Literal("Europe")}


def test_a_field_may_give_words_for_raw_values():
    data = copy.deepcopy(raw())
    rec = next(g for g in data["groups"] if g["name"] == "Recommendation")
    rec["fields"]["report"] = {"path": "ckg:inReport/ckg:reportKind", "values": {"final_report": "adopted"}}
    spec = next(f for f in parse(data).group("Recommendation").fields if f.name == "report")
    assert dict(spec.values) == {"final_report": "adopted"}


def test_the_layered_drawing_may_only_name_declared_groups_edges_and_views():
    layered = load().layered
    assert layered is not None and "overview" in layered.views and "Meeting" in layered.pages
    assert [b.under for b in layered.bands if b.under] == ["of_meeting", "on_item"]
    for path, value, message in ((("bands", 0, "groups"), ["Ghost"], "Ghost"), (("bands", 2, "under"), "no_edge", "no_edge"),
                                 (("views",), ["nowhere"], "nowhere"), (("bands", 0, "under"), "of_meeting", "first band")):
        data = copy.deepcopy(raw())
        target = data["layered"]
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        with pytest.raises(DeclarationError, match=message):
            parse(data)
