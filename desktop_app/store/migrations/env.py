"""Alembic environment: always run on the connection the store hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import desktop_app.store.models  # noqa: F401  (registers the tables)

config = context.config
connection = config.attributes.get("connection")
if (
    connection is None
):  # pragma: no cover - only for `alembic revision --autogenerate` by developers
    from sqlalchemy import create_engine

    url = config.get_main_option("sqlalchemy.url") or "sqlite:///migrations-dev.db"
    with create_engine(url).connect() as dev_connection:
        context.configure(
            connection=dev_connection,
            target_metadata=SQLModel.metadata,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
