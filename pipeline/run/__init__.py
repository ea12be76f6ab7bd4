"""Running documents: one document's unit of work, the ledger, the batch's inputs and summaries."""
