"""Layered positions: bands top to bottom, each agenda item under its meeting, each recommendation under its item."""

from __future__ import annotations

import itertools
import math

import networkx as nx

from kg.visualize.declarations import load
from kg.visualize.graph_to_networkx import ego, view
from kg.visualize.layout import natural, positions

LAC = "meeting/latin-america-and-caribbean-2025"
ACTORS = {"State", "IntergovernmentalOrganization", "UNEntity", "Institute", "NGO", "OtherActor", "Person"}
INSTRUMENTS = {"Treaty", "RegionalInstrument", "StandardsAndNorms", "Resolution", "Declaration"}


def by_group(page: nx.MultiDiGraph, at: dict[str, tuple[float, float]], groups: set[str]) -> list[str]:
    return [n for n in at if page.nodes[n]["group"] in groups]


def parent(page: nx.MultiDiGraph, node: str, kind: str) -> str:
    [found] = [v for _u, v, k in page.out_edges(node, keys=True) if k == kind]
    return found


def meeting_page(network: nx.MultiDiGraph, key: str = LAC) -> nx.MultiDiGraph:
    return ego(network, key, load().group("Meeting").page_expand or (), 1)


def test_a_meeting_page_reads_top_down_actors_meeting_items_recommendations_instruments(network):
    page = meeting_page(network)
    at = positions(page, load().layered, {n: 20.0 for n in page}, 0.85)
    assert set(at) == set(page.nodes)
    ys = {name: [at[n][1] for n in by_group(page, at, groups)] for name, groups in (
        ("actors", ACTORS), ("meeting", {"Meeting"}), ("items", {"AgendaItem"}), ("recommendations", {"Recommendation"}),
        ("instruments", INSTRUMENTS))}
    assert all(ys.values()) and len(ys["recommendations"]) > 80
    order = ["actors", "meeting", "items", "recommendations", "instruments"]
    for upper, lower in itertools.pairwise(order):
        assert max(ys[upper]) < min(ys[lower]), (upper, lower)
    assert len(set(ys["items"])) == 1  # the agenda items in one row


def test_each_recommendation_sits_under_its_agenda_item_and_each_item_under_its_meeting(network):
    page = view(network, load().views["overview"]["groups"], load().views["overview"]["edges"])
    at = positions(page, load().layered, {n: 20.0 for n in page}, 1.45)
    items = by_group(page, at, {"AgendaItem"})
    for rec in by_group(page, at, {"Recommendation"}):
        mine = parent(page, rec, "on_item")
        nearest = min(items, key=lambda i: (abs(at[i][0] - at[rec][0]), i))
        assert abs(at[mine][0] - at[rec][0]) == abs(at[nearest][0] - at[rec][0]), rec
    for meeting in by_group(page, at, {"Meeting"}):
        own = [i for i in items if parent(page, i, "of_meeting") == meeting]
        xs = sorted(at[i][0] for i in own)
        assert at[meeting][0] == (xs[0] + xs[-1]) / 2  # centred over its items
        others = [at[i][0] for i in items if i not in own]
        assert all(x < xs[0] or x > xs[-1] for x in others)  # a meeting's items side by side


def test_nodes_keep_apart_and_actors_are_grouped_by_kind(network):
    page = meeting_page(network)
    at = positions(page, load().layered, {n: 20.0 for n in page}, 0.85)
    for a, b in itertools.combinations(at, 2):
        assert math.dist(at[a], at[b]) >= 30 - 1e-6, (a, b)
    actors = sorted(by_group(page, at, ACTORS), key=lambda n: (at[n][1], at[n][0]))
    kinds = [page.nodes[n]["group"] for n in actors]
    assert [k for k, _run in itertools.groupby(kinds)] == [
        g for g in load().layered.bands[0].groups if g in kinds]  # read row by row, each kind in one run


def test_the_drawing_is_about_as_wide_as_asked_and_the_same_each_time(network):
    page = meeting_page(network)
    sizes = {n: 20.0 for n in page}
    wide, narrow = (positions(page, load().layered, sizes, aspect) for aspect in (1.6, 0.7))
    assert wide == positions(page, load().layered, sizes, 1.6)

    def aspect(at: dict[str, tuple[float, float]]) -> float:
        xs, ys = [p[0] for p in at.values()], [p[1] for p in at.values()]
        return (max(xs) - min(xs)) / (max(ys) - min(ys))

    assert aspect(wide) > aspect(narrow)
    assert 0.5 < aspect(narrow) < 1.2 and 1.1 < aspect(wide) < 2.4


def test_a_group_no_band_names_still_gets_a_place_below_and_orphans_their_own_column():
    g = nx.MultiDiGraph()
    g.add_node("m", group="Meeting", caption="M")
    g.add_node("i", group="AgendaItem", caption="Item 4")
    g.add_node("r", group="Recommendation", caption="R")  # no agenda item in view
    g.add_node("p", group="Paragraph", caption="para. 1")  # in no band
    g.add_edge("i", "m", key="of_meeting")
    at = positions(g, load().layered, {n: 10.0 for n in g}, 1.0)
    assert set(at) == {"m", "i", "r", "p"}
    assert at["p"][1] > max(at[n][1] for n in "mir")
    assert at["r"][0] != at["i"][0]


def test_natural_order_reads_numbers_as_numbers():
    assert sorted(["Item 5(b)", "Item 10", "item 4"], key=natural) == ["item 4", "Item 5(b)", "Item 10"]
