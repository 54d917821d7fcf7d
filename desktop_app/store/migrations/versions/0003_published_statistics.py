"""published statistics, neighbour profile, Ofsted outcomes, indicator sources

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "published_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(), nullable=False),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("series", sa.String(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("suppressed", sa.String(), nullable=True),
        sa.Column("neighbours_counted", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicator.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "indicator_id", "period", "series"),
    )
    with op.batch_alter_table("published_value", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_published_value_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_published_value_indicator_id"), ["indicator_id"], unique=False
        )
    op.create_table(
        "published_profile",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("old_la_code", sa.String(), nullable=False),
        sa.Column("new_la_code", sa.String(), nullable=False),
        sa.Column("la_name", sa.String(), nullable=False),
        sa.Column("region_code", sa.String(), nullable=False),
        sa.Column("region_name", sa.String(), nullable=False),
        sa.Column("neighbour_model", sa.String(), nullable=False),
        sa.Column("neighbour_codes", sa.String(), nullable=False),
        sa.Column("neighbours_shown", sa.String(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("organisation_id"),
    )
    op.create_table(
        "ofsted_outcome",
        sa.Column("la_code", sa.String(), nullable=False),
        sa.Column("old_la_code", sa.String(), nullable=False),
        sa.Column("la_name", sa.String(), nullable=False),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("inspection_date", sa.Date(), nullable=True),
        sa.Column("publication_date", sa.Date(), nullable=True),
        sa.Column("overall", sa.String(), nullable=False),
        sa.Column("leaders", sa.String(), nullable=False),
        sa.Column("help_and_protection", sa.String(), nullable=False),
        sa.Column("children_in_care", sa.String(), nullable=False),
        sa.Column("care_leavers", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("la_code"),
    )
    with op.batch_alter_table("ofsted_outcome", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ofsted_outcome_old_la_code"), ["old_la_code"], unique=False
        )
    op.create_table(
        "indicator_source",
        sa.Column("indicator_id", sa.String(), nullable=False),
        sa.Column("published_table", sa.String(), nullable=False),
        sa.Column("measure_column", sa.String(), nullable=False),
        sa.Column("filters", sa.String(), nullable=False),
        sa.Column("per_10000", sa.Boolean(), nullable=False),
        sa.Column("census_30_september", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicator.id"]),
        sa.PrimaryKeyConstraint("indicator_id"),
    )


def downgrade() -> None:
    op.drop_table("indicator_source")
    with op.batch_alter_table("ofsted_outcome", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ofsted_outcome_old_la_code"))
    op.drop_table("ofsted_outcome")
    op.drop_table("published_profile")
    with op.batch_alter_table("published_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_published_value_indicator_id"))
        batch_op.drop_index(batch_op.f("ix_published_value_organisation_id"))
    op.drop_table("published_value")
