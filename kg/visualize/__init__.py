"""Visualisation: the graph as offline network pages (pyvis), SVG pictures and an index, as viz.yaml declares."""
