"""RDF to networkx: the nodes and edges viz.yaml declares, with quotes, meetings, co-statements and communities."""

from __future__ import annotations

import networkx as nx

from kg.namespaces import DEFAULT_BASE
from kg.rdf.query import run_query
from kg.visualize.declarations import load
from kg.visualize.graph_to_networkx import (
    co_statements,
    communities,
    context,
    ego,
    node_key,
    page_path,
    to_networkx,
    view,
)

LAC = "meeting/latin-america-and-caribbean-2025"
PREFIX = "PREFIX ckg: <https://w3id.org/congress-kg/ontology#>\n"


def count(store, where: str) -> int:
    return int(run_query(store, PREFIX + f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} }}").values()[0]["n"])


def test_each_declared_class_becomes_one_node_per_entity(network, store):
    groups = nx.get_node_attributes(network, "group")
    for group in load().groups:
        classes = " ".join(f"<{c}>" for c in group.classes)
        expected = count(store, f"?s a ?c VALUES ?c {{ {classes} }}")
        assert sum(1 for g in groups.values() if g == group.name) == expected, group.name
    assert groups["state/BRA"] == "State"
    assert network.nodes["state/BRA"]["caption"] == "Brazil"
    assert network.nodes[LAC]["caption"] == "Latin America and Caribbean 2025"


def test_captions_say_in_words_what_a_node_is(network):
    """A reader sees "Recommendation 5(c)(c) - ..., final report" and "para. 53", not "5(c)(c) 001" or "¶53 001"."""
    final, draft = "report/001_0c7b10fadacc8b35", "report/003_681c875d0e20b629"
    assert network.nodes[f"{final}/recommendation/5c/c"]["caption"] == (
        "Recommendation 5(c)(c) - Latin America and Caribbean 2025, final report")
    assert network.nodes[f"{draft}/recommendation/5a/b"]["caption"] == (
        "Recommendation 5(a)(b) - Latin America and Caribbean 2025, draft report")
    paragraph = network.nodes[f"{final}/paragraph/53"]
    assert paragraph["caption"] == "para. 53"
    assert paragraph["heading"] == "Paragraph 53 - Latin America and Caribbean 2025, final report"
    assert network.nodes[LAC + "/item/5a"]["caption"] == "Item 5(a) - Latin America and Caribbean 2025"
    assert network.nodes["state/BRA"]["heading"] == "Brazil"  # no heading declared: the rdfs:label
    recommendations = [d["caption"] for _n, d in network.nodes(data=True) if d["group"] == "Recommendation"]
    assert len(set(recommendations)) == len(recommendations) > 100  # no two alike


def test_statements_are_edges_with_their_quotes_and_documents(network, store):
    spoke = [(v, d) for _u, v, k, d in network.out_edges("state/BRA", keys=True, data=True) if k == "spoke_on"]
    expected = count(store, "?s a ckg:Statement ; ckg:actor <https://w3id.org/congress-kg/id/state/BRA>")
    assert sum(d["weight"] for _v, d in spoke) == expected
    item_5a = dict(spoke)[LAC + "/item/5a"]
    assert {(q.text, q.file, q.paragraph) for q in item_5a["quotes"]} == {
        ("Brazil", "001_0c7b10fadacc8b35.txt", 25), ("Brazil", "003_681c875d0e20b629.txt", 1)}
    quote = item_5a["quotes"][0]
    assert "representatives of" in quote.before and quote.after.startswith(", ")
    assert item_5a["fields"] == [{"capacity": "representative"}]
    attended = [v for _u, v, k in network.out_edges("state/BRA", keys=True) if k == "attended"]
    assert attended == [LAC]


def test_nodes_know_their_meetings_for_the_filter(network):
    assert network.nodes["state/BRA"]["meetings"] == (LAC,)
    assert network.nodes["instrument/UNTOC"]["meetings"] == ("meeting/europe-2025", LAC)
    assert network.nodes[LAC]["meetings"] == (LAC,)


def test_instrument_mentions_link_instruments_to_meetings_with_the_words_used(network):
    data = network.edges["instrument/UNTOC", LAC, "mentioned_at"]
    assert data["weight"] >= 2
    assert all(q.file and q.paragraph for q in data["quotes"])
    assert any("Organized Crime" in q.text for q in data["quotes"])


def test_views_keep_only_their_groups_and_edge_kinds(network):
    overview = view(network, ["Meeting", "State"], ["attended"])
    assert {network.nodes[n]["group"] for n in overview} == {"Meeting", "State"}
    assert {k for _u, _v, k in overview.edges(keys=True)} == {"attended"}


def test_an_instrument_page_holds_what_names_it_and_where(network):
    page = ego(network, "instrument/UNTOC", ("on_item", "paragraph_on_item", "of_meeting"), depth=2)
    naming = {u for u, _v, k in network.in_edges("instrument/UNTOC", keys=True) if k == "names_instrument"}
    assert naming and naming <= set(page)
    assert {network.nodes[n]["group"] for n in naming} == {"Recommendation", "Paragraph"}
    assert LAC in page and "meeting/europe-2025" in page
    # a depth-2 walk along the declared edges does not pull in every recommendation of those agenda items
    assert sum(1 for n in page if network.nodes[n]["group"] == "Recommendation") < 10


def test_co_statements_count_shared_agenda_items(network, store):
    co = co_statements(network)
    shared = count(store, """
        ?a a ckg:Statement ; ckg:actor <https://w3id.org/congress-kg/id/state/BRA> ; ckg:agendaItem ?s .
        ?b a ckg:Statement ; ckg:actor <https://w3id.org/congress-kg/id/state/CHL> ; ckg:agendaItem ?s .""")
    assert co["state/BRA"]["state/CHL"]["weight"] == shared > 0
    assert not co.has_edge("state/BRA", "state/JPN")  # never at the same meeting


def test_communities_are_fixed_by_the_seed(network):
    co = co_statements(network)
    first, second = communities(co, 42), communities(co, 42)
    assert first == second
    assert set(first) == set(co.nodes)
    assert first["state/JPN"] == first["state/AUS"] != first["state/BRA"]


def test_context_cuts_at_words():
    text = "Statements were made by the representatives of Argentina, Brazil and Chile at length."
    before, after = context(text, "Brazil", chars=20)
    assert before == "…of Argentina, "
    assert after == " and Chile at…"
    assert context(text, "Chile", chars=40)[1] == " at length."
    assert context(text, "Peru") == ("", "")


def test_node_keys_and_page_files_are_safe_paths():
    assert node_key("https://w3id.org/congress-kg/id/state/BRA", DEFAULT_BASE) == "state/BRA"
    assert node_key("urn:x:y", DEFAULT_BASE) == "urn:x:y"
    assert page_path("state/BRA") == "state/BRA.html"
    assert page_path("organization/../../etc") == "organization/x/x/etc.html"
    long = page_path("organization/unresolved-" + "x" * 10_000)
    other = page_path("organization/unresolved-" + "x" * 9_999)
    assert long.startswith("organization/unresolved-xxx") and len(long.split("/")[-1]) <= 105 and long != other
    assert page_path("http://example.org/a b") == "entity/example.org/a-b.html"


def test_conversion_is_deterministic(union):
    a, b = to_networkx(union, load(), DEFAULT_BASE), to_networkx(union, load(), DEFAULT_BASE)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
