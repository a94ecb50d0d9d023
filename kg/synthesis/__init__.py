"""The cross-regional synthesis: the points of the commitment clusters, as a page and as a DOCX to edit."""
