"""Work for the ledger's multi-process tests: module-level functions, so spawned processes can import them."""

from __future__ import annotations

import time
from pathlib import Path


def claim_all(url: str, hashes: list[str], start_at: float) -> list[str]:
    """Open the ledger, wait for the common start, claim every hash; the ones this process won."""
    from pipeline.run.ledger import Ledger

    ledger = Ledger.open(url=url)
    time.sleep(max(0.0, start_at - time.time()))
    won = [sha for sha in hashes if ledger.claim(sha, f"{sha[:8]}.pdf", f"/inbox/{sha[:8]}.pdf")]
    ledger.close()
    return won


def open_at(folder: str, start_at: float) -> dict[str, int]:
    """Open a new ledger in `folder` at the common start (two processes do it at once)."""
    time.sleep(max(0.0, start_at - time.time()))
    from pipeline.run.ledger import Ledger

    ledger = Ledger.open(Path(folder))
    counts = ledger.counts()
    ledger.close()
    return counts
