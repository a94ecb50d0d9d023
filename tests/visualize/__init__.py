"""Tests of kg/visualize: declarations, networkx views, pages, pictures, index, exporter and command."""
