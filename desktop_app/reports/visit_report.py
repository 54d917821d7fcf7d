"""The visit report: escalations first, then the summary, findings, moderation, themes, action plan,
the audits, and a sign-off block for the lead and the Assistant Director.

A child at risk now is never on page two: every escalated audit is on the first page, in red.
The DRAFT mark follows from the facts (an audit not finished, no audits yet, returns missing, a
conflict the lead has not decided, or an auditor's laptop holding only their share), never from
a status someone must remember to change. While a conflict is undecided only the audit already
held is counted (``store.repositories.undecided``); an escalation later withdrawn still leaves a
line on page 1 (``store.repositories.withdrawn``). Agreement figures carry their n, with a plain note
when too few audits were moderated for them to mean much.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from desktop_app.progress import NoProgress, ProgressSink
from desktop_app.reports.base import ReportDocument, grade_colour
from desktop_app.store.audit_owner import OWNER_SQL
from desktop_app.store.database import Database
from desktop_app.store.models import Organisation, Visit
from desktop_app.store.repositories.counted import CaseAudits, visit_cases
from desktop_app.store.repositories.findings import (
    VisitFindings,
    sqlite_connection,
    visit_actions,
    visit_findings,
)
from desktop_app.store.repositories.listing import VISIT_KINDS
from desktop_app.store.repositories.team import auditors_not_returned
from desktop_app.store.repositories.undecided import COUNTED_AUDIT, undecided_conflicts
from desktop_app.store.repositories.visits import TeamMember, team_of
from desktop_app.store.repositories.withdrawn import WithdrawnEscalation, withdrawn_escalations
from forms.answer_words import people_date, people_moment
from forms.escalation import escalated_to_questions


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


# Below this many moderated pairs a kappa swings widely with one audit (Sim & Wright 2005,
# "The kappa statistic in reliability studies", Physical Therapy 85(3)): say so in plain words.
FEW_PAIRS = 10
FINISHED = ("complete", "moderated")


def kappa_text(value: float | None, n: int | None = None) -> str:
    """The weighted kappa with its n, and a plain note when n is under `FEW_PAIRS`."""
    shown = "not defined (too few or identical grades)" if value is None else f"{value:.2f}"
    if n is None:
        return shown
    if n < FEW_PAIRS:
        return (
            f"{shown} (n = {n}): too few audits moderated for this figure to mean much; "
            "read the moderated grades below instead"
        )
    return f"{shown} (n = {n})"


@dataclass(frozen=True)
class DraftFacts:
    """Why a visit report is still a draft: audits not finished (none is a draft too),
    auditors of the team whose audits have not come back to the lead yet, conflicts the lead
    has not decided (``undecided.UndecidedConflict.words``), or this laptop holding only one
    auditor's share of the visit (``partial``: the sentence saying so; empty on the lead's)."""

    audits: int
    unfinished: int
    not_returned: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    partial: str = ""

    @property
    def draft(self) -> bool:
        return (
            self.audits == 0
            or self.unfinished > 0
            or bool(self.not_returned)
            or bool(self.conflicts)
            or bool(self.partial)
        )

    @property
    def status(self) -> str:
        """A word for page headers: Draft or Final."""
        return "Draft" if self.draft else "Final"

    @property
    def reasons(self) -> list[str]:
        """Each fact that keeps the report a draft, one sentence each (empty when final)."""
        found = [self.partial] if self.partial else []
        if self.audits == 0:
            found.append("no audits yet")
        elif self.unfinished:
            found.append(f"{self.unfinished} of {self.audits} audits not finished")
        if self.not_returned:
            found.append(f"audits not yet returned by {', '.join(self.not_returned)}")
        if self.conflicts:
            count = len(self.conflicts)
            found.append(
                f"{count} conflict{'s' if count > 1 else ''} not yet decided: "
                + "; ".join(self.conflicts)
            )
        return found

    @property
    def reason(self) -> str:
        """The facts behind the status, in a sentence."""
        if not self.draft:
            return "Final: every audit finished"
        return "Draft: " + "; ".join(self.reasons)


@dataclass(frozen=True)
class ModeratedGrade:
    """One moderated grade: the case, the area, both grades and the moderator's rationale."""

    case_reference: str
    area: str
    auditor_grade: str
    moderator_grade: str
    moderator: str
    rationale: str


def write_visit_report(
    database: Database, visit_id: int, out: Path, progress: ProgressSink | None = None
) -> Path:
    """Write the PDF report of one visit; LookupError if there is no such visit."""
    progress = progress or NoProgress()
    with database.session() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise LookupError(f"visit {visit_id}")
        host = session.get(Organisation, visit.host_organisation_id)
        team = team_of(session, visit_id)
        not_returned = auditors_not_returned(session, visit_id)
        connection = sqlite_connection(session)
        progress.report(0, 5, "Reading the audits…")
        found = visit_findings(connection, visit_id)
        actions = visit_actions(connection, visit_id, found.frame)
        cases = visit_cases(connection, visit_id)
        escalations = _escalations(connection, visit_id, found, cases)
        audits = connection.execute(
            f"SELECT a.id, a.case_reference, {OWNER_SQL}, a.status FROM audit a "
            f"WHERE a.visit_id = ? AND {COUNTED_AUDIT} ORDER BY a.escalated DESC, a.id",
            (visit_id,),
        ).fetchall()
        moderated = _moderated_grades(connection, visit_id, found)
        conflicts = undecided_conflicts(connection, visit_id)
        withdrawn = withdrawn_escalations(connection, visit_id, found.frame)
        partial = _auditor_share(connection, visit)
    facts = DraftFacts(
        audits=len(audits),
        unfinished=sum(1 for row in audits if str(row[3]) not in FINISHED),
        not_returned=tuple(not_returned),
        conflicts=tuple(conflict.words for conflict in conflicts),
        partial=partial,
    )
    progress.report(1, 5, "Writing the findings…")
    document = ReportDocument(
        out,
        title=visit.title,
        council=host.name if host else "",
        status=facts.status,
        draft=facts.draft,
    )
    kind = VISIT_KINDS.get(visit.kind, visit.kind)
    document.heading(visit.title)
    dates = " to ".join(
        people_date(day) for day in sorted({d for d in (visit.start_date, visit.end_date) if d})
    )
    document.paragraph(
        f"{kind} · {host.name if host else ''} · {dates or 'dates not set'}", "Small"
    )
    if facts.draft:
        document.paragraph(f"{facts.reason}: the figures may still change.", "Small")
    if conflicts:
        document.alert(
            f"{len(conflicts)} conflict{'s' if len(conflicts) > 1 else ''} not yet decided: "
            + "; ".join(conflict.words for conflict in conflicts)
            + ". Until the lead decides, only the audit already held is counted."
        )
    if facts.partial:
        document.alert(f"{facts.partial}: this report is for checking, not for signing.")
    _first_page(
        document, visit, found, escalations, team, not_returned, withdrawn, bool(facts.partial)
    )
    document.page_break()
    document.contents()
    progress.report(2, 5, "Charts and tables…")
    _findings_pages(document, found)
    _moderation_page(document, found, moderated)
    _themes_page(document, found)
    document.heading("Action plan")
    if actions:
        document.table(
            [["Case", "What", "Owner", "Due", "Status"]]
            + [
                [a.case_reference, a.what, a.owner, a.due_text, a.status.capitalize()]
                for a in actions
            ],
            col_widths=[24 * mm, 70 * mm, 34 * mm, 23 * mm, 18 * mm],
        )
    else:
        document.paragraph("No actions have been recorded in the audits yet.")
    document.heading("Audits", 1)
    overall = {fact.audit_id: fact for fact in found.every_fact}
    rows = [["Case", "Auditor", "Status", "Cohort", "Team", "Overall grade"]]
    for audit_id, reference, auditor, status in audits:
        fact = overall.get(int(audit_id))
        rows.append(
            [
                str(reference),
                str(auditor),
                str(status).replace("_", " ").capitalize(),
                (fact.cohort or "") if fact else "",
                (fact.team or "") if fact else "",
                found.frame.grade_label(fact.final_overall) if fact else "",
            ]
        )
    document.table(rows, col_widths=[22 * mm, 38 * mm, 22 * mm, 28 * mm, 32 * mm, 28 * mm])
    _audited_twice(document, found, cases, {int(row[0]): str(row[2]) for row in audits})
    _sign_off(document, visit, team, facts)
    progress.report(3, 5, "Laying out the pages…")
    return document.build(progress)


def _escalations(
    connection: sqlite3.Connection,
    visit_id: int,
    found: VisitFindings,
    cases: list[CaseAudits],
) -> list[list[str]]:
    """One row per child at risk now: case, every auditor who escalated it, the risk
    (``escalation_reason``), who was told (``escalated_to``, see ``forms.escalation``) and when
    the escalation was recorded (the latest time an ``escalation`` answer was saved, as merged
    from the auditors' laptops). A case kept as two audits is one child (``counted``): its
    auditors, reasons and people told are joined in one row."""
    definitions = found.frame.definitions
    reason_ids = {q.id for d in definitions for q in d.questions_with_role("escalation_reason")}
    told_ids = {q.id for d in definitions for q in escalated_to_questions(d)}
    flag_ids = {q.id for d in definitions for q in d.questions_with_role("escalation")}
    wanted = sorted(reason_ids | told_ids | flag_ids)
    marks = ",".join("?" * len(wanted)) or "NULL"
    audits = connection.execute(
        f"SELECT a.id, a.case_reference, {OWNER_SQL}, a.audited_on FROM audit a "
        "WHERE a.visit_id = ? AND a.escalated ORDER BY a.id",
        (visit_id,),
    ).fetchall()
    answers: dict[int, dict[str, tuple[str, str]]] = {}
    for audit_id, question_id, value, updated_at in connection.execute(
        "SELECT a.id, an.question_id, an.value, an.updated_at FROM audit a "
        f"JOIN answer an ON an.record_id = a.record_id AND an.question_id IN ({marks}) "
        "WHERE a.visit_id = ? AND a.escalated",
        (*wanted, visit_id),
    ):
        answers.setdefault(int(audit_id), {})[str(question_id)] = (str(value), str(updated_at))

    def texts_of(audit_id: int, ids: set[str]) -> list[str]:
        found_texts = []
        for question_id in sorted(ids):
            value = json.loads(answers.get(audit_id, {}).get(question_id, ("null", ""))[0])
            if isinstance(value, str) and value.strip():
                found_texts.append(value.strip())
        return found_texts

    case_of = {audit_id: case.counted_id for case in cases for audit_id in case.audit_ids}
    by_case: dict[int, tuple[str, list[str], list[str], list[str], list[str], object]] = {}
    for audit_id, reference, auditor, audited_on in audits:
        number = int(audit_id)
        _ref, auditors, reasons, told, stamps, _on = by_case.setdefault(
            case_of.get(number, number), (str(reference), [], [], [], [], audited_on)
        )
        for into, items in (
            (auditors, [str(auditor)]),
            (reasons, texts_of(number, reason_ids)),
            (told, texts_of(number, told_ids)),
        ):
            into.extend(item for item in items if item not in into)
        stamps.extend(
            stamp
            for question_id in flag_ids
            if (stamp := answers.get(number, {}).get(question_id, ("", ""))[1])
        )
    return [
        [
            reference,
            " and ".join(auditors),
            " · ".join(reasons) or "No reason recorded yet.",
            " · ".join(told) or "Not recorded yet.",
            _escalated_when(stamps, audited_on),
        ]
        for reference, auditors, reasons, told, stamps, audited_on in by_case.values()
    ]


def _escalated_when(stamps: list[str], audited_on: object) -> str:
    """The latest stamp (stored UTC text) as people read it; else the audit date; else ''."""
    moments = []
    for stamp in stamps:
        try:
            moments.append(datetime.fromisoformat(stamp))
        except ValueError:
            continue
    if moments:
        return people_moment(max(moments))
    if audited_on:
        try:
            return people_date(date.fromisoformat(str(audited_on)))
        except ValueError:
            return str(audited_on)
    return "Not recorded."


def _audited_twice(
    document: ReportDocument,
    found: VisitFindings,
    cases: list[CaseAudits],
    owners: dict[int, str],
) -> None:
    """The "Cases audited twice" section: each case the lead kept as two (or more) audits,
    every auditor and overall grade; only the first row's grade (the case holder's audit)
    counts in the figures, so the second view is on record without counting the child twice."""
    twice = [case for case in cases if case.others]
    if not twice:
        return
    facts = {fact.audit_id: fact for fact in found.every_fact}
    document.heading("Cases audited twice", 2)
    document.paragraph(
        "The lead kept both audits of these cases. Each case is one child, counted once: the "
        "figures use the audit of the person holding the case; the other is shown here.",
        "Small",
    )
    rows = [["Case", "Auditor", "Overall grade", "In the figures"]]
    for case in twice:
        for audit_id in case.audit_ids:
            fact = facts.get(audit_id)
            rows.append(
                [
                    case.case_reference,
                    owners.get(audit_id, ""),
                    found.frame.grade_label(fact.final_overall) if fact else "",
                    "Counted" if audit_id == case.counted_id else "Not counted",
                ]
            )
    document.table(rows, col_widths=[30 * mm, 50 * mm, 40 * mm, 40 * mm])


def _first_page(
    document: ReportDocument,
    visit: Visit,
    found: VisitFindings,
    escalations: list[list[str]],
    team: list[TeamMember],
    not_returned: list[str] | None = None,
    withdrawn: list[WithdrawnEscalation] | None = None,
    partial: bool = False,
) -> None:
    if not_returned:
        document.alert(
            f"Audits not yet returned by {', '.join(not_returned)}: this report covers only the "
            "audits merged so far."
        )
    if escalations:
        children = len({row[0].casefold() for row in escalations})  # two audits, one child
        document.alert(
            f"{children} child(ren) at risk now: escalated by the auditor during the visit."
        )
        document.table(
            [
                ["Case", "Auditor", "The risk and what was done", "Who was told", "When (UTC)"],
                *escalations,
            ],
            col_widths=[22 * mm, 25 * mm, 83 * mm, 24 * mm, 16 * mm],
        )
    elif not_returned:
        document.paragraph(
            "No audit merged so far found a child at risk now; the missing returns may.", "Body"
        )
    elif partial:
        document.paragraph(
            "No audit on this laptop found a child at risk now; the rest of the visit's audits "
            "are on the lead's laptop.",
            "Body",
        )
    else:
        document.paragraph("No audit of this visit found a child at risk now.", "Body")
    for item in withdrawn or ():
        document.paragraph(item.sentence, "Body")
    findings = found.findings
    members = "; ".join(
        f"{member.name} ({member.role}, {member.organisation})"
        if member.organisation
        else f"{member.name} ({member.role})"
        for member in team
    )
    complete = sum(1 for fact in found.facts if fact.final_overall is not None)
    document.heading("Summary", 2)
    document.table(
        [
            ["Lead", _lead_of(visit, team) or "–"],
            ["Team", members or "–"],
            ["Key line of enquiry", visit.line_of_enquiry or "–"],
            ["Cases audited", cases_audited(found, complete)],
            ["Good or better overall", percent(findings.overall.percent_good_or_better)],
            [
                "Moderated",
                f"{found.moderated_audits} of {findings.n_audits} cases "
                f"({percent(found.percent_moderated)})",
            ],
            ["Exact agreement", percent(_exact(found))],
            [
                "Weighted kappa (quadratic)",
                kappa_text(found.agreement.kappa, found.agreement.n),
            ],
            [
                "Sample",
                f"{visit.sample_size} cases, seed {visit.sample_seed}"
                + (f", stratified by {visit.sample_by}" if visit.sample_by else "")
                if visit.sample_seed is not None
                else "chosen by hand",
            ],
        ],
        col_widths=[50 * mm, 120 * mm],
        header=False,
    )


def cases_audited(found: VisitFindings, graded: int) -> str:
    """The summary's "Cases audited" figure: cases counted once each (``Findings.n_audits``,
    one counted audit per case), how many have an overall grade, and the extra audits of cases
    audited twice (kept as two audits, counted once)."""
    text = f"{found.findings.n_audits} ({graded} with an overall grade)"
    twice = len(found.uncounted)
    if twice:
        text += f"; {twice} more audit(s) of cases audited twice, counted once"
    return text


def _exact(found: VisitFindings) -> float | None:
    exact = found.agreement.exact
    return None if exact is None else exact * 100


def _findings_pages(document: ReportDocument, found: VisitFindings) -> None:
    frame = found.frame
    findings = found.findings
    document.heading("Findings")
    titles = [frame.sections[sid] for sid in findings.sections]
    values = [findings.sections[sid].percent_good_or_better or 0.0 for sid in findings.sections]
    document.bar_chart(
        [*titles, "Overall"],
        {"% good or better": [*values, findings.overall.percent_good_or_better or 0.0]},
        title="% of cases graded good or better, by area of practice",
        value_max=100,
    )
    order = frame.order
    labels = [frame.grade_label(grade) for grade in reversed(order)]
    header = ["Area", *labels, "Not graded", "% good+"]
    rows: list[list[str]] = [header]
    colours = {}
    scale = frame.scale
    for index, grade in enumerate(reversed(order), start=1):
        value = scale.value(grade) if scale else None
        colours[(index, 0)] = grade_colour(value.colour if value else None)
    sections = [(frame.sections[sid], item) for sid, item in findings.sections.items()]
    for title, item in [*sections, ("Overall", findings.overall)]:
        rows.append(
            [
                title,
                *[str(item.distribution.get(grade, 0)) for grade in reversed(order)],
                str(item.missing),
                percent(item.percent_good_or_better),
            ]
        )
    document.heading("Grades by area", 2)
    width = 104 / max(1, len(order) + 1)
    document.table(
        rows,
        col_widths=[48 * mm, *([width * mm] * (len(order) + 1)), 18 * mm],
        cell_colours=colours,
    )
    for name, groups in (("cohort", findings.by_cohort), ("team", findings.by_team)):
        document.heading(f"By {name}", 2)
        document.table(
            [[name.capitalize(), "Cases", "Graded", "Good or better", "% good+"]]
            + [
                [
                    group,
                    str(item.audits),
                    str(item.graded),
                    str(item.good_or_better),
                    percent(item.percent_good_or_better),
                ]
                for group, item in groups.items()
            ],
            col_widths=[60 * mm, 22 * mm, 22 * mm, 30 * mm, 22 * mm],
        )


def _moderation_page(
    document: ReportDocument, found: VisitFindings, moderated: list[ModeratedGrade]
) -> None:
    agreement = found.agreement
    frame = found.frame
    document.heading("Moderation")
    if agreement.n == 0:
        document.paragraph(
            f"The audits of {found.moderated_audits} of {found.findings.n_audits} cases were "
            "moderated, so "
            "there is no agreement between auditors and moderators to report yet."
        )
    else:
        document.paragraph(
            f"The audits of {found.moderated_audits} of {found.findings.n_audits} cases were "
            "moderated "
            f"({percent(found.percent_moderated)}). On the overall grade the moderator agreed "
            f"exactly in {percent(_exact(found))} of {agreement.n} pairs; Cohen's weighted kappa "
            f"(quadratic) is {kappa_text(agreement.kappa, agreement.n)}. The moderator's grade "
            "is the one counted in the findings."
        )
    if moderated:
        document.heading("Grades moderated", 2)
        document.table(
            [["Case", "Area", "Auditor's grade", "Moderator's grade", "Rationale"]]
            + [
                [
                    item.case_reference,
                    item.area,
                    item.auditor_grade,
                    item.moderator_grade,
                    (item.rationale or "No rationale recorded")
                    + (f" ({item.moderator})" if item.moderator else ""),
                ]
                for item in moderated
            ],
            col_widths=[22 * mm, 36 * mm, 26 * mm, 26 * mm, 60 * mm],
        )
    else:
        document.paragraph("No audit of this visit has been moderated yet.", "Small")
    if agreement.shifts:
        document.table(
            [["Auditor's grade", "Moderator's grade", "Audits"]]
            + [
                [frame.grade_label(first), frame.grade_label(second), str(count)]
                for (first, second), count in agreement.shifts.items()
            ],
            col_widths=[60 * mm, 60 * mm, 20 * mm],
        )
        document.paragraph(
            f"Grades moved up {agreement.up} time(s) and down {agreement.down} time(s).", "Small"
        )


def _themes_page(document: ReportDocument, found: VisitFindings) -> None:
    document.heading("Themes")
    for title, themes in (
        ("Strengths", found.findings.strength_themes),
        ("Areas for development", found.findings.development_themes),
    ):
        document.heading(title, 2)
        if themes:
            document.table(
                [["Theme", "Audits"], *[[name, str(count)] for name, count in themes]],
                col_widths=[100 * mm, 25 * mm],
            )
        else:
            document.paragraph("None tagged by the auditors.")


def _moderated_grades(
    connection: sqlite3.Connection, visit_id: int, found: VisitFindings
) -> list[ModeratedGrade]:
    """The latest moderation of each overall grade, and of each area grade the moderator
    changed, in case order."""
    frame = found.frame
    latest: dict[tuple[int, str], tuple[str, str | None, str | None, str, str]] = {}
    for audit_id, reference, question_id, before, after, rationale, moderator in connection.execute(
        "SELECT m.audit_id, a.case_reference, m.question_id, m.auditor_value, m.moderator_value, "
        "m.rationale, m.moderator FROM moderation m JOIN audit a ON a.id = m.audit_id "
        "WHERE a.visit_id = ? ORDER BY a.id, m.id",
        (visit_id,),
    ):
        latest[(int(audit_id), str(question_id))] = (
            str(reference),
            before,
            after,
            str(rationale or ""),
            str(moderator or ""),
        )
    items = []
    for (_audit, question_id), (reference, before, after, rationale, moderator) in latest.items():
        overall = question_id in frame.overall_ids
        if not overall and before == after:
            continue
        section = frame.section_of_grade.get(question_id)
        area = "Overall" if overall else frame.sections.get(section or "", question_id)
        items.append(
            ModeratedGrade(
                case_reference=reference,
                area=area,
                auditor_grade=frame.grade_label(before) if before else "Not graded",
                moderator_grade=frame.grade_label(after) if after else "Not graded",
                moderator=moderator,
                rationale=rationale,
            )
        )
    return items


def _sign_off(
    document: ReportDocument, visit: Visit, team: list[TeamMember], facts: DraftFacts
) -> None:
    """Names and roles of who signs, with room for signature and date."""
    document.heading("Sign-off")
    if facts.partial:
        document.paragraph(
            f"Not for signing. {facts.partial}. The lead signs the report made on their laptop "
            "once every return is merged.",
            "Body",
        )
        return
    if facts.draft:
        document.paragraph(
            f"{facts.reason}. This report can be signed once none of these holds.", "Small"
        )
    document.paragraph(
        "Agreed as the findings of this visit, to be reported to the Director of Children's "
        "Services and the council's improvement board."
    )
    lead = _lead_of(visit, team)
    moderators = [m.name for m in team if m.role == "moderator"]
    rows = [
        ["Role", "Name", "Signature", "Date"],
        ["Visit lead", lead, Spacer(1, 9 * mm), ""],
        *[["Moderator", name, Spacer(1, 9 * mm), ""] for name in moderators],
        ["Assistant Director, children's social care", "", Spacer(1, 9 * mm), ""],
    ]
    document.table(rows, col_widths=[55 * mm, 45 * mm, 45 * mm, 25 * mm], keep_together=True)


def _lead_of(visit: Visit, team: list[TeamMember]) -> str:
    """The visit's lead: as recorded on the visit, else the team member with the lead role."""
    return visit.lead_name or next((m.name for m in team if m.role == "lead"), "")


def _auditor_share(connection: sqlite3.Connection, visit: Visit) -> str:
    """On an auditor's laptop (a visit opened from an assignment: ``visit.assigned_by`` set, see
    ``app.lead_only``) the sentence saying it holds only their share (the cases assigned to
    them; a case moved to someone else is kept here unassigned until it goes back); '' on the
    lead's laptop."""
    if not visit.assigned_by:
        return ""
    held = dict(
        connection.execute(
            "SELECT assigned_to, COUNT(*) FROM audit WHERE visit_id = ? AND assigned_to != '' "
            "GROUP BY assigned_to ORDER BY assigned_to",
            (visit.id,),
        ).fetchall()
    )
    whose = f"{' and '.join(map(str, held))}'s" if held else "one auditor's"
    of = f" of {visit.sample_size}" if visit.sample_size else ""
    return (
        f"This laptop holds only {whose} {sum(held.values())}{of} sampled cases; the lead's "
        "laptop holds the whole visit"
    )
