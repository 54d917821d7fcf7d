"""Laptops of one council's visit team for end-to-end tests: each a home folder with its own key."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.audits.builders import grade_answers
from tests.helpers import CliResult, run_cli

COUNCIL = "Midthorpe Council"
AREAS = tuple(  # the graded areas of the shipped case-audit template
    key.removesuffix("_grade") for key in grade_answers("good") if key.endswith("_grade")
)


@dataclass
class Laptop:
    """One team member's laptop: a home, their key card, and the command line on that home."""

    name: str
    root: Path
    card: Path
    capsys: pytest.CaptureFixture[str]

    def cli(self, *args: str) -> CliResult:
        return run_cli(self.capsys, "--home", str(self.root), *args)

    def ok(self, *args: str) -> CliResult:
        result = self.cli(*args)
        assert result.code == 0, result.err
        return result

    def audits(self, visit: int = 1) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = json.loads(
            self.ok("list", "audits", "--visit", str(visit), "--json").out
        )
        return rows


def laptop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, org: str = COUNCIL
) -> Laptop:
    """A laptop with a signing identity for ``name`` of ``org`` (Midthorpe Council unless
    told) and its key card."""
    slug = name.split()[0].lower()
    machine = Laptop(name, tmp_path / slug, tmp_path / f"{slug}.card", capsys)
    machine.ok("keys", "init", "--name", name, "--org", org)
    machine.ok("keys", "export-public", str(machine.card))
    return machine


def three_laptops(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    *,
    title: str,
    kind: str,
    size: int,
    seed: int,
    by: str | None = None,
) -> tuple[Laptop, Laptop, Laptop]:
    """Three homes of one visit team: the lead (Lena Okafor) and two auditors (Ann Ryder, Bob
    Achebe) who trust the lead's key card. On the lead's laptop visit 1 is made, its case list
    imported, its sample drawn and the three named on its team with their key cards; nothing is
    assigned yet."""
    lead = laptop(tmp_path, capsys, "Lena Okafor")
    ann = laptop(tmp_path, capsys, "Ann Ryder")
    bob = laptop(tmp_path, capsys, "Bob Achebe")
    for auditor in (ann, bob):
        auditor.ok("keys", "trust", str(lead.card), "--yes")
    made = lead.ok("visits", "new", "--title", title, "--kind", kind, "--host", COUNCIL)
    assert made.out.splitlines()[0] == "1"
    lead.ok("visits", "cases", "--visit", "1", str(write_case_list(tmp_path)))
    stratified = ["--by", by] if by else []
    lead.ok(
        "visits", "sample", "--visit", "1", "--size", str(size), "--seed", str(seed), *stratified
    )
    for member, role in ((lead, "lead"), (ann, "auditor"), (bob, "auditor")):
        added = lead.ok(
            "visits",
            "team",
            "--visit",
            "1",
            "--add",
            member.name,
            "--role",
            role,
            "--card",
            str(member.card),
        )
        assert added.out.splitlines()[0].isdigit()
    return lead, ann, bob


def clone_with_new_key(
    source: Laptop, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> Laptop:
    """A copy of ``source``'s data under another person's key (someone outside the team)."""
    slug = name.split()[0].lower()
    root = tmp_path / slug
    shutil.copytree(source.root, root, ignore=shutil.ignore_patterns("keys", "*.lock"))
    machine = Laptop(name, root, tmp_path / f"{slug}.card", capsys)
    machine.ok("keys", "init", "--name", name, "--org", COUNCIL)
    machine.ok("keys", "export-public", str(machine.card))
    return machine


def write_case_list(folder: Path, count: int = 40) -> Path:
    """A case-system export: reference, cohort and team (fictional)."""
    cohorts = ["CIN", "CP", "CiC", "Early help"]
    path = folder / "cases.csv"
    lines = ["Case reference,Cohort,Team"]
    lines += [
        f"MC{i:04d},{cohorts[i % 4]},Team {'North' if i % 2 else 'South'}" for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def audit_sheet(
    folder: Path,
    name: str,
    auditor: str,
    grades: dict[str, str],
    *,
    escalate: dict[str, str] | None = None,
) -> Path:
    """A sheet in the shape of `audits export` filling the given cases (case → overall grade).

    Cases in ``escalate`` (case → reason) are escalated as a child at risk now, told to the duty
    team manager.
    """
    escalate = escalate or {}
    path = folder / name
    columns = [
        "audit.case_reference",
        "auditor",
        "audit_date",
        *(f"{area}_grade" for area in AREAS if area != "overall"),
        "overall_grade",
        "escalate",
        "escalation_reason",
        "escalated_to",
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for case, grade in grades.items():
            writer.writerow(
                [
                    case,
                    auditor,
                    "2026-11-30",
                    *(["Good"] * (len(AREAS) - 1)),
                    grade,
                    "yes" if case in escalate else "no",
                    escalate.get(case, ""),
                    "Sam Hale, duty team manager" if case in escalate else "",
                ]
            )
    return path


def auditor_laptop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *, size: int = 4
) -> tuple[Laptop, Laptop, list[str]]:
    """The lead's laptop and Ann Ryder's, on which visit 1 was opened from her assignment (the
    lead shared ``size`` cases evenly between Ann and Bob); returns (lead, ann, Ann's cases)."""
    lead, ann, _bob = three_laptops(
        tmp_path, capsys, title="SAV: the front door", kind="SAV", size=size, seed=11
    )
    lead.ok("visits", "assign", "--visit", "1", "--split")
    assignment = tmp_path / "ann.assignment"
    lead.ok("visits", "pack", "--visit", "1", "--auditor", ann.name, "--out", str(assignment))
    ann.ok("import", str(assignment))
    return lead, ann, sorted(row["case_reference"] for row in ann.audits())


def visit_window(qtbot: Any, machine: Laptop, visit_id: int = 1) -> tuple[Any, Any, Any]:
    """The window on ``machine``'s home at 1366x768, showing visit ``visit_id``'s page:
    (window, its services, the page). Close the services at the end of the test."""
    from desktop_app.home import Home
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.services import AppServices

    services = AppServices(Home(machine.root))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window, services, window.show_screen_by_key("visits").open_visit(visit_id)
