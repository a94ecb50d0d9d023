"""Average linkage over cross-meeting pairs, and the feature vectors it compares."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg.enrich.clustering import (
    SETTINGS_FILE,
    Commitment,
    Frequencies,
    average_linkage,
    cosine,
    load_settings,
    vector,
)


def test_only_pairs_from_different_meetings_link() -> None:
    same = {"x": 1.0}
    # 0 and 1 are one meeting: alike, yet nothing links them; 2 (another meeting) joins both
    assert average_linkage(["m1", "m1", "m2"], [same, same, same], 0.5) == [[0, 1, 2]]
    assert average_linkage(["m1", "m1"], [same, same], 0.5) == [[0], [1]]


def test_groups_merge_while_their_mean_similarity_holds() -> None:
    a, b, c = {"x": 1.0}, {"x": 0.8, "y": 0.6}, {"y": 1.0}
    assert cosine(a, b) == 0.8 and cosine(a, c) == 0.0
    assert average_linkage(["m1", "m2", "m3"], [a, b, c], 0.5) == [[0, 1], [2]]
    assert average_linkage(["m1", "m2", "m3"], [a, b, c], 0.3) == [[0, 1, 2]]  # c to {a, b}: (0 + 0.6) / 2


def test_vectors_weigh_rare_features_and_the_graphs_evidence() -> None:
    settings = load_settings()
    freq = Frequencies()
    for text in ["crime and extradition", "crime prevention", "crime statistics", "victims"]:
        freq.add_text(text)
    rec = Commitment("urn:r", "m1", "Extradition of crime suspects", themes=frozenset({"urn:theme"}),
                     action="urn:action")
    features = rec.features()
    assert features["theme:urn:theme"] == 1 and features["action:urn:action"] == 1
    vec = vector(features, freq, settings)
    assert vec[next(k for k in features if k.startswith("extradit"))] > vec["crime"] > 0
    assert abs(sum(w * w for w in vec.values()) - 1) < 1e-9
    assert vector(Counter(), freq, settings) == {}


def test_settings_name_the_file_when_the_signals_cannot_combine(tmp_path: Path) -> None:
    text = SETTINGS_FILE.read_text(encoding="utf-8").replace("combine: sum", "combine: average")
    bad = tmp_path / "clusters.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"clusters\.yaml: combine must be 'sum' or 'max', not 'average'"):
        load_settings(bad)
    assert load_settings().combine == "sum"
