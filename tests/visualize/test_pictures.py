"""SVG pictures: participation per meeting, instruments by meeting, and themes by meeting once themes exist."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.namespaces import CKG, DEFAULT_BASE
from kg.rdf.query import run_query
from kg.visualize.declarations import load
from kg.visualize.graph_to_networkx import to_networkx
from kg.visualize.pictures import all_pictures, instruments, participation, themes

SVG = "{http://www.w3.org/2000/svg}"
ID = Namespace(DEFAULT_BASE)


def cells(svg: str) -> dict[str, str]:
    """Hover title of each shaded cell -> its text ("Brazil · Item 5(a): 1 statement")."""
    root = ET.fromstring(svg)
    return {t.text.split(":")[0]: t.text for t in root.iter(SVG + "title") if t.text and " · " in t.text}


def test_participation_has_one_picture_per_meeting_with_every_statement(network, store):
    pictures = {p.file: p for p in participation(network, load())}
    meetings = run_query(store, "SELECT (COUNT(?m) AS ?n) WHERE { ?m a <https://w3id.org/congress-kg/ontology#Meeting> }")
    assert len(pictures) == int(meetings.values()[0]["n"])
    lac = pictures["participation-latin-america-and-caribbean-2025.svg"]
    table = cells(lac.svg)
    assert table["Brazil · Item 5(a)"].endswith(": 1 statement")
    assert table["Brazil · Item 4"].endswith(": 1 statement")
    statements = run_query(store, """PREFIX ckg: <https://w3id.org/congress-kg/ontology#>
        PREFIX meeting: <https://w3id.org/congress-kg/id/meeting/>
        SELECT (COUNT(?s) AS ?n) WHERE {
          ?s a ckg:Statement ; ckg:meeting meeting:latin-america-and-caribbean-2025 ; ckg:agendaItem ?i }""")
    total = sum(int(text.rsplit(": ", 1)[1].split()[0]) for text in table.values())
    assert total == int(statements.values()[0]["n"])


def test_instruments_by_meeting_count_mentions(union, network, store):
    ids = {d["iri"]: n for n, d in network.nodes(data=True)}
    [picture] = instruments(union, network, load(), ids)
    mentions = run_query(store, """PREFIX ckg: <https://w3id.org/congress-kg/ontology#>
        PREFIX meeting: <https://w3id.org/congress-kg/id/meeting/>
        PREFIX instrument: <https://w3id.org/congress-kg/id/instrument/>
        SELECT (COUNT(?m) AS ?n) WHERE {
          ?m a ckg:InstrumentMention ; ckg:instrument instrument:UNTOC ; ckg:inReport/ckg:reportsOn meeting:europe-2025 }""")
    assert cells(picture.svg)["UNTOC · Europe 2025"] == f"UNTOC · Europe 2025: {mentions.values()[0]['n']} mentions"


def test_no_themes_no_theme_picture_and_a_note(union, network):
    unthemed = Graph()
    for s, p, o in union:
        if (o, RDF.type, SKOS.Concept) not in union:  # drop every link to a theme or action type
            unthemed.add((s, p, o))
    pictures, notes = all_pictures(unthemed, network, load())
    assert not [p for p in pictures if p.file.startswith("themes-")]
    assert notes == ["No theme-by-meeting matrix: the graph holds no SKOS concepts linked from recommendations."]


def test_themes_linked_from_recommendations_make_a_matrix_per_scheme():
    g = Graph()
    meeting, scheme = ID["meeting/europe-2025"], URIRef("https://example.org/themes")
    g.add((meeting, RDF.type, CKG.Meeting))
    g.add((meeting, CKG.region, Literal("Europe")))
    g.add((meeting, URIRef("https://schema.org/startDate"), Literal("2025-03-25")))
    g.add((scheme, RDFS.label, Literal("crime themes")))
    for name in ("cybercrime", "corruption"):
        g.add((URIRef(f"https://example.org/{name}"), RDF.type, SKOS.Concept))
        g.add((URIRef(f"https://example.org/{name}"), SKOS.prefLabel, Literal(name)))
        g.add((URIRef(f"https://example.org/{name}"), SKOS.inScheme, scheme))
    for letter, theme in (("a", "cybercrime"), ("b", "cybercrime"), ("c", "corruption")):
        rec = ID[f"report/x/recommendation/5d/{letter}"]
        g.add((rec, RDF.type, CKG.Recommendation))
        g.add((rec, CKG.meeting, meeting))
        g.add((rec, URIRef("https://example.org/hasTheme"), URIRef(f"https://example.org/{theme}")))
    network = to_networkx(g, load(), DEFAULT_BASE)
    [picture] = themes(g, network, load(), {d["iri"]: n for n, d in network.nodes(data=True)})
    # a scheme viz.yaml does not name is titled by its label, its rows are "Concept"
    assert picture.file == "themes-themes.svg" and picture.title == "Recommendations by meeting: crime themes"
    assert heading(picture.svg) == "Concept"
    assert cells(picture.svg) == {"cybercrime · Europe 2025": "cybercrime · Europe 2025: 2 recommendations",
                                  "corruption · Europe 2025": "corruption · Europe 2025: 1 recommendation"}


def heading(svg: str) -> str:
    """The row heading: the bold text left of the grid, below the title."""
    bold = [t.text for t in ET.fromstring(svg).iter(SVG + "text") if t.get("font-weight") == "bold"]
    return bold[1]


def test_the_bundled_theme_and_action_pictures_say_what_their_rows_are(union, network):
    pictures = {p.file: p for p in all_pictures(union, network, load())[0] if p.file.startswith("themes-")}
    themes_, actions = pictures["themes-themes.svg"], pictures["themes-actions.svg"]
    assert themes_.title == "Recommendations by theme and meeting" and heading(themes_.svg) == "Theme"
    assert actions.title == "Recommendations by the action they ask for, and meeting"
    assert heading(actions.svg) == "Action asked for"
    for picture in pictures.values():
        assert ET.fromstring(picture.svg).find(SVG + "title").text == picture.title


def test_pictures_are_deterministic(union, network):
    first, _ = all_pictures(union, network, load())
    second, _ = all_pictures(union, network, load())
    assert [p.svg for p in first] == [p.svg for p in second]
