"""Property tests: whatever people write (0 to 50,000 characters, any alphabet, combining marks,
right-to-left, emoji) every report kind gives a PDF whose text `pdftotext` finds, and the audit
exports give it back exactly (CSV: through the documented quote before a formula starter and
escapes of control characters, which `audits import` undoes)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
import python_calamine
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from audit_tool import csv_read_text, xlsx_read_text
from desktop_app.home import Home
from desktop_app.store.database import open_database
from tests.reports.answers import set_assessment_answers, set_audit_answers
from tests.reports.pdf_text import found_in, found_in_pdf, letters, pdf_text

# Pieces people really type, mixed with whatever Hypothesis draws.
SAMPLES = [
    "Łucja Wójcik",
    "Ștefan Țurcanu",
    "اردو میں بات",
    "שלום עולם",
    "😊👍🏽🇬🇧👨‍👩‍👧",
    "Zoë, naïve café — e\u0301 a\u0308",
    "Ω ≥ 5 → ok €40",
    "Привет, Дмитрий",
    "王秀英 さくら 김민준",
    "प्रिया ਗੁਰਪ੍ਰੀਤ রহিম கார்த்திக் สมชาย አበበ",
    "عائشہ خان لا",
    '=HYPERLINK("x")',
    "@duty +44 -1 \t tab",
]


def _printable_letters() -> list[str]:
    """Every letter, mark, number, punctuation, symbol and space the shipped fonts draw (the
    alphabets that must never print as a box; see desktop_app.reports.fonts)."""
    import unicodedata

    from desktop_app.reports.fonts import covered_code_points

    wanted = ("L", "M", "N", "P", "S", "Zs")
    return sorted(
        chr(code)
        for code in covered_code_points()
        if code < 0xD800 or code > 0xDFFF
        if unicodedata.category(chr(code)).startswith(wanted)
    )


LETTERS = st.sampled_from(_printable_letters())
PIECE = st.one_of(st.text(LETTERS, max_size=30), st.sampled_from(SAMPLES))
MAX_CHARS = 50_000


@st.composite
def answers_text(draw: st.DrawFn) -> str:
    """Text of 0 to 50,000 characters: a few pieces, repeated, with spaces and line breaks."""
    pieces = draw(st.lists(PIECE, max_size=6))
    glue = draw(st.sampled_from([" ", "\n", "\n\n", "", " - "]))
    times = draw(st.one_of(st.just(1), st.integers(0, 3_000)))
    return (glue.join(pieces) + glue) * times if pieces else ""


def _bounded(value: str) -> str:
    return value[:MAX_CHARS]


TEXT = answers_text().map(_bounded)
# Few examples, no shrinking: each is a whole PDF (the suite stays quick; a failure still shows
# its example).
SETTINGS = settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def home(demo_home: Path) -> Path:
    """The demo home copied for this test; each example overwrites the answers it sets."""
    return demo_home


def _database(home: Path):  # type: ignore[no-untyped-def]
    return open_database(Home(home))


def _write(home: Path, out: Path, write: Callable[..., Path], record_id: int) -> Path:
    """Write one report with `write(database, record_id, out)`; its path."""
    database = _database(home)
    try:
        write(database, record_id, out)
    finally:
        database.close()
    return out


def _report_text(home: Path, out: Path, write: Callable[..., Path], record_id: int) -> str:
    """Write one report with `write(database, record_id, out)`; its body text."""
    return pdf_text(_write(home, out, write, record_id), body_only=True)


@pytest.mark.slow
@SETTINGS
@given(commentary=TEXT, auditor=TEXT, action=TEXT)
# Found while merging: an action of one Roman symbol per paragraph. Every symbol was in the PDF
# (Symbola has it), but pdftotext's reading order put the narrow column of symbols before the
# table row beside it, so the text is compared in the order the report wrote it too.
@example(commentary="x", auditor="y", action="\U000101a0\n\n" * 500)
def test_audit_report_holds_any_text(
    home: Path, tmp_path: Path, commentary: str, auditor: str, action: str
) -> None:
    from desktop_app.reports.audit_report import write_audit_report

    set_audit_answers(
        home,
        2,
        {
            "voice_commentary": commentary,
            "auditor": auditor,
            "actions": [{"what": action, "owner": "Team manager", "due": "2026-12-01"}],
        },
    )
    pdf = _write(home, tmp_path / "audit.pdf", write_audit_report, 2)
    assert found_in_pdf(commentary, pdf)
    assert found_in_pdf(action, pdf)


@pytest.mark.slow
@SETTINGS
@given(strengths=TEXT, context=TEXT, development=TEXT)
def test_self_assessment_report_holds_any_text(
    home: Path, tmp_path: Path, strengths: str, context: str, development: str
) -> None:
    from desktop_app.reports.assessment_report import write_assessment_report

    set_assessment_answers(
        home,
        2,
        {
            "leaders_strengths": strengths,
            "leaders_development": development,
            "context": context,
        },
    )
    pdf = _write(home, tmp_path / "sa.pdf", write_assessment_report, 2)
    for typed in (strengths, context, development):
        assert found_in_pdf(typed, pdf)


@pytest.mark.slow
@SETTINGS
@given(reason=TEXT, team=TEXT, action=TEXT)
def test_visit_report_holds_any_text(
    home: Path, tmp_path: Path, reason: str, team: str, action: str
) -> None:
    from desktop_app.reports.visit_report import write_visit_report

    set_audit_answers(
        home,
        2,
        {
            "escalate": "yes",
            "escalation_reason": reason or "Seen at home.",
            "team": team,
            "actions": [{"what": action, "owner": "Team manager", "due": "2026-12-01"}],
        },
    )
    text = _report_text(home, tmp_path / "visit.pdf", write_visit_report, 1)
    # table cells side by side: the extractor may interleave columns, so compare letters
    have = letters(text)
    for typed in (reason, team, action):
        assert found_in(typed, text) or not _missing(letters(typed), have)


def _missing(want: str, have: str) -> set[str]:
    from collections import Counter

    return set(Counter(want) - Counter(have))


@pytest.mark.slow
@SETTINGS
@given(note=TEXT.filter(lambda value: value.strip() != ""))
def test_challenge_report_holds_any_text(home: Path, tmp_path: Path, note: str) -> None:
    from desktop_app.reports.challenge_report import write_challenge_report
    from desktop_app.store.repositories.challenge import add_note

    database = _database(home)
    try:
        with database.session() as session:
            add_note(session, 1, note, author="Łucja Wójcik", organisation="Midthorpe Council")
    finally:
        database.close()
    assert found_in_pdf(note, _write(home, tmp_path / "c.pdf", write_challenge_report, 1))


# Exports: any character (control characters too: XLSX holds them as the format's escapes),
# and text that looks like such an escape; not lone surrogates nor U+FFFE/U+FFFF (never typed:
# they become U+FFFD, see audit_tool.spreadsheet_text).
STARTERS = ["\n", "\t", "\r", "\x00", "\x01", "\x1f", "=", "+", "-", "@", "'", '"', ","]
EXPORT_TEXT = st.lists(
    st.one_of(
        LETTERS,
        st.sampled_from([*STARTERS, "_x0041_", "_x005F_", "_x00"]),
        st.characters(exclude_categories=["Cs"], exclude_characters="\ufffe\uffff"),
    ),
    max_size=300,
).map("".join) | st.sampled_from(SAMPLES)


@pytest.mark.slow
@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(values=st.lists(EXPORT_TEXT, min_size=3, max_size=3))
@example(values=["a\x01b\rc", "_x0041_ stays as typed", "=1+1\x00"])
@example(values=["\t", "\n\t", '=HYPERLINK("x")'])  # whitespace alone: read as empty unless escaped
def test_exports_give_back_the_text_as_typed(home: Path, tmp_path: Path, values: list[str]) -> None:
    from openpyxl import load_workbook

    from desktop_app.reports.audit_export import write_audit_export
    from desktop_app.store.schema import connect_read_only

    ids = ["voice_commentary", "team", "planning_commentary"]
    set_audit_answers(home, 2, dict(zip(ids, values, strict=True)))
    connection = connect_read_only(home / "critical-friend.db")
    try:
        write_audit_export(connection, 1, "csv", tmp_path / "a.csv")
        write_audit_export(connection, 1, "xlsx", tmp_path / "a.xlsx")
    finally:
        connection.close()
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["audit.id"] == "2")
    sheet = load_workbook(tmp_path / "a.xlsx", read_only=True)["Audits"]
    lines = sheet.iter_rows(values_only=True)
    header = list(next(lines))
    cells = dict(zip(header, next(line for line in lines if line[0] == "2"), strict=False))
    # calamine reads the workbook as Excel and LibreOffice do (the _xHHHH_ escapes decoded)
    table = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "a.xlsx"))
    read = table.get_sheet_by_name("Audits").to_python()
    excel = dict(zip(read[0], next(r for r in read if str(r[0]) == "2"), strict=False))
    for question_id, typed in zip(ids, values, strict=True):
        assert csv_read_text(row[question_id]) == typed
        assert not row[question_id].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert xlsx_read_text(cells[question_id] or "") == typed  # openpyxl leaves the escapes
        assert str(excel[question_id]) == typed


# Up to 50,000 characters like every report kind: long actions are written out below the table.
PLAN_TEXT = TEXT


@pytest.mark.slow
@SETTINGS
@given(what=PLAN_TEXT.filter(lambda value: value.strip() != ""), why=PLAN_TEXT)
def test_plan_report_holds_any_text(home: Path, tmp_path: Path, what: str, why: str) -> None:
    from datetime import date

    from desktop_app.app.context import AppContext
    from desktop_app.app.plan import AddPlanAction, ExportPlan, add_plan_action, export_plan

    database = _database(home)
    try:
        context = AppContext(database.home, database)
        add_plan_action(context, AddPlanAction(what, "Łucja Wójcik", date(2027, 1, 1), why=why))
        pdf = export_plan(context, ExportPlan("pdf", tmp_path / "plan.pdf")).path
    finally:
        database.close()
    # table cells side by side: the extractor may interleave columns, so compare letters too
    have = letters(pdf_text(pdf, body_only=True))
    for typed in (what.strip(), why.strip()):
        assert found_in_pdf(typed, pdf) or not _missing(letters(typed), have)
