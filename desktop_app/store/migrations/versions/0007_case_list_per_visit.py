"""a visit's imported case list as one row, column by column

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

Issue 17: a case list stored as one ``visit_case`` row per case cost more to insert than to read
the file twice over. The list is now one ``visit_case_list`` row a visit (see
``desktop_app.store.repositories.case_lists`` for the format: the cases column by column as
zlib-compressed JSON). Existing lists (``visit_case`` rows with ``source = 'case_list'``) move
there, in their imported order, and their rows are deleted; the audit list stays as it is.
The format is written out here, not imported, so that this migration keeps meaning what it
meant when later versions change the module.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _pack(numbers: list[int], values: list[list[str]]) -> bytes:
    text = json.dumps(
        {"numbers": numbers, "values": values}, ensure_ascii=False, separators=(",", ":")
    )
    return zlib.compress(text.encode("utf-8"), 1)


def _unpack(cases: bytes) -> list[list[str]]:
    """The columns of a stored list, in either of the module's two forms (JSON, or the texts
    joined by U+001F within a column and U+001E between the row numbers and the columns)."""
    text = zlib.decompress(cases).decode("utf-8")
    if text.startswith("{"):
        return list(json.loads(text)["values"])
    return [column.split("\x1f") for column in text.split("\x1e")[1:]]


def _move_lists_out(connection: Any) -> None:
    """Each visit's ``case_list`` rows become its ``visit_case_list`` row."""
    visits = [
        row[0]
        for row in connection.execute(
            sa.text("SELECT DISTINCT visit_id FROM visit_case WHERE source = 'case_list'")
        )
    ]
    for visit_id in visits:
        rows = connection.execute(
            sa.text(
                "SELECT case_reference, fields, added_at FROM visit_case "
                "WHERE visit_id = :visit AND source = 'case_list' ORDER BY id"
            ),
            {"visit": visit_id},
        ).all()
        fields = [json.loads(row[1] or "{}") for row in rows]
        first = fields[0]
        # The reference column: the first whose value is the case's reference (stored first).
        reference_column = next(
            (name for name, value in first.items() if value == rows[0][0]), "Case reference"
        )
        columns = list(first) if reference_column in first else [reference_column, *first]
        for row_fields in fields[1:]:
            columns += [name for name in row_fields if name not in columns]
        values = [
            [row[0] for row in rows]
            if name == reference_column
            else [str(row_fields.get(name, "")) for row_fields in fields]
            for name in columns
        ]
        connection.execute(
            sa.text(
                "INSERT INTO visit_case_list (visit_id, column_names, reference_column, size, "
                "cases, added_at) VALUES (:visit, :columns, :reference, :size, :cases, :added)"
            ),
            {
                "visit": visit_id,
                "columns": json.dumps(columns, ensure_ascii=False),
                "reference": reference_column,
                "size": len(rows),
                "cases": _pack(list(range(2, len(rows) + 2)), values),
                "added": rows[0][2],
            },
        )
    connection.execute(
        sa.text(
            "DELETE FROM visit_case WHERE source = 'case_list' AND id NOT IN "
            "(SELECT visit_case_id FROM audit WHERE visit_case_id IS NOT NULL)"
        )
    )


def upgrade() -> None:
    op.create_table(
        "visit_case_list",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("column_names", sa.String(), nullable=False),
        sa.Column("reference_column", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("cases", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"]),
        sa.PrimaryKeyConstraint("visit_id"),
    )
    _move_lists_out(op.get_bind())


def downgrade() -> None:
    connection = op.get_bind()
    lists = connection.execute(
        sa.text(
            "SELECT visit_id, column_names, reference_column, cases, added_at "
            "FROM visit_case_list ORDER BY visit_id"
        )
    ).all()
    for visit_id, names, reference_column, cases, added_at in lists:
        columns = json.loads(names)
        values = _unpack(cases)
        at = columns.index(reference_column)
        if not values or not values[0]:
            continue
        connection.execute(
            sa.text(
                "INSERT INTO visit_case (visit_id, case_reference, fields, source, reason, "
                "removed, removed_reason, added_at) VALUES (:visit, :reference, :fields, "
                "'case_list', '', 0, '', :added)"
            ),
            [
                {
                    "visit": visit_id,
                    "reference": row[at],
                    "fields": json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False),
                    "added": added_at,
                }
                for row in zip(*values, strict=True)
            ],
        )
    op.drop_table("visit_case_list")
