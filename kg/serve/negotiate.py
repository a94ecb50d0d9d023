"""Content negotiation: pick the pyoxigraph serialization a client asked for (Accept header or a format name)."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

RESULTS = ox.QueryResultsFormat
RDF = ox.RdfFormat

# What the endpoint offers, in the order it prefers when the client does not care: (media type, format).
# The first entry of each kind is the default; later ones are aliases clients commonly send.
SOLUTION_OFFERS: list[tuple[str, ox.QueryResultsFormat]] = [
    ("application/sparql-results+json", RESULTS.JSON),
    ("application/sparql-results+xml", RESULTS.XML),
    ("text/csv", RESULTS.CSV),
    ("text/tab-separated-values", RESULTS.TSV),
    ("application/json", RESULTS.JSON),
    ("application/xml", RESULTS.XML),
    ("text/xml", RESULTS.XML),
]
GRAPH_OFFERS: list[tuple[str, ox.RdfFormat]] = [
    ("text/turtle", RDF.TURTLE),
    ("application/n-triples", RDF.N_TRIPLES),
    ("application/rdf+xml", RDF.RDF_XML),
    ("application/ld+json", RDF.JSON_LD),
    ("text/n3", RDF.N3),
    ("application/n-quads", RDF.N_QUADS),
    ("application/trig", RDF.TRIG),
    ("application/x-turtle", RDF.TURTLE),
    ("text/plain", RDF.N_TRIPLES),
    ("application/xml", RDF.RDF_XML),
    ("application/json", RDF.JSON_LD),
]

# Short names for the `format` (or `output`) parameter; a media type is accepted there too.
SOLUTION_NAMES = {"json": RESULTS.JSON, "srj": RESULTS.JSON, "xml": RESULTS.XML, "srx": RESULTS.XML,
                  "csv": RESULTS.CSV, "tsv": RESULTS.TSV}
GRAPH_NAMES = {"turtle": RDF.TURTLE, "ttl": RDF.TURTLE, "nt": RDF.N_TRIPLES, "ntriples": RDF.N_TRIPLES,
               "n-triples": RDF.N_TRIPLES, "rdfxml": RDF.RDF_XML, "rdf": RDF.RDF_XML, "xml": RDF.RDF_XML,
               "jsonld": RDF.JSON_LD, "json-ld": RDF.JSON_LD, "json": RDF.JSON_LD, "n3": RDF.N3,
               "nq": RDF.N_QUADS, "nquads": RDF.N_QUADS, "trig": RDF.TRIG}

Format = ox.QueryResultsFormat | ox.RdfFormat


class NotAcceptable(ValueError):
    """No format the client accepts (or named) fits the result of the query."""


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs, media parameters other than q dropped; malformed entries skipped."""
    out = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def _match(media_range: str, media: str) -> int:
    """How specifically ``media_range`` matches ``media``: 3 exact, 2 type/*, 1 */*, 0 not at all."""
    if media_range == media:
        return 3
    kind, _, sub = media_range.partition("/")
    if sub == "*" and (kind == "*" or kind == media.partition("/")[0]):
        return 1 if kind == "*" else 2
    return 0


def negotiate(accept: str | None, offers: Sequence[tuple[str, Format]]) -> tuple[str, Format]:
    """The offer the client prefers (highest q of its most specific matching range; ties go to the offer order).

    No Accept header, or an empty one, means the first offer.
    """
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for media, fmt in offers:
        specific, q = 0, 0.0
        for media_range, weight in ranges:
            level = _match(media_range, media)
            if level > specific:
                specific, q = level, weight
        if q > best_q:
            best, best_q = (media, fmt), q
    if best is None:
        raise NotAcceptable(f"none of the accepted types ({accept}) fits this result; "
                            f"offered: {', '.join(sorted({m for m, _ in offers}))}")
    return best


def by_name(name: str, graph: bool) -> Format:
    """The format a ``format=`` parameter names: a short name (json, xml, csv, tsv, ttl, nt, ...) or a media type."""
    key = name.strip().lower()
    names, offers = (GRAPH_NAMES, GRAPH_OFFERS) if graph else (SOLUTION_NAMES, SOLUTION_OFFERS)
    if key in names:
        return names[key]
    for media, fmt in offers:
        if media == key.split(";")[0].strip():
            return fmt
    kind = "CONSTRUCT/DESCRIBE" if graph else "SELECT/ASK"
    raise NotAcceptable(f"unknown format {name!r} for a {kind} result; use one of {', '.join(sorted(names))} "
                        "or a media type")


def wants_html(accept: str | None) -> bool:
    """Whether the client (a browser opening a URL) prefers an HTML page to any result format offered."""
    ranges = parse_accept(accept)
    html = max((q for media, q in ranges if media == "text/html"), default=0.0)
    offered = max((q for media, q in ranges for offer, _fmt in SOLUTION_OFFERS if media == offer), default=0.0)
    return html > 0 and html > offered


def content_type(media: str) -> str:
    """The Content-Type header for ``media`` (text types in UTF-8)."""
    if media.startswith("text/") and "charset" not in media:
        media += "; charset=utf-8"
    return media
