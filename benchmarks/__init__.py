"""Benchmark scripts: a synthetic corpus generator and the benchmark runner (see BENCHMARKS.md)."""
