"""each audit's overall grade readable from a small index alone

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Issue 17: ``list audits --json`` looks up each audit's overall grade. Through the answer table's
primary key every lookup also reads the answer's table row; a covering index of (record, question, value)
over the answers to the shipped audit form's ``overall_grade`` question answers it from the index
alone. Partial, so it holds one short entry an audit and costs almost nothing when answers are
stored in bulk (an index of every short answer doubled the time to insert them).
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
        "ix_answer_overall_grade",
        "answer",
        ["record_id", "question_id", "value"],
        unique=False,
        sqlite_where=sa.text("question_id = 'overall_grade'"),
    )


def downgrade() -> None:
    op.drop_index("ix_answer_overall_grade", table_name="answer")
