"""`vanban status`: what a watch folder's ledger holds, for the person who looks after the service."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.run.ledger import STATUSES, Ledger

LAST_ERRORS = 5


def status_lines(ledger: Ledger, now: datetime | None = None) -> list[str]:
    """Counts per status, the oldest document still waiting, and the last errors with their reasons."""
    now = now or datetime.now(UTC)
    counts = ledger.counts()
    rows = ledger.documents()
    lines = [f"ledger: {ledger.url if '@' not in ledger.url else ledger.url.split('@')[-1]}",
             "documents: " + ", ".join(f"{status} {counts.get(status, 0)}" for status in STATUSES)]
    waiting = [r for r in rows if r.status in ("received", "processing", "failed")]
    if waiting:
        oldest = min(waiting, key=lambda r: r.arrived_at)
        minutes = (now - oldest.arrived_at).total_seconds() / 60
        lines.append(f"oldest waiting: {oldest.first_name} ({oldest.status}, arrived {oldest.arrived_at:%Y-%m-%d %H:%M} "
                     f"UTC, {minutes:.0f} min ago, {oldest.attempts} attempts)")
    else:
        lines.append("oldest waiting: none")
    errors = sorted((r for r in rows if r.error_kind), key=lambda r: r.updated_at, reverse=True)[:LAST_ERRORS]
    if errors:
        lines.append("last errors:")
        lines += [f"  {r.updated_at:%Y-%m-%d %H:%M} {r.first_name}: {r.status} ({r.error_kind}) {r.error_message}"
                  for r in errors]
    else:
        lines.append("last errors: none")
    return lines
