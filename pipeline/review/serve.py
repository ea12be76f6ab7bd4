"""`vanban review`: the review application served by uvicorn, after the safety checks."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.review.security import ConfigError, Security, load_users
from pipeline.run.ledger import DB_ENV, Ledger


def serve(out: Path | None, db: str | None, host: str, port: int, users_file: Path | None) -> None:
    """Check the configuration (ConfigError says what is missing), open the ledger, serve until Ctrl-C."""
    security = Security.for_server(host, port, load_users(users_file))
    if out is None and db is None and not os.environ.get(DB_ENV):
        raise ConfigError(f"say which ledger to review: --out DIR (the folder `vanban run` wrote), --db URL or {DB_ENV}")
    if out is not None and db is None and not (out / "vanban.db").is_file() and not os.environ.get(DB_ENV):
        raise ConfigError(f"{out}: no ledger here (vanban.db); run `vanban run ... --out {out}` first")
    import uvicorn

    from pipeline.review.app import create_app

    ledger = Ledger.open(out, db)
    app = create_app(ledger, security, out_dir=out)
    print(f"vanban review on http://{host if ':' not in host else f'[{host}]'}:{port}/ "
          f"(reviewer: {'login' if security.users else security.local_user}); Ctrl-C to stop", flush=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False, server_header=False)
    finally:
        ledger.close()
