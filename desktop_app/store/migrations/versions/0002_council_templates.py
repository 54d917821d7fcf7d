"""council templates: template versions a council installed into its home

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "council_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("source_name", sa.String(), nullable=False),
        sa.Column("source_format", sa.String(), nullable=False),
        sa.Column("source", sa.LargeBinary(), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=False),
        sa.Column("installed_from", sa.String(), nullable=False),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["definition_id"], ["form_definition.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("form_id", "version"),
    )
    with op.batch_alter_table("council_template", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_template_form_id"), ["form_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("council_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_template_form_id"))
    op.drop_table("council_template")
