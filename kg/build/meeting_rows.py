"""Queries answered one meeting at a time, on that meeting's part of the graph with the reference graph, the rows
kept in the build's memo: a rebuild asks again only for the meetings whose reports changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox

from kg.build.assemble import CORPUS_PART, GraphParts
from kg.build.memo import Memo

# A query of one meeting's store: its rows, as JSON values (kg.build.meeting_rows.encode_terms for RDF terms).
MeetingQuery = Callable[[ox.Store], Any]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | None


class NotPerMeeting(ValueError):
    """A meeting's rows cannot stand for its share of the whole answer (they hold a blank node, whose label is the
    meeting's store's own): the caller asks the whole store instead."""


def encode_terms(rows: list[list[Term]]) -> list[list[list[str] | None]]:
    """Rows of terms as JSON: [iri], [value, datatype] or [value, "@" + language] (None unbound)."""
    encoded: list[list[list[str] | None]] = []
    for row in rows:
        out: list[list[str] | None] = []
        for term in row:
            if term is None:
                out.append(None)
            elif isinstance(term, ox.NamedNode):
                out.append([term.value])
            elif isinstance(term, ox.Literal):
                out.append([term.value, "@" + term.language if term.language else term.datatype.value])
            else:
                raise NotPerMeeting("a blank node in the rows")
        encoded.append(out)
    return encoded


def decode_terms(rows: list[list[list[str] | None]]) -> list[list[Term]]:
    """The terms :func:`encode_terms` wrote."""
    datatypes: dict[str, ox.NamedNode] = {}

    def term(value: list[str] | None) -> Term:
        if value is None:
            return None
        if len(value) == 1:
            return ox.NamedNode(value[0])
        text, kind = value
        if kind.startswith("@"):
            return ox.Literal(text, language=kind[1:])
        datatype = datatypes.get(kind) or datatypes.setdefault(kind, ox.NamedNode(kind))
        return ox.Literal(text, datatype=datatype)
    return [[term(value) for value in row] for row in rows]


def _triples(nquads: bytes) -> bytes:
    """N-Quads lines as N-Triples (their graph dropped): a meeting's store holds everything in its default graph,
    as the build's store holds the union of the graphs there."""
    return b"".join(line.rsplit(b" ", 2)[0] + b" .\n" for line in nquads.splitlines())


def _store(reference: bytes, part: bytes) -> ox.Store:
    store = ox.Store()
    store.bulk_load(reference + _triples(part), format=ox.RdfFormat.N_TRIPLES)
    return store


def answer_by_meeting(parts: GraphParts, memo: Memo | None, queries: Mapping[str, MeetingQuery]) -> dict[str, list[Any]]:
    """Step name -> each meeting's rows of that query (a list per meeting, in the parts' order), for every query of
    ``queries`` that answered every meeting; a query that raised NotPerMeeting for one is left out. The graph the
    corpus hooks derive (commitment clusters) is in no meeting's part and so in no answer."""
    reference = _triples("".join(parts.reference).encode("utf-8"))
    names = sorted(queries)
    # One entry per meeting holds every query's rows: an edit reads one file per meeting, not one per query.
    # The reference graph's lines come in no fixed order (the hooks' sets): hashed sorted, as Memo.key hashes.
    ordered = b"".join(sorted(reference.splitlines(keepends=True)))
    signature = hashlib.sha256(ordered + b"\0" + "\0".join(names).encode("utf-8")).hexdigest().encode("ascii")
    answers: dict[str, list[Any]] = {name: [] for name in names}
    failed: set[str] = set()
    for key in _meeting_keys(parts):
        data = parts.nquads(key)
        # Hashed as they come: a meeting's lines come in the order they were kept in (an unchanged report's from
        # the cache and memo), and sorting every meeting's lines took seconds of an edit rebuild at 100x.
        entry = memo.key("meeting-rows", signature, data, ordered=True) if memo is not None else ""
        found = memo.get(entry) if memo is not None else None
        rows: dict[str, Any] = json.loads(found) if found is not None else _ask(reference, data, queries)
        if memo is not None and found is None:
            memo.put(entry, json.dumps(rows, ensure_ascii=True, separators=(",", ":")).encode("ascii"))
        for name in names:
            if name not in rows:
                failed.add(name)
            elif name not in failed:
                answers[name].append(rows[name])
    return {name: found for name, found in answers.items() if name not in failed}


def _meeting_keys(parts: GraphParts) -> Iterator[str]:
    return (key for key in parts.keys() if key != CORPUS_PART)


def _ask(reference: bytes, data: bytes, queries: Mapping[str, MeetingQuery]) -> dict[str, Any]:
    store = _store(reference, data)
    rows: dict[str, Any] = {}
    for name, query in sorted(queries.items()):
        try:
            rows[name] = query(store)
        except NotPerMeeting:
            continue
    return rows
