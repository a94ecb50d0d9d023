"""The ontology published beside the data: ontology.html generated from ontology/congress-kg.ttl, and the files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.namespaces import CKG, ONTOLOGY_FILE, ONTOLOGY_IRI, PREFIXES, SHAPES_FILE

if TYPE_CHECKING:
    from kg.build.context import BuildContext

PAGE_FILE = "ontology.html"
PAGE_STEP = "ontology-page"  # the memo's step of the page
READS_RDFLIB = False  # the export reads ctx.quads or ctx.query_store only (kg.build.steps.EXPORTERS)

# Sections of the page: which owl type each lists.
SECTIONS: tuple[tuple[str, str, URIRef], ...] = (
    ("classes", "Classes", OWL.Class),
    ("object-properties", "Object properties", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", OWL.DatatypeProperty),
    ("annotation-properties", "Annotation properties", OWL.AnnotationProperty),
)
# Rows of a term's table: heading -> predicate (forward) whose values are listed.
FIELDS: tuple[tuple[str, URIRef], ...] = (
    ("Subclass of", RDFS.subClassOf),
    ("Subproperty of", RDFS.subPropertyOf),
    ("Disjoint with", OWL.disjointWith),
    ("Domain", RDFS.domain),
    ("Range", RDFS.range),
    ("See also", RDFS.seeAlso),
)

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
section.term { border: 1px solid #ddd; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
section.term h3 { margin: 0.3rem 0; } code { background: #f4f4f4; padding: 0 0.2rem; }
table { border-collapse: collapse; } th { text-align: left; vertical-align: top; padding-right: 1rem; }
td, th { padding: 0.15rem 0.5rem 0.15rem 0; } nav ul { columns: 3; } .kind { color: #666; font-size: 0.85rem; }
td { overflow-wrap: anywhere; } @media (max-width: 600px) { body { margin: 1rem auto; } nav ul { columns: 2; } }
"""


@dataclass(frozen=True)
class Term:
    """One class or property of the ontology as the page shows it."""

    iri: URIRef
    kind: str
    label: str
    definition: str

    @property
    def anchor(self) -> str:
        return local_name(self.iri)


def local_name(iri: URIRef) -> str:
    text = str(iri)
    return text.split("#")[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


def curie(iri: URIRef) -> str:
    text = str(iri)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def _literal(g: Graph, s: Node, p: URIRef) -> str:
    values = sorted(str(o) for o in g.objects(s, p) if isinstance(o, Literal))
    return values[0] if values else ""


def terms(g: Graph) -> dict[str, list[Term]]:
    """The ontology's own terms (ckg:), per section id, sorted by label."""
    own = str(CKG._NS)
    out: dict[str, list[Term]] = {}
    for section, _title, owl_type in SECTIONS:
        found = [s for s in set(g.subjects(RDF.type, owl_type)) if isinstance(s, URIRef) and str(s).startswith(own)]
        out[section] = [Term(s, curie(owl_type), _literal(g, s, RDFS.label), _literal(g, s, SKOS.definition))
                        for s in sorted(found, key=lambda t: ((_literal(g, t, RDFS.label) or local_name(t)).lower(), str(t)))]
    return out


def _link(iri: URIRef, own: set[URIRef]) -> str:
    if iri in own:
        return f'<a href="#{escape(local_name(iri))}"><code>{escape(curie(iri))}</code></a>'
    return f'<a href="{escape(str(iri))}"><code>{escape(curie(iri))}</code></a>'


def _value(g: Graph, node: Node, own: set[URIRef]) -> str:
    """An IRI as a link; a union or intersection of classes or datatypes as 'A or B' in list order."""
    if isinstance(node, URIRef):
        return _link(node, own)
    if isinstance(node, BNode):
        for predicate, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            members = g.value(node, predicate)
            if members is not None:
                return word.join(_value(g, m, own) for m in Collection(g, members))
    return escape(str(node))


def _disjoint_groups(g: Graph, iri: URIRef) -> Iterable[URIRef]:
    for group in g.subjects(RDF.type, OWL.AllDisjointClasses):
        head = g.value(group, OWL.members)
        members = list(Collection(g, head)) if head is not None else []
        if iri in members:
            yield from (m for m in members if m != iri and isinstance(m, URIRef))


def _term_html(g: Graph, term: Term, own: set[URIRef]) -> str:
    rows = [f"<tr><th>IRI</th><td><code>{escape(str(term.iri))}</code></td></tr>"]
    for heading, predicate in FIELDS:
        values = list(g.objects(term.iri, predicate))
        if predicate == OWL.disjointWith:
            values += list(g.subjects(OWL.disjointWith, term.iri)) + list(_disjoint_groups(g, term.iri))
        shown = sorted({_value(g, v, own) for v in values})
        if shown:
            rows.append(f"<tr><th>{heading}</th><td>{', '.join(shown)}</td></tr>")
    return (f'<section class="term" id="{escape(term.anchor)}">\n'
            f'<h3>{escape(term.label or term.anchor)} <span class="kind">{escape(term.kind)}</span></h3>\n'
            f'<p class="definition">{escape(term.definition)}</p>\n'
            f'<table>\n{chr(10).join(rows)}\n</table>\n</section>')


def render(g: Graph) -> str:
    """The whole page: metadata, contents, one section per kind of term, namespaces."""
    listed = terms(g)
    own = {t.iri for section in listed.values() for t in section}
    title = _literal(g, ONTOLOGY_IRI, DCTERMS.title) or _literal(g, ONTOLOGY_IRI, RDFS.label)
    meta = [("Ontology IRI", f"<code>{escape(str(ONTOLOGY_IRI))}</code>")]
    for heading, predicate in (("Version IRI", OWL.versionIRI), ("Version", OWL.versionInfo),
                               ("Licence", DCTERMS.license), ("Creator", DCTERMS.creator)):
        for value in sorted(g.objects(ONTOLOGY_IRI, predicate), key=str):
            shown = _link(value, own) if isinstance(value, URIRef) else escape(str(value))
            meta.append((heading, shown))
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
        '<nav><a href="index.html">&larr; Index</a></nav>',  # the page sits beside index.html
        f"<h1>{escape(title)}</h1>",
        f"<p>{escape(_literal(g, ONTOLOGY_IRI, SKOS.definition))}</p>",
        f"<p>{escape(_literal(g, ONTOLOGY_IRI, DCTERMS.description))}</p>",
        '<table id="metadata">', *(f"<tr><th>{h}</th><td>{v}</td></tr>" for h, v in meta), "</table>",
        '<nav id="contents"><h2>Contents</h2>',
    ]
    for section, heading, _owl_type in SECTIONS:
        if listed[section]:
            parts.append(f'<h3><a href="#{section}">{heading}</a></h3><ul>')
            parts += [f'<li><a href="#{escape(t.anchor)}">{escape(t.label or t.anchor)}</a></li>'
                      for t in listed[section]]
            parts.append("</ul>")
    parts.append("</nav>")
    for section, heading, _owl_type in SECTIONS:
        if listed[section]:
            parts.append(f'<h2 id="{section}">{heading}</h2>')
            parts += [_term_html(g, t, own) for t in listed[section]]
    parts.append('<h2 id="namespaces">Namespaces</h2><table>')
    parts += [f"<tr><th>{escape(p)}</th><td><code>{escape(ns)}</code></td></tr>" for p, ns in sorted(PREFIXES.items())]
    parts += ["</table>", "</body>", "</html>", ""]
    return "\n".join(parts)


def ontology_page() -> bytes:
    """ontology.html for ontology/congress-kg.ttl: it depends on that file alone, so the same file gives the same page."""
    return render(Graph().parse(ONTOLOGY_FILE, format="turtle")).encode("utf-8")


def export(ds: Dataset | None, ctx: BuildContext | None = None) -> dict[str, bytes]:
    """Build step (pipeline EXPORTERS): the ontology page and the ontology and shapes files it documents; the
    page from the build's memo when an earlier build made it of the same ontology (parsing and rendering it took
    0.19 s of every edit rebuild at 100x)."""
    ontology = ONTOLOGY_FILE.read_bytes()
    memo = ctx.memo if ctx is not None else None
    page = ontology_page() if memo is None else memo.made(memo.key(PAGE_STEP, ontology, ordered=True), ontology_page)
    return {
        PAGE_FILE: page,
        "ontology.ttl": ontology,
        "shapes.ttl": SHAPES_FILE.read_bytes(),
    }
