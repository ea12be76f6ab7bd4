"""Benchmarks: a generated corpus (``bench.corpus``) and the text-layer speed benchmark (``bench_textlayer``)."""
