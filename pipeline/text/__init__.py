"""Text and document structure: normalization, reading order, the document's text and its Decree 30 parts.

The lowest layer of the engine: it knows the page model and the Vietnamese
language, nothing about files, OCR or extraction.
"""
