"""short answers (grades, choices, dates) readable from an index alone

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Issue 17: ``list audits --json`` looks up each audit's overall grade. Through the answer table's
primary key every lookup also reads the answer's table row; a covering index of (question, record,
value) answers it from the index alone. Only short values (at most 64 characters of JSON: grades,
choices, yes/no, dates, counts) are indexed, so long written answers are not stored twice.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_answer_short_value",
        "answer",
        ["question_id", "record_id", "value"],
        unique=False,
        sqlite_where=sa.text("length(value) <= 64"),
    )


def downgrade() -> None:
    op.drop_index("ix_answer_short_value", table_name="answer")
