"""Prefect flows: thin wrappers over `pipeline` functions, no business logic."""
