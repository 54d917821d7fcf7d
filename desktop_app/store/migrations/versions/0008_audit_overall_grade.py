"""each audit's overall grade kept on its row

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Issue 17: ``list audits --json`` looked up every audit's overall grade among the answers, which
cost as much again as the rest of the listing. The grade now sits on the audit row
(``audit.overall_grade``: the first answer, in the form's order, to a question of the audit's form
with the role ``overall_grade`` that is a text, else NULL), kept up to date by
``desktop_app.store.audit_grade`` wherever an audit's answers change. An index on
``audit.record_id`` finds the audit of a saved answer. Existing audits get their grade here; the
rule is written out in SQL, not imported, so that this migration keeps meaning what it meant.
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


def upgrade() -> None:
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("overall_grade", sa.String(), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_record_id"), ["record_id"], unique=False)
    _fill_grades()


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+): a batch rebuild of the audit table would drop the table
    # that moderations and conflicts refer to, which the foreign keys refuse.
    op.drop_index("ix_audit_record_id", table_name="audit")
    op.execute("ALTER TABLE audit DROP COLUMN overall_grade")
