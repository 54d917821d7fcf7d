"""a visit's team on several laptops: identities, owners, returns and conflicts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _fill_uuids(table: str) -> None:
    """Existing rows get a UUID each (a column default would give them all the same one)."""
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.text(f"SELECT id FROM {table}"))]
    for row_id in ids:
        connection.execute(
            sa.text(f"UPDATE {table} SET uuid = :uuid WHERE id = :id"),
            {"uuid": str(uuid.uuid4()), "id": row_id},
        )


def upgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uuid", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("assigned_by", sa.String(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("assignment_sequence", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index(batch_op.f("ix_visit_uuid"), ["uuid"], unique=False)
    _fill_uuids("visit")

    with op.batch_alter_table("visit_member", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("public_line", sa.String(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("fingerprint", sa.String(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("age_recipient", sa.String(), nullable=False, server_default="")
        )
        batch_op.create_index(
            batch_op.f("ix_visit_member_fingerprint"), ["fingerprint"], unique=False
        )

    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uuid", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("assigned_to", sa.String(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("conflict", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(batch_op.f("ix_audit_uuid"), ["uuid"], unique=False)
    _fill_uuids("audit")

    op.create_table(
        "team_return",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("member_name", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("external_identifier", sa.String(), nullable=False),
        sa.Column("tagmanifest_sha512", sa.String(), nullable=False),
        sa.Column("created", sa.String(), nullable=False),
        sa.Column("audits", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("external_identifier"),
        sa.UniqueConstraint("tagmanifest_sha512"),
    )
    with op.batch_alter_table("team_return", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_return_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "audit_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("case_reference", sa.String(), nullable=False),
        sa.Column("first_audit_id", sa.Integer(), nullable=True),
        sa.Column("second_audit_id", sa.Integer(), nullable=True),
        sa.Column("first_by", sa.String(), nullable=False),
        sa.Column("second_by", sa.String(), nullable=False),
        sa.Column("resolution", sa.String(), nullable=False),
        sa.Column("discarded", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_conflict_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_conflict_visit_id"))
    op.drop_table("audit_conflict")
    with op.batch_alter_table("team_return", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_return_visit_id"))
    op.drop_table("team_return")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_uuid"))
        batch_op.drop_column("conflict")
        batch_op.drop_column("assigned_to")
        batch_op.drop_column("uuid")
    with op.batch_alter_table("visit_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_member_fingerprint"))
        batch_op.drop_column("age_recipient")
        batch_op.drop_column("fingerprint")
        batch_op.drop_column("public_line")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_uuid"))
        batch_op.drop_column("assignment_sequence")
        batch_op.drop_column("assigned_by")
        batch_op.drop_column("uuid")
