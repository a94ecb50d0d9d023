"""Commitment clusters against hand-made clusters, through queries/commitment_clusters.rq."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from kg.enrich.asks import Shared
from kg.enrich.cluster import opening
from kg.enrich.clustering import load_settings
from kg.enrich.clusters import _similarity, congress_of
from kg.rdf.query import open_store, run_query
from tests.conftest import QUERIES

HERE = Path(__file__).resolve().parent / "clusters"


def rows(store, name: str) -> list[dict[str, str]]:
    return run_query(store, (QUERIES / f"{name}.rq").read_text(encoding="utf-8")).values()


def score(store, gold_file: Path) -> tuple[float, float, set[frozenset[str]], set[frozenset[str]]]:
    """Pairwise precision and recall of the clusters over pairs of recommendations from different meetings, the
    gold's "related" pairs left out of both; also the pairs found and the gold pairs (as recommendation IRIs)."""
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    recs = rows(store, "recommendations")
    meeting = {r["recommendation"]: r["meeting"] for r in recs}

    def iri(ref: list[str]) -> str:
        file, *item, letter = ref
        item = item or [gold["item"]]
        found = [r["recommendation"] for r in recs
                 if r["document_file"] == file and r["rpm_item"] == item[0] and r["letter"] == letter]
        if not found:  # a final report whose heading does not number its item (the meeting's first is read)
            found = [r["recommendation"] for r in recs if r["document_file"] == file and r["letter"] == letter]
        assert len(found) == 1, ref
        return found[0]

    def cross(members: list[str]) -> set[frozenset[str]]:
        return {frozenset(p) for p in itertools.combinations(members, 2) if meeting[p[0]] != meeting[p[1]]}

    wanted = set().union(*(cross([iri(m) for m in c["members"]]) for c in gold["clusters"]))
    related = {frozenset((iri(a), iri(b))) for a, b in gold.get("related", [])}
    scope = {iri(m) for c in gold["clusters"] for m in c["members"]}
    items = {r["rpm_item"] for r in recs if r["recommendation"] in scope}
    by_cluster: dict[str, list[str]] = {}
    for r in rows(store, "commitment_clusters"):
        if r["rpm_item"] in items:
            by_cluster.setdefault(r["cluster"], []).append(r["recommendation"])
    found = set().union(set(), *(cross(m) for m in by_cluster.values())) - related
    hits = len(found & wanted)
    return hits / len(found) if found else 1.0, hits / len(wanted), found, wanted


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory):
    from kg.cli import main

    out = tmp_path_factory.mktemp("cluster-exports")
    assert main(["build", str(HERE / "reports"), "--out", str(out), "--quiet", "--no-viz"]) == 0
    return open_store(out)


def test_fixture_reports_cluster_as_written(fixture_store) -> None:
    precision, recall, found, wanted = score(fixture_store, HERE / "gold_reports.yaml")
    assert precision >= 0.85 and recall >= 0.75, (precision, recall)


def test_bundled_agenda_item_5d_against_the_hand_made_clusters(store) -> None:
    precision, recall, found, wanted = score(store, HERE / "gold_bundled_5d.yaml")
    # Measured with average linkage and the groups per shared subject (kg.enrich.subject_clusters) at
    # kg/data/clusters.yaml's settings: P 0.93 R 0.76 (words alone 1.00/0.29, linkage alone 0.90/0.53); with the
    # hierarchical vocabulary and its context labels (docs/synthesis.md): P 1.00 R 0.76. The bar.
    assert precision >= 0.85, precision
    assert recall >= 0.75, recall


def test_held_out_trafficking_reports_against_the_clusters_written_before_the_method(tmp_path: Path) -> None:
    from kg.cli import main

    assert main(["build", str(HERE / "reports_trafficking"), "--out", str(tmp_path), "--quiet", "--no-viz"]) == 0
    precision, recall, _found, _wanted = score(open_store(tmp_path), HERE / "gold_trafficking.yaml")
    # Words alone: P 1.00 R 0.48; with the shared asks: P 0.87 R 0.62; with the groups per shared subject: P 0.85 R 0.81;
    # with the hierarchical vocabulary and its context labels: P 0.83 (19 of 23) R 0.90. The precision of 0.85
    # is missed by two hundredths since the vocabulary changed (docs/synthesis.md); the floor is what is reached,
    # rounded down to 0.05, not a value tuned back. With the object rule (asks linked through a subject act on the
    # same thing, kg.enrich.objects): 21 found, 18 right (P 0.857 R 0.857). With the signals summed and no groups per
    # subject (0.6): 20 found, 17 right (P 0.85 R 0.81): the recall floor is LOWERED from 0.85 to 0.80, knowingly (one
    # true pair lost, while every other set kept or raised its recall; docs/synthesis.md).
    assert precision >= 0.85 and recall >= 0.80, (precision, recall)


def test_imprisonment_development_reports_keep_the_figures_reached(tmp_path: Path) -> None:
    """reports_heldout/ and gold_heldout.yaml were written (and committed) after the design was fixed and before the
    method ever ran on them, and run on them once (P 0.375 R 0.207). The vocabulary was then rebuilt looking at its
    errors, so it is a development set now, held out no more (docs/synthesis.md); do not edit its gold. The figures
    below are a floor the method must keep."""
    from kg.cli import main

    assert main(["build", str(HERE / "reports_heldout"), "--out", str(tmp_path), "--quiet", "--no-viz"]) == 0
    precision, recall, _found, _wanted = score(open_store(tmp_path), HERE / "gold_heldout.yaml")
    # Measured once blind: 16 pairs found, 6 right, 29 wanted: P 0.375 R 0.207. With the hierarchical vocabulary and its
    # context labels: 17 found, 11 right: P 0.647 R 0.379 (docs/synthesis.md), rounded down to 0.05. With the object
    # rule: 19 found, 15 right (P 0.789 R 0.517). With the signals summed (0.6): 21 found, 18 right (P 0.86 R 0.62).
    assert precision >= 0.85 and recall >= 0.60, (precision, recall)


def test_second_held_out_set_on_urban_crime_and_youth_violence_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout2/ and gold_heldout2.yaml (making cities safer: urban crime prevention and violence involving
    young people) were written and committed blind to the method (its code, vocabulary, settings and write-up unread)
    and before it ever ran on them; it was run on them once. Do not tune the method, the vocabulary or the settings on
    this set, and do not edit its gold: the figures below are a floor the method must keep, not a target."""
    from kg.cli import main

    assert main(["build", str(HERE / "reports_heldout2"), "--out", str(tmp_path), "--quiet", "--no-viz"]) == 0
    precision, recall, _found, _wanted = score(open_store(tmp_path), HERE / "gold_heldout2.yaml")
    # Measured once on each version of the method, never tuned on: with the flat vocabulary 42 pairs found, 11
    # right, 40 wanted (P 0.26 R 0.28); with the hierarchy and context labels 26 found, 17 right (P 0.65 R 0.42).
    # With the object rule (kg.enrich.objects; designed on the development sets, then run here): 27 found, 20 right
    # (P 0.74 R 0.50). With the signals summed (0.6; its errors read since, a development set now): 21 found, 21
    # right (P 1.00 R 0.53). The floor is the latest, rounded down to 0.05 (precision to 0.95: one false pair is
    # no regression).
    assert precision >= 0.95 and recall >= 0.50, (precision, recall)


def test_third_held_out_set_on_corruption_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout3/ and gold_heldout3.yaml (preventing corruption, in procurement and in the private sector)
    were written and committed blind to the method, and run once on the method as merged. Do not tune on this set or
    edit its gold: the figures are a floor the method must keep, not a target."""
    from kg.cli import main

    assert main(["build", str(HERE / "reports_heldout3"), "--out", str(tmp_path), "--quiet", "--no-viz"]) == 0
    precision, recall, _found, _wanted = score(open_store(tmp_path), HERE / "gold_heldout3.yaml")
    # Measured once: 34 pairs found, 11 right, 43 wanted (P 0.32 R 0.26); words alone gave 7 found, 4 right. With the
    # object rule: 36 found, 12 right (P 0.33 R 0.28). With the signals summed (0.6): 25 found, 16 right (P 0.64
    # R 0.37).
    assert precision >= 0.60 and recall >= 0.35, (precision, recall)


def test_fourth_held_out_set_on_cybercrime_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout4/ and gold_heldout4.yaml (countering cybercrime, online child sexual exploitation, electronic
    evidence) were written and committed blind to the method and run once. That run found the clusters cut in two:
    the finals' unnumbered item was read as 5(a) and the drafts' as 5(b), and clusters were kept per meeting item
    although the Congress item (3) joins them. That was a bug of the documented design, fixed once; nothing was
    tuned on the set. Do not tune on it or edit its gold: the figures are a floor, not a target."""
    from kg.cli import main

    assert main(["build", str(HERE / "reports_heldout4"), "--out", str(tmp_path), "--quiet", "--no-viz"]) == 0
    store = open_store(tmp_path)
    precision, recall, _found, _wanted = score(store, HERE / "gold_heldout4.yaml")
    # Measured once before the fix: 29 pairs found, 10 right, 35 wanted (P 0.34 R 0.29); after it 62 found, 29
    # right (P 0.47 R 0.83). With the object rule: 59 found, 28 right (P 0.47 R 0.80). With the signals summed (0.6):
    # 43 found, 28 right (P 0.65 R 0.80).
    assert precision >= 0.65 and recall >= 0.80, (precision, recall)
    items: dict[str, set[str]] = {}
    for row in rows(store, "commitment_clusters"):
        items.setdefault(row["cluster"], set()).add(row["rpm_item"])
    assert any(len(found) > 1 for found in items.values())  # one Congress item, two numberings, one cluster


def _held_out(out: Path, name: str) -> tuple[object, float, float]:
    """reports_NAME/ built into ``out`` (some of its files may fail: exit 0 or 1), its store, and the precision and
    recall of its clusters against gold_NAME.yaml."""
    from kg.cli import main

    assert main(["build", str(HERE / f"reports_{name}"), "--out", str(out), "--quiet", "--no-viz"]) in (0, 1)
    store = open_store(out)
    precision, recall, _found, _wanted = score(store, HERE / f"gold_{name}.yaml")
    return store, precision, recall


def _per_file(store) -> Counter[str]:
    """How many recommendations each report of a built set yielded (every report read, none lost in silence)."""
    return Counter(r["document_file"] for r in rows(store, "recommendations"))


def test_fifth_held_out_set_on_drugs_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout5/ and gold_heldout5.yaml (drug trafficking and organized crime; meetings numbering the item
    5(a) or 5(c); one meeting's draft and final both present) were written and committed blind to the method and
    run once on the method as merged. Do not tune on this set or edit its gold."""
    store, precision, recall = _held_out(tmp_path, "heldout5")
    # Measured once: 85 pairs found, 21 right, 37 wanted (P 0.25 R 0.57); linkage alone P 0.26 R 0.46. That run
    # showed the Latin American draft's recommendations in clusters beside the final's: the final letters no item,
    # so the revisions did not align the two. Aligned through their Congress item (a fix of the documented design,
    # nothing tuned): 62 found, 23 right (P 0.37 R 0.62). With the object rule (kg.enrich.objects): 47 found, 20
    # right (P 0.43 R 0.54): the recall floor is LOWERED from 0.60 to 0.50, knowingly (three true pairs lost to objects
    # the rules read too narrowly; docs/synthesis.md), the precision floor raised to 0.40. With the signals summed
    # (0.6): 29 found, 21 right (P 0.72 R 0.57).
    assert precision >= 0.70 and recall >= 0.55, (precision, recall)
    members = {r["document_file"] for r in rows(store, "commitment_clusters")}
    assert "latin_american_draft.txt" not in members  # the final report of its meeting revised it


def test_a_revised_draft_is_never_a_member_and_members_come_from_two_meetings(fixture_store) -> None:
    members = rows(fixture_store, "commitment_clusters")
    assert members and not any(r["document_file"] == "african_draft.txt" for r in members)
    assert "african_final.txt" in {r["document_file"] for r in members}
    by_cluster: dict[str, set[str]] = {}
    for r in members:
        by_cluster.setdefault(r["cluster"], set()).add(r["meeting"])
        assert r["rpm_item"] and r["cluster_label"] and r["paragraph_number"]
    assert all(len(m) >= 2 for m in by_cluster.values())
    assert {int(r["meetings"]) for r in members} == {len(by_cluster[r["cluster"]]) for r in members}


def test_clusters_stay_within_one_congress_agenda_item(fixture_store) -> None:
    items: dict[str, set[str]] = {}
    for r in rows(fixture_store, "commitment_clusters"):
        items.setdefault(r["cluster"], set()).add(r["congress_item"])
    assert all(len(v) == 1 for v in items.values()) and {"5", "6"} <= set().union(*items.values())


def test_the_congress_comes_from_symbols_then_the_title() -> None:
    title = "African Regional Preparatory Meeting for the Sixteenth United Nations Congress on Crime Prevention"
    assert congress_of(title, ["A/CONF.250/RPM.4/1"]) == "A/CONF.250"
    assert congress_of(title, []) == "Sixteenth Congress"
    assert congress_of("Some meeting", []) == "Congress"


def test_the_label_is_the_opening_clause_cut_short() -> None:
    assert opening("Strengthen controls on waste; and ensure inspections.", 110) == "Strengthen controls on waste"
    long = "Enhance cooperation among customs, police and wildlife authorities of neighbouring countries, " * 2
    cut = opening(long, 60)
    assert cut.endswith(" …") and len(cut) <= 62 and not cut[:-2].endswith(",")


def test_sixth_held_out_set_on_crimes_that_affect_the_environment_keeps_the_figures_measured_once(
        tmp_path: Path) -> None:
    """reports_heldout6/ and gold_heldout6.yaml (wildlife, timber, mining, waste and fisheries crime; items lettered
    5(b) and 5(d); the African draft and final both present) were written and committed blind, then scored once on
    the method with the object rule. Its false pairs were read for 0.6 (the signals summed), so it is a development
    set since; do not edit its gold."""
    store, precision, recall = _held_out(tmp_path, "heldout6")
    # Measured once: without the object rule 59 pairs found, 33 right, 39 wanted (P 0.56 R 0.85); with it 53 found,
    # 32 right (P 0.60 R 0.82). With the signals summed (0.6; its errors read while designing it, a development set
    # since): 38 found, 35 right (P 0.92 R 0.897).
    assert precision >= 0.90 and recall >= 0.85, (precision, recall)
    members = {r["document_file"] for r in rows(store, "commitment_clusters")}
    assert "african_draft.txt" not in members  # its final revised it


def test_seventh_held_out_set_on_firearms_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout7/ and gold_heldout7.yaml (firearms: marking, records, tracing, 3D printing, conversion,
    brokers, stockpiles; one final whose recommendations are introduced by "the Meeting recommended that:") were
    written and committed blind and scored once. That run found no recommendation in that final (the build warned
    of it): the form was not read as introducing recommendations, a gap of extraction fixed in general
    (tests/cases/extract/recommendations_meeting_recommended_that). Its false pairs were read for 0.6, so it is a
    development set since; do not edit its gold."""
    store, precision, recall = _held_out(tmp_path, "heldout7")
    # Measured once, the Western Asian final's 14 pairs counted as missed: 23 found, 14 right, 37 wanted (P 0.61
    # R 0.38; without the object rule P 0.55 R 0.32). With its recommendations read: 34 found, 17 right (P 0.50 R 0.46).
    # With the signals summed (0.6; a development set since its errors were read for it): 21 found, 18 right
    # (P 0.86 R 0.49).
    assert precision >= 0.85 and recall >= 0.45, (precision, recall)
    letters = {r["letter"] for r in rows(store, "recommendations") if r["document_file"] == "western_asian_final.txt"}
    assert letters == set("abcdefghij")


def test_eighth_held_out_set_on_terrorism_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout8/ and gold_heldout8.yaml (terrorism: financing, foreign terrorist fighters, prisons, online
    content, critical infrastructure, victims, the universal instruments; a Latin American draft and its final,
    whose letters shift; an African final that opens its recommendations with a sentence of its own) were written
    and committed blind and scored once, on the method with the object rule. Its false pairs were read for 0.6, so it
    is a development set since; do not edit its gold."""
    store, precision, recall = _held_out(tmp_path, "heldout8")
    # Measured once: 67 pairs found, 31 right, 40 wanted (P 0.46 R 0.78); every report's recommendations read. With the
    # signals summed (0.6; a development set since its errors were read for it): 41 found, 34 right (P 0.83 R 0.85).
    assert precision >= 0.80 and recall >= 0.85, (precision, recall)
    assert _per_file(store) == {"african_final.txt": 9, "asia_pacific_draft.txt": 10, "european_draft.txt": 9,
                                "latin_american_draft.txt": 9, "latin_american_final.txt": 9, "western_asian_final.txt": 10}
    # "Regional Preparatory Meeting of the Western European and Other States for the ...": the region after the name.
    regions = {r["document_file"]: r["region"] for r in rows(store, "commitment_clusters")}
    assert regions["european_draft.txt"] == "Western European and other States"
    assert regions["asia_pacific_draft.txt"] == "Asia and Pacific"


def test_ninth_held_out_set_on_violence_against_women_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout9/ and gold_heldout9.yaml (violence against women and girls: femicide, observatories,
    protection orders, specialized courts, shelters, training, online abuse, perpetrator programmes, risk
    assessment, legal aid, women in the justice workforce; an African draft and its final, whose letters shift; a
    European draft lettered 5 (b)) were written and committed blind and scored once on 0.5.4 and once on 0.6, nothing
    read in between. Do not tune on this set or edit its gold."""
    store, precision, recall = _held_out(tmp_path, "heldout9")
    # Measured once: 41 pairs found, 15 right, 37 wanted (P 0.37 R 0.41); every report's recommendations read. Scored
    # once more on 0.6 (the signals summed), still unread: 24 found, 21 right (P 0.88 R 0.57).
    assert precision >= 0.85 and recall >= 0.55, (precision, recall)
    assert _per_file(store) == {"african_draft.txt": 9, "african_final.txt": 9, "asia_pacific_final.txt": 9,
                                "european_draft.txt": 10, "latin_american_draft.txt": 9, "western_asian_final.txt": 9}


def test_words_and_a_shared_ask_add_up_where_neither_links_alone() -> None:
    settings = load_settings()
    assert settings.combine == "sum"
    # Two unit vectors with cosine 0.08 (under link_threshold 0.12) and a shared ask scoring 0.9 (0.045 at 0.05).
    a, b = {"x": 1.0}, {"x": 0.08, "y": math.sqrt(1 - 0.08 ** 2)}
    weak_ask = {(0, 1): Shared(0.9, ("s",), ())}
    no_ask = {(0, 1): Shared(0.0, (), ())}
    assert _similarity([a, b], weak_ask, settings)(0, 1) >= 1.0
    assert _similarity([a, b], no_ask, settings)(1, 0) < 1.0
    # The design before 0.6 took the stronger signal: neither reaches its own threshold here.
    assert _similarity([a, b], weak_ask, replace(settings, combine="max", ask_threshold=1.0))(0, 1) < 1.0


def test_tenth_held_out_set_on_fraud_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout10/ and gold_heldout10.yaml (economic fraud, identity-related crime and money-laundering: the
    identity-theft offence, money mules, beneficial ownership, virtual asset providers, freezing accounts, returning
    assets to victims, SIM registration, scam compounds; an Asia-Pacific draft and its final, whose letters shift; a
    Western Asian draft lettered 6 (c)) were written and committed blind and scored once, on 0.6. Do not tune on this
    set or edit its gold."""
    store, precision, recall = _held_out(tmp_path, "heldout10")
    # Measured once: 13 pairs found, 9 right, 37 wanted (P 0.69 R 0.24); 0.5.4 on the same set, for the record: 37
    # found, 11 right (P 0.30 R 0.30).
    assert precision >= 0.65 and recall >= 0.20, (precision, recall)
    assert _per_file(store) == {"african_final.txt": 8, "asia_pacific_draft.txt": 10, "asia_pacific_final.txt": 10,
                                "european_draft.txt": 8, "latin_american_final.txt": 8, "western_asian_draft.txt": 8}


def test_eleventh_held_out_set_on_justice_for_children_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout11/ and gold_heldout11.yaml (justice for children: the age of criminal responsibility,
    diversion, detention as a last resort, juvenile courts, recorded testimony, legal aid, gang recruitment,
    children of imprisoned parents, age assessment; a Western Asian draft and its final, whose letters shift; an
    Asia-Pacific draft lettered 5 (c)) were written and committed blind and scored once, on 0.6. Do not tune on this
    set or edit its gold."""
    store, precision, recall = _held_out(tmp_path, "heldout11")
    # Measured once: 21 pairs found, 17 right, 39 wanted (P 0.81 R 0.44); 0.5.4 on the same set, for the record: 40
    # found, 16 right (P 0.40 R 0.41).
    assert precision >= 0.80 and recall >= 0.40, (precision, recall)
    members = {r["document_file"] for r in rows(store, "commitment_clusters")}
    assert "western_asian_draft.txt" not in members  # its final revised it


def test_twelfth_held_out_set_on_smuggling_of_migrants_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout12/ and gold_heldout12.yaml (smuggling of migrants: the offence, non-punishment of migrants,
    aggravating circumstances, rescue at sea, financial investigations, online advertising, fraudulent documents,
    corrupt border officials, guardians for children, joint investigations, deaths of migrants; an Asia-Pacific draft
    and its final, whose letters shift; a Western Asian draft lettered 7 (b)) were written and committed blind and
    scored once, on 0.6. Do not tune on this set or edit its gold."""
    store, precision, recall = _held_out(tmp_path, "heldout12")
    # Measured once: 17 pairs found, 17 right, 48 wanted (P 1.00 R 0.35); 0.5.4 on the same set, for the record: 35
    # found, 16 right (P 0.46 R 0.33). The precision floor is 0.95: one false pair is no regression.
    assert precision >= 0.95 and recall >= 0.35, (precision, recall)
    assert _per_file(store) == {"african_final.txt": 9, "asia_pacific_draft.txt": 9, "asia_pacific_final.txt": 9,
                                "european_draft.txt": 9, "latin_american_final.txt": 9, "western_asian_draft.txt": 9}


def test_thirteenth_held_out_set_on_cultural_property_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout13/ and gold_heldout13.yaml (trafficking in cultural property: inventories, export permits,
    dealers' due diligence, online marketplaces, specialized police, the stolen works database, restitution,
    offences, customs training, free ports, antiquities financing armed groups; an Asia-Pacific draft and its final,
    whose letters shift; an African draft lettered 4 (d)) were written and committed blind and scored once, on 0.6.
    Do not tune on this set or edit its gold."""
    store, precision, recall = _held_out(tmp_path, "heldout13")
    # Measured once: 16 pairs found, 14 right, 34 wanted (P 0.88 R 0.41); 0.5.4 on the same set, for the record: 36
    # found, 18 right (P 0.50 R 0.53).
    assert precision >= 0.85 and recall >= 0.40, (precision, recall)
    members = {r["document_file"] for r in rows(store, "commitment_clusters")}
    assert "asia_pacific_draft.txt" not in members  # its final revised it


def test_fourteenth_held_out_set_on_maritime_crime_keeps_the_figures_measured_once(tmp_path: Path) -> None:
    """reports_heldout14/ and gold_heldout14.yaml (maritime crime: piracy, transfer of suspects, port State
    measures, fisheries crime, forced labour at sea, beneficial owners of vessels, information-sharing centres,
    evidence at sea, container control, ship-to-ship transfers, oil discharges; an Asia-Pacific draft and its final,
    whose letters shift; a European draft lettered 5 (d); worded in the field's usual terms) were written and
    committed blind and scored once, on 0.6. Do not tune on this set or edit its gold."""
    store, precision, recall = _held_out(tmp_path, "heldout14")
    # Measured once: 33 pairs found, 28 right, 34 wanted (P 0.85 R 0.82); 0.5.4 on the same set, for the record: 56
    # found, 26 right (P 0.46 R 0.76).
    assert precision >= 0.80 and recall >= 0.80, (precision, recall)
    members = {r["document_file"] for r in rows(store, "commitment_clusters")}
    assert "asia_pacific_draft.txt" not in members  # its final revised it


def test_fifteenth_held_out_set_on_victims_and_restorative_justice_keeps_the_figures_measured_once(
        tmp_path: Path) -> None:
    """reports_heldout15/ and gold_heldout15.yaml (victims of crime and restorative justice: victims' rights laws,
    compensation, support services, information, secondary victimization, victims of terrorism, restorative justice
    frameworks, facilitators, children, referral, victimization surveys; an Asia-Pacific draft and its final, whose
    letters shift; a Western Asian draft lettered 3 (b); worded in the field's usual terms) were written and
    committed blind and scored once, on 0.6. Do not tune on this set or edit its gold."""
    store, precision, recall = _held_out(tmp_path, "heldout15")
    # Measured once: 28 pairs found, 23 right, 42 wanted (P 0.82 R 0.55); 0.5.4 on the same set, for the record: 36
    # found, 22 right (P 0.61 R 0.52).
    assert precision >= 0.80 and recall >= 0.50, (precision, recall)
    assert sum(_per_file(store).values()) == 55  # every report's recommendations read
