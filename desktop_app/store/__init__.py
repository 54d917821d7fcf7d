"""Persistence: SQLModel tables, the database factory, migrations and repositories."""
