"""Running documents: one document's unit of work, the store of results, the batch's inputs and summaries."""
