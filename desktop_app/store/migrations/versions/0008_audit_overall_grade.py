"""each audit's overall grade and its `list audits --json` object kept on its row

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Issue 17: ``list audits --json`` looked up every audit's overall grade among the answers and
built each audit's JSON object as it read it, together three times the bare ``sqlite3 -json``.

- ``audit.overall_grade``: the first answer, in the form's order, to a question of the audit's
  form with the role ``overall_grade`` that is a text, else NULL; kept up to date by
  ``desktop_app.store.audit_grade`` wherever an audit's answers change. An index on
  ``audit.record_id`` finds the audit of a saved answer.
- ``audit.listing_json``: the audit's object as ``list audits --json`` prints it (the keys and
  values of ``AuditRow.to_json``), a function of the row's own columns only, so two triggers
  keep it: after an audit is inserted, and after any column it shows is updated. A later
  migration that rebuilds the audit table (Alembic's batch "recreate") must make them again.

Existing audits get both here; the rules are written out in SQL, not imported, so that this
migration keeps meaning what it meant.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The questions of role overall_grade in each stored form, in document order (a section's
# questions, each followed by those inside it when it is a repeat).
_GRADE_QUESTIONS = (
    "WITH questions AS (SELECT fd.id AS definition_id, q.value AS question, "
    "s.key AS section, q.key AS place FROM form_definition fd, "
    "json_each(fd.snapshot, '$.sections') s, json_each(s.value, '$.questions') q), "
    "found AS (SELECT definition_id, question, section, place, -1 AS inner_place FROM questions "
    "UNION ALL SELECT questions.definition_id, i.value, questions.section, questions.place, i.key "
    "FROM questions, json_each(questions.question, '$.questions') i "
    "WHERE json_type(questions.question, '$.questions') = 'array') "
    "SELECT definition_id, json_extract(question, '$.id') FROM found "
    "WHERE json_extract(question, '$.role') = 'overall_grade' "
    "AND json_type(question, '$.id') = 'text' "
    "ORDER BY definition_id, section, place, inner_place"
)


def _fill_grades() -> None:
    """Every audit's grade, one UPDATE per audit form."""
    connection = op.get_bind()
    grade_ids: dict[int, list[str]] = {}
    for definition_id, question_id in connection.execute(sa.text(_GRADE_QUESTIONS)):
        grade_ids.setdefault(int(definition_id), []).append(str(question_id))
    for definition_id, question_ids in grade_ids.items():
        lookups = ", ".join(
            "(SELECT json_extract(an.value, '$') FROM answer an WHERE an.record_id = "
            f"audit.record_id AND an.question_id = :q{number} AND json_type(an.value) = 'text')"
            for number in range(len(question_ids))
        )
        grade = lookups if len(question_ids) == 1 else f"COALESCE({lookups})"
        connection.execute(
            sa.text(
                f"UPDATE audit SET overall_grade = {grade} WHERE record_id IN "
                "(SELECT id FROM record WHERE definition_id = :definition)"
            ),
            {
                "definition": definition_id,
                **{f"q{number}": value for number, value in enumerate(question_ids)},
            },
        )


# The object of one audit row (NEW in the triggers), keys in AuditRow.to_json's order; the
# booleans as JSON true/false, the auditor as who holds the audit now (store.audit_owner).
_BOOLEAN = "CASE WHEN NEW.{column} THEN json('true') ELSE json('false') END"
LISTING_OBJECT = (
    "json_object("
    "'id', NEW.id, "
    "'title', 'Audit of case ' || NEW.case_reference, "
    "'uuid', NEW.uuid, "
    "'visit_id', NEW.visit_id, "
    "'case_reference', NEW.case_reference, "
    "'auditor', COALESCE(NULLIF(NEW.assigned_to, ''), NEW.auditor), "
    "'status', NEW.status, "
    "'overall_grade', NEW.overall_grade, "
    f"'escalation', {_BOOLEAN.format(column='escalated')}, "
    f"'escalated', {_BOOLEAN.format(column='escalated')}, "
    f"'conflict', {_BOOLEAN.format(column='conflict')}"
    ")"
)
_SHOWN = "id, uuid, visit_id, case_reference, assigned_to, auditor, status, overall_grade, "
_SHOWN += "escalated, conflict"
_TRIGGERS = {
    "audit_listing_after_insert": "AFTER INSERT ON audit",
    "audit_listing_after_update": f"AFTER UPDATE OF {_SHOWN} ON audit",
}


def upgrade() -> None:
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("overall_grade", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("listing_json", sa.String(), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_record_id"), ["record_id"], unique=False)
    for name, when in _TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} {when} FOR EACH ROW BEGIN UPDATE audit SET listing_json = "
            f"{LISTING_OBJECT} WHERE id = NEW.id; END"
        )
    _fill_grades()  # each update fills the audit's listing_json too
    op.execute(
        "UPDATE audit SET listing_json = "
        + LISTING_OBJECT.replace("NEW.", "audit.")
        + " WHERE listing_json IS NULL"
    )


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+): a batch rebuild of the audit table would drop the table
    # that moderations and conflicts refer to, which the foreign keys refuse.
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_index("ix_audit_record_id", table_name="audit")
    op.execute("ALTER TABLE audit DROP COLUMN listing_json")
    op.execute("ALTER TABLE audit DROP COLUMN overall_grade")
