"""Queries answered one meeting at a time, on that meeting's part of the graph (with the corpus hooks' links to its
entities) and the reference graph, the rows kept in the build's memo: a rebuild asks again only for the meetings
whose reports (or whose recommendations' clusters) changed."""

from __future__ import annotations

import hashlib
import json
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import Any

import pyoxigraph as ox

from kg.build.assemble import CORPUS_PART, GraphParts
from kg.build.memo import Memo
from kg.build.processes import made_in_processes

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


def _answers(queries: Mapping[str, MeetingQuery], names: list[str], reference: bytes, parts: GraphParts, key: str,
             linked: bytes) -> bytes:
    """The rows of the queries ``names`` on the store of the part ``key`` (with ``linked``, the corpus hooks' lines
    that point into it), each as the JSON text :class:`MeetingAnswers` keeps, pickled together."""
    store = _store(reference, parts.nquads(key) + linked)
    found = []
    for name in names:
        try:
            rows = queries[name](store)
        except NotPerMeeting:
            rows = None  # kept as null: rows() then answers None for this query
        # Keys sorted, as the rows are (_terms_of): the same answer is the same bytes, so that
        # :meth:`MeetingAnswers.digest` sees no change where there is none.
        found.append(json.dumps(rows, ensure_ascii=True, separators=(",", ":"), sort_keys=True).encode())
    return pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)


_NULL = hashlib.sha256(b"null").digest()  # the checksum of a query's entry for a meeting it cannot be asked of


class MeetingAnswers:
    """Each meeting's rows of every query of ``queries``, made once per meeting whose part changed and kept in the
    memo, one entry per meeting and query; :meth:`rows` reads one query's at a time, so the build never holds every
    query's rows at once (at 1000x they are gigabytes). Without a memo they are held in memory. Of what the corpus
    hooks derive (commitment clusters), a meeting's store holds the clusters that point to its entities (through a
    member, or a meeting they span), each whole."""

    def __init__(self, parts: GraphParts, memo: Memo | None, queries: Mapping[str, MeetingQuery], jobs: int = 1
                 ) -> None:
        self.memo = memo
        self.names = sorted(queries)
        self.held: dict[tuple[str, str], bytes] = {}  # (meeting entry, query) -> rows, when there is no memo
        reference = _triples("".join(parts.reference).encode("utf-8"))
        # The reference graph's lines come in no fixed order (the hooks' sets): hashed sorted, as Memo.key hashes.
        ordered = b"".join(sorted(reference.splitlines(keepends=True)))
        signature = hashlib.sha256(ordered + b"\0" + "\0".join(self.names).encode("utf-8")).hexdigest()
        self.meetings: list[str] = []
        links = _corpus_links(parts)
        pending: list[tuple[str, list[str]]] = []  # (meeting, the queries it lacks)
        makers: list[Callable[[], bytes]] = []
        for key in _meeting_keys(parts):
            # What stands for the part's lines (GraphParts.digest: an unchanged part's is the same without reading
            # it), with the corpus hooks' lines that point into it.
            part = parts.digest(key)
            linked = _links_to(self._subjects(key, part, parts), links)
            meeting = hashlib.sha256(signature.encode("ascii") + b"\0" + part + linked).hexdigest()
            self.meetings.append(meeting)
            missing = [name for name in self.names if not self._has(meeting, name)]
            if missing:
                pending.append((meeting, missing))
                makers.append(partial(_answers, queries, missing, reference, parts, key, linked))
        # Each meeting's store and queries in one of the build's processes (kg.build.processes), in order.
        for (meeting, missing), made in zip(pending, made_in_processes(makers, jobs)):
            for name, data in zip(missing, pickle.loads(made)):
                self._put(meeting, name, data)

    def _subjects(self, key: str, part: bytes, parts: GraphParts) -> set[bytes]:
        """The subjects of the part ``key``'s lines, kept in the memo under what stands for them (``part``)."""
        def subjects() -> bytes:
            return b"\n".join(sorted({line[:line.index(b" ")] for line in parts.nquads(key).splitlines() if line}))
        if self.memo is None:
            return set(subjects().split(b"\n"))
        return set(self.memo.made(self.memo.key("part-subjects", part, ordered=True), subjects).split(b"\n"))

    def _entry(self, meeting: str, name: str) -> str:
        assert self.memo is not None
        return self.memo.key(f"meeting-rows:{name}", meeting.encode("ascii"), ordered=True)

    def _has(self, meeting: str, name: str) -> bool:
        if self.memo is None:
            return (meeting, name) in self.held
        # rows() reads the entry later, and answers from the whole store if it is damaged
        return self.memo.has(self._entry(meeting, name))

    def _put(self, meeting: str, name: str, data: bytes) -> None:
        if self.memo is None:
            self.held[(meeting, name)] = data
        else:
            self.memo.put(self._entry(meeting, name), data)

    def rows(self, name: str) -> list[Any] | None:
        """Each meeting's rows of the query ``name`` (a list per meeting, in the parts' order); None when the query
        is not one of them or could not be answered for one meeting (NotPerMeeting)."""
        if name not in self.names:
            return None
        found = []
        for meeting in self.meetings:
            data = self.held.get((meeting, name)) if self.memo is None else self.memo.peek(self._entry(meeting, name))
            if data is None:  # an entry deleted since the build began: answer from the whole store
                return None
            rows = json.loads(data)
            if rows is None:
                return None
            found.append(rows)
        return found


    def digest(self, names: Iterable[str]) -> str | None:
        """A hash of every meeting's rows of the queries ``names``: what they hold, whichever meetings' parts they
        were made from (the memo's checksums of them, not read whole); None when one of them is not answered
        meeting by meeting (see :meth:`rows`)."""
        digest = hashlib.sha256()
        for name in names:
            if name not in self.names:
                return None
            for meeting in self.meetings:
                if self.memo is None:
                    data = self.held.get((meeting, name))
                    checksum = hashlib.sha256(data).digest() if data is not None else None
                else:
                    checksum = self.memo.checksum(self._entry(meeting, name))
                if checksum is None or checksum == _NULL:
                    return None
                digest.update(checksum)
        return digest.hexdigest()


def _corpus_links(parts: GraphParts) -> tuple[dict[bytes, set[bytes]], dict[bytes, list[bytes]]]:
    """What the corpus hooks derived (commitment clusters): by IRI, the subjects whose lines point to it (a
    cluster, from its members and the meetings it spans); by subject, its lines."""
    pointing: dict[bytes, set[bytes]] = defaultdict(set)
    lines: dict[bytes, list[bytes]] = defaultdict(list)
    for line in parts.nquads(CORPUS_PART).splitlines(keepends=True):
        subject, _predicate, rest = line.split(b" ", 2)
        lines[subject].append(line)
        if rest.startswith(b"<"):
            pointing[rest[:rest.index(b">") + 1]].add(subject)
    return pointing, lines


def _links_to(subjects: set[bytes], links: tuple[dict[bytes, set[bytes]], dict[bytes, list[bytes]]]) -> bytes:
    """The lines of the corpus hooks' subjects that point to an entity of a meeting's part (one of its
    ``subjects``), whole and sorted: the clusters its recommendations are in, with their labels, scores and every
    meeting they span, so that "in no cluster" and a cluster's own columns can be asked of one meeting. They
    change only when those clusters do."""
    pointing, lines = links
    linked = {found for subject in subjects for found in pointing.get(subject, ())}
    return b"".join(sorted(line for subject in linked for line in lines[subject]))


def _meeting_keys(parts: GraphParts) -> Iterator[str]:
    return (key for key in parts.keys() if key != CORPUS_PART)
