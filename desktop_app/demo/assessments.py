"""Midthorpe's self-assessments (2025-26 ready for challenge, 2026-27 a draft carried over from it)
and the trio's data profiles. The words are data (`desktop_app/data/demo_assessments.yaml`);
answers are placed by section kind, question role and type, never by question id. Deterministic.
"""

from __future__ import annotations

import random
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from desktop_app.demo.trio import HOME_COUNCIL, MUNBRIDGE, OXTOWN, PEOPLE
from desktop_app.home import Home
from desktop_app.store.repositories.assessments import (
    assessment_definition,
    create_assessment,
    mark_ready,
    save_assessment_answer,
)
from desktop_app.store.repositories.attachments import store_attachment
from desktop_app.store.repositories.data_profile import SERIES, ensure_catalogue, set_value
from desktop_app.store.repositories.organisations import organisation_by_name
from desktop_app.store.repositories.records import save_answers
from forms import FormDefinition, Question, Section

ORDER = 20
PERIODS = ("2021-22", "2022-23", "2023-24", "2024-25", "2025-26")

# indicator: (Midthorpe first and last period, neighbours, region, England in the last period)
PROFILE: dict[str, tuple[float, float, float, float, float]] = {
    "referrals_rate": (505, 580, 540, 561, 545),
    "re_referrals": (21.5, 24.0, 21.0, 22.4, 22.0),
    "assessments_45_days": (76, 88, 84, 83, 82),
    "cp_plans_rate": (41, 48, 44, 45, 42),
    "cp_second_plan": (22, 19, 17, 21, 23),
    "cp_two_years": (2.8, 4.1, 3.2, 3.4, 3.0),
    "icpc_15_days": (84, 93, 80, 79, 78),
    "cla_rate": (61, 64, 62, 71, 70),
    "placement_moves_3plus": (8.5, 11.0, 10.0, 10.4, 10.0),
    "placement_long_term_stability": (69, 72, 70, 69, 70),
    "care_leavers_accommodation": (83, 88, 89, 87, 88),
    "care_leavers_eet": (46, 49, 55, 53, 56),
    "sw_turnover": (21, 19, 16, 17, 17),
    "sw_agency": (26, 18, 15, 17, 18),
    "sw_vacancy": (24, 21, 19, 20, 20),
    "average_caseload": (21, 18, 16, 16.5, 16),
}


def _texts() -> dict[str, Any]:
    text = resources.files("desktop_app").joinpath("data/demo_assessments.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def _areas(definition: FormDefinition) -> list[Section]:
    return [section for section in definition.sections if section.kind == "ilacs_area"]


def _by_type(questions: list[Question], kind: str) -> list[Question]:
    return [q for q in questions if q.type == kind and q.role is None and q.is_answerable]


def _about_answers(definition: FormDefinition, about: dict[str, Any]) -> dict[str, Any]:
    section = next(s for s in definition.sections if s.kind == "profile")
    texts = _by_type(section.questions, "text")
    answers: dict[str, Any] = dict(
        zip([q.id for q in texts], [about["period_covered"], about["agreed_by"]], strict=False)
    )
    for question in _by_type(section.questions, "date")[:1]:
        answers[question.id] = about["date_agreed"] or None
    for question in _by_type(section.questions, "long_text")[:1]:
        answers[question.id] = about["context"]
    return answers


def _area_answers(
    definition: FormDefinition, section: Section, area: dict[str, Any]
) -> dict[str, Any]:
    plain = _by_type(section.questions, "long_text")
    keys = ["know", "how_we_know", "plans"]
    answers: dict[str, Any] = {
        q.id: area[key] for q, key in zip(plain, keys, strict=False) if key in area
    }
    for question in section.questions:
        if question.role in ("strengths", "areas_for_development") and question.role in area:
            answers[question.id] = area[question.role]
        elif question.role == "self_grade" and "self_grade" in area:
            scale = definition.scale_for(question)
            if scale is not None:
                answers[question.id] = scale.ids()[int(area["self_grade"])]
    return answers


def _rows(repeat: Question, items: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """Rows for a repeat: values placed on its questions by type (texts in `order`, then the
    ILACS area choice by index)."""
    rows = []
    for item in items:
        values = iter(item[key] for key in order)
        row: dict[str, Any] = {}
        for inner in repeat.questions:
            if inner.type == "single_choice":
                row[inner.id] = inner.choices[int(item["area"])].id
            elif inner.type in ("text", "long_text", "date"):
                row[inner.id] = next(values, None)
        rows.append(row)
    return rows


def _plan_answers(definition: FormDefinition, texts: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for repeat in definition.questions_with_role("priorities"):
        answers[repeat.id] = _rows(repeat, texts["priorities"], ["priority", "lead", "by_when"])
    if "lines_of_enquiry" in texts:
        for repeat in definition.questions_with_role("lines_of_enquiry"):
            answers[repeat.id] = _rows(repeat, texts["lines_of_enquiry"], ["line", "why"])
    return answers


def _evidence(
    session: Session, definition: FormDefinition, files: list[dict[str, Any]]
) -> dict[str, Any]:
    bind = session.get_bind()
    database_path = getattr(bind, "url", None)
    if database_path is None or not database_path.database:
        return {}
    home = Home(Path(database_path.database).parent)
    areas = _areas(definition)
    answers: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for item in files:
            path = Path(folder) / item["name"]
            path.write_text(item["text"], encoding="utf-8")
            question = next(q for q in areas[int(item["area"])].questions if q.role == "evidence")
            answers.setdefault(question.id, []).append(store_attachment(home, session, path))
    return answers


def _add_assessments(session: Session) -> str:
    texts = _texts()
    lead = PEOPLE[HOME_COUNCIL][0][0]
    home = organisation_by_name(session, HOME_COUNCIL)
    assert home is not None and home.id is not None
    first = create_assessment(session, "2025-26", by=lead, organisation_id=home.id).assessment
    assert first.id is not None
    definition = assessment_definition(session, first)
    year = texts["midthorpe_2025_26"]
    answers = _about_answers(definition, year["about"])
    for section, area in zip(_areas(definition), year["areas"], strict=True):
        answers.update(_area_answers(definition, section, area))
    answers.update(_plan_answers(definition, year))
    answers.update(_evidence(session, definition, year["evidence"]))
    save_answers(session, first.record_id, answers, by=lead)
    mark_ready(session, first.id, by=lead)

    created = create_assessment(
        session, "2026-27", by=lead, from_last_year=True, organisation_id=home.id
    )
    second = created.assessment
    assert second.id is not None
    update = texts["midthorpe_2026_27"]
    changes = _about_answers(definition, update["about"])
    areas = _areas(definition)
    for index, area in update["rewritten_areas"].items():
        changes.update(_area_answers(definition, areas[int(index)], area))
    changes.update(_plan_answers(definition, update))
    for question_id, value in changes.items():
        save_assessment_answer(session, second.id, question_id, value, by=lead)
    return (
        f"- {HOME_COUNCIL}'s self-assessments: 2025-26 (ready for challenge, snapshot frozen) "
        "and 2026-27 (draft, carried over and partly rewritten)"
    )


def _series_values(indicator: str, rng: random.Random) -> dict[str, list[float]]:
    first, last, neighbours, region, england = PROFILE[indicator]
    steps = len(PERIODS) - 1

    def wobble(value: float) -> float:
        return round(value * (1 + rng.uniform(-0.015, 0.015)), 1)

    council = [wobble(first + (last - first) * i / steps) for i in range(steps)] + [last]
    drift = [1 + 0.012 * (i - steps) for i in range(len(PERIODS))]
    return {
        "council": council,
        "neighbours": [wobble(neighbours * d) for d in drift[:-1]] + [neighbours],
        "region": [wobble(region * d) for d in drift[:-1]] + [region],
        "england": [wobble(england * d) for d in drift[:-1]] + [england],
    }


def _add_profiles(session: Session) -> str:
    ensure_catalogue(session)
    rng = random.Random(2026)
    home = organisation_by_name(session, HOME_COUNCIL)
    assert home is not None and home.id is not None
    count = 0
    last_year: dict[str, dict[str, float]] = {}
    for indicator in PROFILE:
        values = _series_values(indicator, rng)
        for series in SERIES:
            for period, value in zip(PERIODS, values[series], strict=True):
                set_value(session, home.id, indicator, period, series, value)
                count += 1
        last_year[indicator] = {series: values[series][-1] for series in SERIES}
    for name, lean in ((OXTOWN, 1.06), (MUNBRIDGE, 0.95)):
        council = organisation_by_name(session, name)
        assert council is not None and council.id is not None
        for indicator, latest in last_year.items():
            own = round(latest["england"] * lean * (1 + rng.uniform(-0.08, 0.08)), 1)
            neighbours = round(latest["england"] * (1 + rng.uniform(-0.05, 0.05)), 1)
            for series, value in (
                ("council", own),
                ("neighbours", neighbours),
                ("region", latest["region"]),
                ("england", latest["england"]),
            ):
                set_value(session, council.id, indicator, PERIODS[-1], series, value)
                count += 1
    return (
        f"- data profiles: {len(PROFILE)} indicators for {HOME_COUNCIL} over {len(PERIODS)} "
        f"periods, and 2025-26 for Oxtown and Munbridge ({count} values)"
    )


def add(session: Session) -> str:
    return "\n".join([_add_assessments(session), _add_profiles(session)])
