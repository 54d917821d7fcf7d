"""the improvement plan: actions, progress notes, answers' history; challenge notes linked

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("why", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("source_ref", sa.String(), nullable=False),
        sa.Column("area", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("owner_council", sa.String(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("status_reason", sa.String(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_action_source"), ["source"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_action_source_ref"), ["source_ref"], unique=False)

    op.create_table(
        "plan_progress_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("status_before", sa.String(), nullable=False),
        sa.Column("status_after", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["plan_action.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_progress_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_progress_note_action_id"), ["action_id"], unique=False
        )

    op.create_table(
        "challenge_answer_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["challenge_note.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("challenge_answer_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_answer_change_note_id"), ["note_id"], unique=False
        )

    with op.batch_alter_table("challenge_note", schema=None) as batch_op:
        batch_op.add_column(sa.Column("action_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("answered_by", sa.String(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("peer_note_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("reply_action", sa.String(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("reply_bundle_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("challenge_note", schema=None) as batch_op:
        batch_op.drop_column("reply_bundle_id")
        batch_op.drop_column("reply_action")
        batch_op.drop_column("peer_note_id")
        batch_op.drop_column("answered_by")
        batch_op.drop_column("action_id")
    with op.batch_alter_table("challenge_answer_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_answer_change_note_id"))
    op.drop_table("challenge_answer_change")
    with op.batch_alter_table("plan_progress_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_progress_note_action_id"))
    op.drop_table("plan_progress_note")
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_action_source_ref"))
        batch_op.drop_index(batch_op.f("ix_plan_action_source"))
    op.drop_table("plan_action")
