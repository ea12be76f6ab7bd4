"""The plain-Python engine: ingest, read, normalize, structure, extract, store, output.

Each stage is a function from model to model and runs without Prefect.
"""

PIPELINE_VERSION = "0.2.1"
