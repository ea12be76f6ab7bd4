"""The plain-Python engine, in sub-packages in the order data flows through them.

`text` (normalization, reading order, document structure) <- `ocr` (page
images to words) <- `ingest` (files to pages) <- the extractors (top-level
`extractors` package) <- `run` (one document, the ledger, batch summaries)
and `reconcile` (reports against their plan) <- `report` (what a
reconciliation is written as) <- the Prefect flows (top-level `flows`) <-
`cli`. Nothing imports upward; `lint-imports` checks it (pyproject.toml).
Each stage is a function from model to model and runs without Prefect.
"""
