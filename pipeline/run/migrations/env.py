"""Alembic environment for the ledger: migrations run on the connection `Ledger.open` hands over.

The ledger applies its migrations itself when it opens a database (no
`alembic.ini` to install or find), inside the transaction that holds the
migration lock, so two processes opening a new ledger at once never both
create the tables.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
