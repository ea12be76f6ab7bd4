"""Field extractors: one module per family of fields, on a shared grammar and spaCy pipeline."""
