"""The one lock every pdfium call of a process holds.

pdfium is not thread-safe, not even across different documents: two calls at
once from two threads may crash or corrupt the process (pypdfium2's manual,
"Incompatibility with Threading"). vanban calls it from several threads of one
process: `vanban text A.pdf B.pdf` reads documents in threads that render
scanned pages, the flow process cuts evidence crops, and the review server
renders pages while a request recomputes a reconciliation. Each pdfium call
is short (a page count, one render), so one lock costs little, and re-entrant,
so a helper holding it may call another that takes it.
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()
