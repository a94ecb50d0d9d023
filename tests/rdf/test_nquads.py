"""The N-Quads writer gives Oxigraph's bytes for every term, and what it writes reads back the same in both parsers."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.rdf.io import to_oxigraph, to_oxigraph_iri, to_oxigraph_node
from kg.rdf.nquads import NQuadsWriter, literal_text, text_lines

GRAPH = URIRef("https://w3id.org/congress-kg/id/graph/doc")
S, P = URIRef("https://w3id.org/congress-kg/id/state/ARG"), URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def oxigraph_line(s: object, p: object, o: object, g: object = GRAPH) -> str:
    return f"{ox.Quad(to_oxigraph_node(s), to_oxigraph_iri(p), to_oxigraph(o), to_oxigraph_iri(g))} .\n"


def test_every_code_point_is_written_as_oxigraph_writes_it() -> None:
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert literal_text(text) == str(ox.Literal(text))


@pytest.mark.parametrize("obj", [
    Literal("Argentina"), Literal("Argentine", lang="fr"), Literal("x", lang="en-US"), Literal("x", lang="EN"),
    Literal(42), Literal("2024-03-01", datatype=XSD.date), Literal("x", datatype=XSD.string), Literal(True),
    Literal(3.5), Literal("<b>", datatype=RDF.HTML), Literal('say "no"\\ \n\t\r'), Literal(""),
    URIRef("https://w3id.org/congress-kg/id/meeting/é-2024"), BNode("b0"),
])
def test_a_line_is_the_line_oxigraph_writes(obj: Literal | URIRef | BNode) -> None:
    assert NQuadsWriter().lines(GRAPH, [(S, P, obj)]) == [oxigraph_line(S, P, obj)]


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from([None, "en", "fr-CA", "zh-Hant-TW"]))
def test_any_text_gives_oxigraph_bytes_and_reads_back_in_both_parsers(text: str, language: str | None) -> None:
    obj = Literal(text, lang=language)
    (line,) = NQuadsWriter().lines(GRAPH, [(S, P, obj)])
    assert line == oxigraph_line(S, P, obj)
    (quad,) = ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    assert quad.object.value == text
    ds = Dataset()
    ds.parse(data=line, format="nquads")
    assert [str(o) for _s, _p, o, _g in ds.quads((None, None, None, None))] == [text]


@pytest.mark.parametrize("bad", [URIRef("urn:a b"), URIRef("no scheme"), URIRef('urn:a"b')])
def test_an_iri_oxigraph_refuses_is_refused(bad: URIRef) -> None:
    with pytest.raises(ValueError):
        NQuadsWriter().lines(GRAPH, [(bad, P, Literal("x"))])
    with pytest.raises(ValueError):
        NQuadsWriter().lines(GRAPH, [(S, P, bad)])


def test_a_bad_language_tag_or_a_literal_subject_is_refused() -> None:
    with pytest.raises(ValueError):
        NQuadsWriter().lines(GRAPH, [(S, P, Literal("x", lang="not a tag"))])
    with pytest.raises(TypeError):
        NQuadsWriter().lines(GRAPH, [(Literal("x"), P, S)])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab \n\r\u2028\u2029\x85\x1c\x0b\x0cé")), max_size=6))
def test_text_is_cut_into_the_lines_the_writer_wrote(texts: list[str]) -> None:
    lines = NQuadsWriter().lines(GRAPH, [(S, P, Literal(text)) for text in texts])
    assert text_lines("".join(lines)) == lines
    assert [quad.object.value for line in lines for quad in ox.parse(line.encode(), format=ox.RdfFormat.N_QUADS)
            ] == texts
