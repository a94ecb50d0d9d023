"""Publishing: the exports beyond Turtle, TriG and N-Quads (JSON-LD, GraphML, CSV tables, VoID/DCAT, ontology page)."""
