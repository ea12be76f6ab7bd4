"""The watch folder: files dropped into an inbox are read once, moved out, and their results kept current.

Below the flows (which run each batch) and above the run layer (the ledger):
the watcher decides which inbox entries are complete, gathers them into
batches, hands each batch to a callable the flows give it, and moves each
original out of the inbox only once its result or its quarantine note is on
disk.
"""
