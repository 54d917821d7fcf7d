"""The action tracker: actions gathered from audits, open first by due date, overdue list."""

from __future__ import annotations

import datetime as dt

from audit_tool import AuditActionAnswers, collect_actions, overdue, parse_due_date

TODAY = dt.date(2025, 6, 30)


def test_actions_are_gathered_and_sorted_open_first_then_by_due_date() -> None:
    rows = [
        AuditActionAnswers(
            1,
            "C001",
            [
                {"what": "Update chronology", "owner": "TM North", "due": "2025-07-15"},
                {"what": "Visit child alone", "owner": "SW", "due": "2025-06-01", "status": "Done"},
            ],
        ),
        AuditActionAnswers(
            2,
            "C002",
            [
                {"what": "Hold strategy meeting", "owner": "TM", "due": dt.date(2025, 6, 10)},
                {"what": "Review plan", "owner": "IRO", "status": "open"},
            ],
        ),
    ]
    actions = collect_actions(rows)
    assert [action.what for action in actions] == [
        "Hold strategy meeting",
        "Update chronology",
        "Review plan",
        "Visit child alone",
    ]
    first = actions[0]
    assert (first.audit_id, first.case_reference, first.owner) == (2, "C002", "TM")
    assert first.due == dt.date(2025, 6, 10)
    assert first.status == "open" and first.is_open
    assert not actions[-1].is_open


def test_missing_keys_and_empty_rows_are_tolerated() -> None:
    rows = [
        AuditActionAnswers(3, "C003", [{}, {"what": "  "}, {"owner": "Practice lead"}]),
        AuditActionAnswers(4, "C004", None),
        AuditActionAnswers(5, "C005", []),
    ]
    actions = collect_actions(rows)
    assert len(actions) == 1
    action = actions[0]
    assert (action.what, action.owner, action.due, action.status) == (
        "",
        "Practice lead",
        None,
        "open",
    )


def test_due_dates_in_several_forms() -> None:
    assert parse_due_date("2025-03-31") == dt.date(2025, 3, 31)
    assert parse_due_date("31/03/2025") == dt.date(2025, 3, 31)
    assert parse_due_date("1.4.2025") == dt.date(2025, 4, 1)
    assert parse_due_date(dt.datetime(2025, 3, 31, 14, 0)) == dt.date(2025, 3, 31)
    assert parse_due_date("31/02/2025") is None
    assert parse_due_date("end of month") is None
    assert parse_due_date(None) is None
    assert parse_due_date(45000) is None


def test_unreadable_due_date_keeps_its_text() -> None:
    rows = [AuditActionAnswers(1, "C1", [{"what": "Supervision", "due": "next panel"}])]
    (action,) = collect_actions(rows)
    assert action.due is None
    assert action.due_text == "next panel"


def test_overdue_lists_open_actions_past_due_most_overdue_first() -> None:
    rows = [
        AuditActionAnswers(
            1,
            "C1",
            [
                {"what": "late", "due": "2025-06-20"},
                {"what": "very late", "due": "2025-05-01"},
                {"what": "due today", "due": "2025-06-30"},
                {"what": "closed late", "due": "2025-05-01", "status": "Completed"},
                {"what": "no date"},
            ],
        )
    ]
    late = overdue(collect_actions(rows), TODAY)
    assert [action.what for action in late] == ["very late", "late"]
