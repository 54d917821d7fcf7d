"""Case-audit domain: case lists, sampling, moderation agreement, findings and actions.

Pure Python: no Qt and no SQL. Grade scales are passed in as plain values (the order of grades,
the values that count as good or better, the values left out such as "not applicable").
"""

from audit_tool.actions import (
    CLOSED_STATUSES,
    ActionItem,
    AuditActionAnswers,
    collect_actions,
    overdue,
    parse_due_date,
)
from audit_tool.agreement import (
    AgreementError,
    AgreementSummary,
    agreement_summary,
    cohen_kappa,
    exact_agreement,
    weighted_kappa,
)
from audit_tool.case_list import (
    REFERENCE_COLUMN_NAMES,
    CaseList,
    CaseListError,
    CaseRow,
    find_reference_column,
    read_case_list,
)
from audit_tool.sampling import (
    BLANK_STRATUM,
    SampleResult,
    SamplingError,
    allocate_proportionally,
    draw_sample,
    ensure_one_each,
    resolve_column,
    sample_to_csv,
)
from audit_tool.spreadsheet_text import (
    FORMULA_STARTERS,
    neutralise_csv_cell,
    restore_csv_cell,
    xlsx_read_text,
    xlsx_text,
)
from audit_tool.statistics import (
    NOT_RECORDED,
    AuditFacts,
    Findings,
    GradeFindings,
    GroupFindings,
    compute_findings,
)

__all__ = [
    "BLANK_STRATUM",
    "CLOSED_STATUSES",
    "FORMULA_STARTERS",
    "NOT_RECORDED",
    "REFERENCE_COLUMN_NAMES",
    "ActionItem",
    "AgreementError",
    "AgreementSummary",
    "AuditActionAnswers",
    "AuditFacts",
    "CaseList",
    "CaseListError",
    "CaseRow",
    "Findings",
    "GradeFindings",
    "GroupFindings",
    "SampleResult",
    "SamplingError",
    "agreement_summary",
    "allocate_proportionally",
    "cohen_kappa",
    "collect_actions",
    "compute_findings",
    "draw_sample",
    "ensure_one_each",
    "exact_agreement",
    "find_reference_column",
    "neutralise_csv_cell",
    "overdue",
    "parse_due_date",
    "read_case_list",
    "resolve_column",
    "restore_csv_cell",
    "sample_to_csv",
    "weighted_kappa",
    "xlsx_read_text",
    "xlsx_text",
]
