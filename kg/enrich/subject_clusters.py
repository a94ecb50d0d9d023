"""Clusters per shared subject: the recommendations of different meetings whose asks make one ask on one subject."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kg.enrich.asks import Ask, same_object
from kg.enrich.clustering import Commitment, Settings
from kg.enrich.subjects import Vocabulary


@dataclass(frozen=True)
class SubjectGroup:
    """Commitments (indexes, sorted) whose asks share ``subjects`` two by two, with the verbs of those asks."""

    subjects: tuple[str, ...]
    members: tuple[int, ...]
    verbs: tuple[str, ...]


def compatible(a: str, b: str, settings: Settings) -> bool:
    """Two action types make one ask when they are the same, one is unknown, or a group of
    ``compatible_actions`` holds both."""
    if not a or not b or a == b:
        return True
    return any(a in group and b in group for group in settings.compatible_actions)


def _keys(x: Ask, y: Ask, vocabulary: Vocabulary, settings: Settings) -> set[str]:
    """The subjects two asks share that may key a cluster: those both name that are no measure, principle or actor;
    with ``settings.broader_siblings``, when they share none, the broader subjects of what each names."""
    direct = set((x.subjects & y.subjects) - vocabulary.side)
    if direct or not settings.broader_siblings:
        return direct
    return set((x.expanded & y.expanded) - x.subjects - y.subjects - vocabulary.side)


def subject_groups(commitments: Sequence[Commitment], weight: Callable[[str], float], vocabulary: Vocabulary,
                   settings: Settings) -> list[SubjectGroup]:
    """One group per subject that asks of two meetings or more share (pairs of asks whose shared subjects weigh
    ``ask_threshold`` together, of compatible actions), kept dense (``min_links``); groups whose members are nearly
    the same (``merge_overlap``, Jaccard) are one. Sorted by members then subjects."""
    members: defaultdict[str, set[int]] = defaultdict(set)
    linked: defaultdict[str, set[tuple[int, int]]] = defaultdict(set)
    verbs: defaultdict[str, set[str]] = defaultdict(set)
    for i, a in enumerate(commitments):
        for j in range(i + 1, len(commitments)):
            b = commitments[j]
            if a.meeting == b.meeting:
                continue
            for x in a.asks:
                for y in b.asks:
                    keys = _keys(x, y, vocabulary, settings)
                    if not keys or not compatible(x.action, y.action, settings):
                        continue
                    if "groups" in settings.object_in and not same_object(x, y, vocabulary,
                                                                            settings.same_object):
                        continue
                    if math.fsum(weight(k) for k in x.expanded & y.expanded) < settings.ask_threshold:
                        continue
                    for key in keys:
                        members[key].update((i, j))
                        linked[key].add((i, j))
                        verbs[key].update(v.casefold() for v in (x.verb, y.verb) if v)
    for key in members:
        members[key] = _dense(members[key], linked[key], commitments, settings.min_links)
    groups: list[tuple[set[str], set[int], set[str]]] = []
    spanning = [k for k in members if len({commitments[i].meeting for i in members[k]}) >= 2]
    for key in sorted(spanning, key=lambda k: (-len(members[k]), -weight(k), k)):
        for subjects, found, said in groups:
            if len(found & members[key]) / len(found | members[key]) >= settings.merge_overlap:
                subjects.add(key)
                found |= members[key]
                said |= verbs[key]
                break
        else:
            groups.append(({key}, set(members[key]), set(verbs[key])))
    out = [SubjectGroup(tuple(sorted(s, key=lambda k: (-weight(k), k))), tuple(sorted(m)), tuple(sorted(v)))
           for s, m, v in groups]
    return sorted(out, key=lambda g: (g.members, g.subjects))


def _dense(members: set[int], linked: set[tuple[int, int]], commitments: Sequence[Commitment],
           share: float) -> set[int]:
    """The members, less (one at a time, the weakest first) those linked to fewer than ``share`` of the members of
    the other meetings: a chain through one shared subject is no common ask."""
    members = set(members)
    while members:
        def strength(i: int) -> float:
            others = [j for j in members if commitments[j].meeting != commitments[i].meeting]
            ties = sum(1 for j in others if (min(i, j), max(i, j)) in linked)
            return ties / len(others) if others else 0.0
        weakest = min(sorted(members), key=strength)
        if strength(weakest) >= share:
            break
        members.discard(weakest)
    return members


def by_subject(commitments: Sequence[Commitment], weight: Callable[[str], float], vocabulary: Vocabulary,
               settings: Settings, linkage: list[list[int]]) -> list[tuple[list[int], list[str], str]]:
    """The subject groups as (members, the names of their subjects, label), less those whose members a group of
    ``linkage`` nearly has (merge_overlap). The label is the shared ask: the subject and the verbs that ask it."""
    out: list[tuple[list[int], list[str], str]] = []
    kept = [set(g) for g in linkage]
    for group in subject_groups(commitments, weight, vocabulary, settings):
        members = set(group.members)
        if any(len(members & g) / len(members | g) >= settings.merge_overlap for g in kept):
            continue
        kept.append(members)
        names = [vocabulary.names[key] for key in group.subjects]
        label = f"{names[0]}: {', '.join(group.verbs)}" if group.verbs else names[0]
        out.append((list(group.members), names[:3], label))
    return out
