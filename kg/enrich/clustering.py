"""The same ask from several meetings: weighted feature vectors, their cosine, and average-linkage groups."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kg import DATA_DIR
from kg.enrich.asks import Ask
from kg.enrich.lexical import keys

SETTINGS_FILE = DATA_DIR / "clusters.yaml"
# Feature keys: a word or phrase is its stems; the graph's evidence is prefixed so it never meets a word.
THEME, INSTRUMENT, ACTION = "theme:", "instrument:", "action:"


@dataclass(frozen=True)
class Settings:
    """kg/data/clusters.yaml: the multiplier of each kind of feature, the linkage threshold, label and evidence size,
    how the word and shared-ask signals combine ("sum" or "max") and the grouping's options."""

    features: dict[str, float]
    link_threshold: float
    ask_threshold: float
    label_length: int
    evidence_terms: int
    linkage: bool = True
    by_subject: bool = False
    merge_overlap: float = 0.8
    broader_siblings: bool = False
    compatible_actions: tuple[frozenset[str], ...] = ()
    min_links: float = 0.0
    same_object: str = ""
    object_in: tuple[str, ...] = ()
    combine: str = "max"
    ask_weight: float = 0.0

    def multiplier(self, key: str) -> float:
        for prefix, kind in ((THEME, "theme"), (INSTRUMENT, "instrument"), (ACTION, "action")):
            if key.startswith(prefix):
                return self.features[kind]
        return self.features["phrase" if " " in key else "word"]


@lru_cache(maxsize=4)
def load_settings(path: Path = SETTINGS_FILE) -> Settings:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = raw.get("grouping", {})
    if raw.get("combine", "max") not in ("sum", "max"):
        raise ValueError(f"{path}: combine must be 'sum' or 'max', not {raw['combine']!r}")
    return Settings({k: float(v) for k, v in raw["features"].items()}, float(raw["link_threshold"]),
                    float(raw["ask_threshold"]), int(raw["label_length"]), int(raw["evidence_terms"]),
                    bool(groups.get("linkage", True)), bool(groups.get("by_subject", False)),
                    float(groups.get("merge_overlap", 0.8)), bool(groups.get("broader_siblings", False)),
                    tuple(frozenset(g) for g in groups.get("compatible_actions", [])),
                    float(groups.get("min_links", 0.0)), str(groups.get("same_object", "") or ""),
                    tuple(groups.get("object_in", [])), str(raw.get("combine", "max")),
                    float(raw.get("ask_weight", 0.0)))


@dataclass(frozen=True)
class Commitment:
    """One recommendation as the clustering sees it: its meeting, text and the graph's evidence about it."""

    iri: str
    meeting: str
    text: str
    themes: frozenset[str] = frozenset()
    instruments: frozenset[str] = frozenset()
    action: str = ""
    verb: str = ""
    asks: tuple[Ask, ...] = ()

    def features(self) -> Counter[str]:
        """Word and phrase keys with their counts, then the graph's evidence, once each."""
        found: Counter[str] = Counter(keys(self.text))
        found.update(THEME + t for t in self.themes)
        found.update(INSTRUMENT + i for i in self.instruments)
        if self.action:
            found[ACTION + self.action] += 1
        return found


class Frequencies:
    """In how many texts of the corpus each feature occurs, for its inverse document frequency."""

    def __init__(self) -> None:
        self.texts = 0
        self.counts: Counter[str] = Counter()

    def add_text(self, text: str) -> None:
        self.texts += 1
        self.counts.update(set(keys(text)))

    def add_features(self, features: Iterable[str]) -> None:
        self.texts += 1
        self.counts.update(set(features))

    def idf(self, key: str) -> float:
        return math.log((self.texts + 1) / (self.counts[key] + 1))


Vector = dict[str, float]


def vector(features: Counter[str], frequencies: Frequencies, settings: Settings) -> Vector:
    """(1 + log count) x idf x the kind's multiplier, scaled to length 1 (empty when nothing weighs)."""
    raw = {key: (1 + math.log(count)) * frequencies.idf(key) * settings.multiplier(key)
           for key, count in features.items()}
    raw = {key: weight for key, weight in raw.items() if weight > 0}
    norm = math.sqrt(math.fsum(w * w for w in raw.values()))
    return {key: w / norm for key, w in raw.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    if len(b) < len(a):
        a, b = b, a
    # fsum: exactly rounded, so the same whatever order the dicts hold their keys in (their order may follow
    # Python's string hashing, which changes from one run to the next, and a tie must not depend on it).
    return math.fsum(w * b.get(key, 0.0) for key, w in a.items())


@dataclass
class Group:
    """Indexes of commitments grouped so far."""

    members: list[int]
    meetings: set[str] = field(default_factory=set)


def average_linkage(meetings: Sequence[str], vectors: Sequence[Vector], threshold: float,
                    similarity: Callable[[int, int], float] | None = None) -> list[list[int]]:
    """Groups (lists of indexes, each sorted; sorted by first index) merged two at a time, the closest first, while
    the mean cosine over their cross-meeting pairs is at least ``threshold``; every index ends in one group.
    Ties go to the lowest indexes, so the outcome depends only on the input order. ``similarity`` (of two indexes)
    replaces the cosine of their vectors when given."""
    n = len(vectors)
    # Sum and count of the cross-meeting similarities between every two groups, by group id (its lowest index).
    sums: dict[int, dict[int, float]] = defaultdict(dict)
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for i in range(n):
        for j in range(i + 1, n):
            if meetings[i] != meetings[j]:
                value = similarity(i, j) if similarity else cosine(vectors[i], vectors[j])
                sums[i][j] = sums[j][i] = value
                counts[i][j] = counts[j][i] = 1
    groups = {i: [i] for i in range(n)}
    while True:
        best: tuple[float, int, int] | None = None
        for a in sorted(groups):
            for b, total in sums[a].items():
                if b <= a or b not in groups:
                    continue
                mean = total / counts[a][b]
                if mean >= threshold and (best is None or mean > best[0]):
                    best = (mean, a, b)
        if best is None:
            break
        _mean, a, b = best
        groups[a] = sorted(groups[a] + groups.pop(b))
        for c in list(sums[b]):
            if c == a:
                continue
            sums[a][c] = sums[c][a] = sums[a].get(c, 0.0) + sums[b][c]
            counts[a][c] = counts[c][a] = counts[a].get(c, 0) + counts[b][c]
            del sums[c][b], counts[c][b]
        sums[a].pop(b, None)
        counts[a].pop(b, None)
        del sums[b], counts[b]
    return sorted(groups.values())


def mean_similarity(members: Sequence[int], meetings: Sequence[str], vectors: Sequence[Vector]) -> float:
    """The mean cosine of the group's cross-meeting pairs (0 when it has none)."""
    scores = [cosine(vectors[i], vectors[j]) for k, i in enumerate(members) for j in members[k + 1:]
              if meetings[i] != meetings[j]]
    return math.fsum(scores) / len(scores) if scores else 0.0
