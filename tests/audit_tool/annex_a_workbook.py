"""Write large, realistic Annex A workbooks (fictional children) for tests and benchmarks.

The headings are the ILACS Annex A's for List 7 (child protection plans) and List 8 (children
in care); values follow the real format: Child Unique ID as a number (optionally formatted
``000000`` so leading zeros show), coded values with letter prefixes, Excel dates, a title row
above the headings on List 8, and workers' names.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import NamedStyle

LIST_7_HEADINGS = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    "Number of Previous Child Protection Plans",
    "Allocated Team",
    "Allocated Worker",
]
LIST_8_HEADINGS = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Child's Legal Status",
    "Date Started to be Looked After",
    "Number of Placements in the Last 12 months",
    "Placement Type",
    "Placement postcode",
    "Allocated Team",
    "Allocated Worker",
]
TEAMS = ["Locality 1 Unit 1", "Locality 2 Unit 3", "Children in Care Team 1", "Disabled Children"]
WORKERS = ["Ada Brook", "Ben Carter", "Cleo Dunn", "Dev Patel", "Eve Moss"]
GENDERS = ["a) Male", "b) Female", "c) Not stated/recorded"]
ETHNICITIES = ["a) WBRI", "k) APKN", "s) NOBT", "r) OOTH", "l) ABAN"]
ABUSE = ["Neglect", "Physical abuse", "Emotional abuse", "Sexual abuse", "Multiple"]
LEGAL = ["C2: FCO", "E1: Placement order", "V2: Section 20", "J1: Remand"]
PLACEMENTS = ["a) U1: Foster placement - relatives", "d) U4: Foster placement - long term"]
TODAY = dt.date(2025, 3, 31)


def list_7_row(rng: random.Random, number: int) -> list[object]:
    born = TODAY - dt.timedelta(days=rng.randint(10, 17 * 365))
    start = TODAY - dt.timedelta(days=rng.randint(1, 700))
    return [
        number,
        rng.choice(GENDERS),
        rng.choice(ETHNICITIES),
        born,
        round((TODAY - born).days / 365.25, 6),
        rng.choice(["a) Yes", "b) No"]),
        start,
        rng.choice(ABUSE),
        rng.choice(ABUSE),
        start + dt.timedelta(days=rng.randint(1, 60)),
        rng.choice(["a) Yes", "b) No", "-"]),
        rng.choice([start + dt.timedelta(days=90), None]),
        None,
        rng.randint(0, 3),
        rng.choice(TEAMS),
        rng.choice(WORKERS),
    ]


def write_annex_a(path: Path, rows: int, *, seed: int = 7, zero_padded_ids: bool = True) -> Path:
    """An Annex A workbook with ``rows`` children on List 7 and a few on List 8 (a title row
    above its headings); IDs are numbers below 1,000,000 shown as 6 digits when
    ``zero_padded_ids``. Written in openpyxl's write-only mode (fast, flat memory)."""
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    padded = NamedStyle(name="six_digits", number_format="000000")
    dated = NamedStyle(name="dated", number_format="dd/mm/yyyy")
    workbook.add_named_style(padded)
    workbook.add_named_style(dated)
    for number in range(1, 7):
        sheet = workbook.create_sheet(f"List {number}")
        sheet.append(["Child Unique ID", "Gender", "Date of Birth"])
    list_7 = workbook.create_sheet("List 7")
    list_7.append(LIST_7_HEADINGS)
    ids = rng.sample(range(1, 999_999), rows)
    for child_id in ids:
        values = list_7_row(rng, child_id)
        cells: list[object] = []
        for value in values:
            cell = WriteOnlyCell(list_7, value=value)
            if value is child_id and zero_padded_ids:
                cell.style = "six_digits"
            elif isinstance(value, dt.date):
                cell.style = "dated"
            cells.append(cell)
        list_7.append(cells)
    list_8 = workbook.create_sheet("List 8")
    list_8.append(["Annex A: children in care (fictional)"])
    list_8.append([])
    list_8.append(LIST_8_HEADINGS)
    for child_id in ids[:5]:
        born = TODAY - dt.timedelta(days=rng.randint(400, 6000))
        list_8.append(
            [
                child_id,
                rng.choice(GENDERS),
                rng.choice(ETHNICITIES),
                born.strftime("%d/%m/%Y"),
                7,
                rng.choice(LEGAL),
                TODAY - dt.timedelta(days=300),
                rng.randint(0, 4),
                rng.choice(PLACEMENTS),
                "ZZ9 9ZZ",
                "Children in Care Team 1",
                rng.choice(WORKERS),
            ]
        )
    for number in range(9, 12):
        workbook.create_sheet(f"List {number}").append(["Child Unique ID", "Gender"])
    workbook.save(path)
    return path
