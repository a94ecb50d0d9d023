"""What one SPARQL query finds about every entity of some classes: each column's values, by the node they were
reached through (kg.publish.tables lays them out as rows)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import URIRef

from kg.namespaces import ACTOR_CLASSES
from kg.rdf.query import select

Row = dict[str, str]
# actor_type is said in the reference data's words for the actor classes (Other for ckg:OtherActor).
_ACTOR_TYPES = {str(cls): name for name, cls in ACTOR_CLASSES.items()}


class Entity:
    """What a table's query found about one entity: column -> node -> values.

    The node is the entity a value was reached through (a source paragraph, a named instrument, a statement
    that counts), or "" for the entity's own values; a node with no value is still listed."""

    def __init__(self) -> None:
        self.columns: dict[str, dict[str, set[str]]] = {}
        self.counted: dict[str, int] = {}  # column -> how many nodes a count query found

    def add(self, column: str, node: str, value: str | None) -> None:
        values = self.columns.setdefault(column, {}).setdefault(node, set())
        if value is not None:
            values.add(value)

    def _values(self, column: str) -> set[str]:
        return set().union(*self.columns.get(column, {}).values())

    def one(self, column: str) -> str:
        """The smallest value, or ""."""
        return min(self._values(column), default="")

    def all(self, column: str) -> str:
        return ";".join(sorted(self._values(column)))

    def count(self, column: str) -> str:
        """How many nodes the column went through (a count query's number, when the column has one)."""
        return str(self.counted.get(column, len(self.columns.get(column, {}))))

    def each(self, column: str) -> dict[str, str]:
        """Node -> its smallest value, or "" when it has none."""
        return {node: min(values, default="") for node, values in self.columns.get(column, {}).items()}

    def flag(self, column: str) -> str:
        return "true" if self.one(column) == "true" else "false"

    def actor_type(self) -> str:
        """The name (ACTOR_CLASSES) of the smallest actor class among the values of "actor_type"."""
        return min((_ACTOR_TYPES[t] for t in self._values("actor_type") if t in _ACTOR_TYPES), default="")

    def sources(self) -> list[tuple[str, str]]:
        """(document_file, paragraph) for every paragraph or report the entity was derived from."""
        files, paragraphs = self.each("source_file"), self.each("paragraph")
        return sorted({(files.get(node, ""), paragraphs.get(node, "")) for node in files | paragraphs}) or [("", "")]


def entity_query(classes: Iterable[URIRef], values: dict[str, str], linked: Iterable[str] = ()) -> str:
    """A SELECT of ``?entity ?column ?node ?value``: every IRI of one of ``classes``, with the values each
    property path of ``values`` (column -> path) reaches from it, and what the ``linked`` patterns bind (each
    a ?column, the ?node it went through and maybe a ?value). All of it OPTIONAL, so an entity none of them
    matches still has its row."""
    branches = [f'{{ ?entity {path} ?value BIND("{column}" AS ?column) }}' for column, path in values.items()]
    branches += [f"{{ {pattern} }}" for pattern in linked]
    classes_list = " ".join(f"<{cls}>" for cls in classes)
    return (f"SELECT ?entity ?column ?node ?value WHERE {{\n"
            f"  {{ SELECT DISTINCT ?entity WHERE {{ VALUES ?class {{ {classes_list} }} ?entity a ?class "
            f"FILTER(isIRI(?entity)) }} }}\n"
            "  OPTIONAL {\n    " + "\n    UNION ".join(branches) + "\n  }\n}\n")


def count_query(pattern: str) -> str:
    """A SELECT of ``?entity ?count``: how many distinct ?node ``pattern`` links each ?entity to."""
    return f"SELECT ?entity (COUNT(DISTINCT ?node) AS ?count) WHERE {{ {pattern} }} GROUP BY ?entity\n"


def collect(store: ox.Store, query: str, counts: Mapping[str, str] | None = None) -> dict[str, Entity]:
    """Entity IRI -> what ``query`` (made by entity_query) found about it, read from the union of all documents;
    with the number each of ``counts`` (column -> count_query) gives it."""
    solutions = select(store, query)
    found: dict[str, Entity] = {}
    # Unpacked by position, which is cheaper than looking each variable up by name.
    for entity, column, node, value in solutions:
        row = found.setdefault(entity.value, Entity())
        if column is not None:
            row.add(column.value, "" if node is None else node.value, None if value is None else value.value)
    for column, counting in (counts or {}).items():
        for entity, number in select(store, counting):
            if (counted := found.get(entity.value)) is not None:
                counted.counted[column] = int(number.value)
    return found
