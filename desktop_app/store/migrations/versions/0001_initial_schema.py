"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "attachment",
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "export_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_type", sa.String(), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("recipients", sa.String(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("file_sha256", sa.String(), nullable=False),
        sa.Column("external_identifier", sa.String(), nullable=False),
        sa.Column("tagmanifest_sha512", sa.String(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "form_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("snapshot", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("form_id", "version", "sha256"),
    )
    with op.batch_alter_table("form_definition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_definition_form_id"), ["form_id"], unique=False)

    op.create_table(
        "imported_bundle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_identifier", sa.String(), nullable=False),
        sa.Column("tagmanifest_sha512", sa.String(), nullable=False),
        sa.Column("bundle_type", sa.String(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("source_organisation", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("signer_fingerprint", sa.String(), nullable=False),
        sa.Column("signer_comment", sa.String(), nullable=False),
        sa.Column("trusted", sa.Boolean(), nullable=False),
        sa.Column("in_response_to", sa.String(), nullable=True),
        sa.Column("flagged_older", sa.Boolean(), nullable=False),
        sa.Column("created", sa.String(), nullable=False),
        sa.Column("document", sa.String(), nullable=False),
        sa.Column("stored_path", sa.String(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("external_identifier"),
        sa.UniqueConstraint("tagmanifest_sha512"),
    )
    with op.batch_alter_table("imported_bundle", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_imported_bundle_in_response_to"), ["in_response_to"], unique=False
        )

    op.create_table(
        "indicator",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("higher_is_better", sa.Boolean(), nullable=True),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("user_defined", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("short_name", sa.String(), nullable=False),
        sa.Column("region", sa.String(), nullable=False),
        sa.Column("is_home", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_name"), ["name"], unique=True)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "trusted_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(), nullable=False),
        sa.Column("comment", sa.String(), nullable=False),
        sa.Column("public_line", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("age_recipient", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("trusted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("fingerprint"),
    )
    with op.batch_alter_table("trusted_key", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trusted_key_organisation"), ["organisation"], unique=False
        )

    op.create_table(
        "challenge_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("bundle_id", sa.Integer(), nullable=True),
        sa.Column("target_identifier", sa.String(), nullable=False),
        sa.Column("section_id", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("rag", sa.String(), nullable=False),
        sa.Column("line_of_enquiry", sa.Boolean(), nullable=False),
        sa.Column("needs_answer", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("organisation", sa.String(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bundle_id"],
            ["imported_bundle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("challenge_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_note_bundle_id"), ["bundle_id"], unique=False
        )

    op.create_table(
        "indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(), nullable=False),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("series", sa.String(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "indicator_id", "period", "series"),
    )
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_value_indicator_id"), ["indicator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_indicator_value_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("read_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["definition_id"],
            ["form_definition.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_record_definition_id"), ["definition_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_record_kind"), ["kind"], unique=False)

    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("host_organisation_id", sa.Integer(), nullable=False),
        sa.Column("lead_name", sa.String(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("line_of_enquiry", sa.String(), nullable=False),
        sa.Column("template_form_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("sample_seed", sa.Integer(), nullable=True),
        sa.Column("sample_size", sa.Integer(), nullable=True),
        sa.Column("sample_by", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_host_organisation_id"), ["host_organisation_id"], unique=False
        )

    op.create_table(
        "answer",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("carried_over", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["record.id"],
        ),
        sa.PrimaryKeyConstraint("record_id", "question_id"),
    )
    op.create_table(
        "answer_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("old_value", sa.String(), nullable=True),
        sa.Column("new_value", sa.String(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["record.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("answer_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_answer_change_question_id"), ["question_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_answer_change_record_id"), ["record_id"], unique=False)

    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("carried_from_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["carried_from_id"],
            ["assessment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["record.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_assessment_period"), ["period"], unique=False)

    op.create_table(
        "visit_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("case_reference", sa.String(), nullable=False),
        sa.Column("fields", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("removed_reason", sa.String(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visit_case", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_case_case_reference"), ["case_reference"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_visit_case_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "visit_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("organisation", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visit_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_member_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "assessment_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["definition_id"],
            ["form_definition.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assessment_snapshot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_snapshot_assessment_id"), ["assessment_id"], unique=False
        )

    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("visit_case_id", sa.Integer(), nullable=True),
        sa.Column("case_reference", sa.String(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("auditor", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("audited_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["record.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_case_id"],
            ["visit_case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_case_reference"), ["case_reference"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_escalated"), ["escalated"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "moderation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("auditor_value", sa.String(), nullable=True),
        sa.Column("moderator_value", sa.String(), nullable=True),
        sa.Column("rationale", sa.String(), nullable=False),
        sa.Column("moderator", sa.String(), nullable=False),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("moderation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_moderation_audit_id"), ["audit_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("moderation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_audit_id"))

    op.drop_table("moderation")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_visit_id"))
        batch_op.drop_index(batch_op.f("ix_audit_escalated"))
        batch_op.drop_index(batch_op.f("ix_audit_case_reference"))

    op.drop_table("audit")
    with op.batch_alter_table("assessment_snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_snapshot_assessment_id"))

    op.drop_table("assessment_snapshot")
    with op.batch_alter_table("visit_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_member_visit_id"))

    op.drop_table("visit_member")
    with op.batch_alter_table("visit_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_case_visit_id"))
        batch_op.drop_index(batch_op.f("ix_visit_case_case_reference"))

    op.drop_table("visit_case")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_period"))
        batch_op.drop_index(batch_op.f("ix_assessment_organisation_id"))

    op.drop_table("assessment")
    with op.batch_alter_table("answer_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_change_record_id"))
        batch_op.drop_index(batch_op.f("ix_answer_change_question_id"))

    op.drop_table("answer_change")
    op.drop_table("answer")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_host_organisation_id"))

    op.drop_table("visit")
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_kind"))
        batch_op.drop_index(batch_op.f("ix_record_definition_id"))

    op.drop_table("record")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_organisation_id"))

    op.drop_table("person")
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_value_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_value_indicator_id"))

    op.drop_table("indicator_value")
    with op.batch_alter_table("challenge_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_note_bundle_id"))

    op.drop_table("challenge_note")
    with op.batch_alter_table("trusted_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trusted_key_organisation"))

    op.drop_table("trusted_key")
    op.drop_table("setting")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_name"))

    op.drop_table("organisation")
    op.drop_table("indicator")
    with op.batch_alter_table("imported_bundle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_bundle_in_response_to"))

    op.drop_table("imported_bundle")
    with op.batch_alter_table("form_definition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_definition_form_id"))

    op.drop_table("form_definition")
    op.drop_table("export_log")
    op.drop_table("attachment")
