"""The build: the steps over a set of files (pipeline), the per-document graphs assembled on disk, the cache,
the outputs written atomically, and the update of an existing build."""
