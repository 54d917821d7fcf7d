"""A peer's published figures travel in its bundle: the LA code (so its Ofsted grades are found
by code, not by its council's name) and whether its neighbours' figures are their mean or
median. Older bundles without them still open: the figure's kind is "not stated" and the
Ofsted grades are matched by name, saying so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from desktop_app.app.context import AppContext
from desktop_app.app.published_data import ImportPublished, import_published
from desktop_app.exchange.import_bundle import import_bundle
from desktop_app.store.database import Database
from tests.bundles.content import add_content
from tests.bundles.sent_bundle import oxtown_bundle
from tests.helpers import SHARED_DATA

DFE = SHARED_DATA / "dfe"
FILES = (
    DFE / "csww_indicators_2017_to_2025.csv",
    SHARED_DATA / "ofsted" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
)

pytestmark = pytest.mark.skipif(not DFE.is_dir(), reason="the shared data folder is not here")


def _published(database: Database, la_code: str, shown: Any = None) -> None:
    context = AppContext(database.home)
    try:
        import_published(context, ImportPublished(FILES, la_code, shown))
    finally:
        context.close()


def _oxtown_document(folder: Path, receiver: Database) -> dict[str, Any]:
    """Oxtown (its figures are Barnet's, LA 302, neighbours' mean shown) sends a bundle; the
    receiver imports it; returns the document as received."""
    from sqlmodel import select

    from desktop_app.store.models import ImportedBundle

    path = oxtown_bundle(
        folder, "oxtown.cfbundle", before_export=lambda sender: _published(sender, "302", "mean")
    )
    result = import_bundle(receiver, path, keep_untrusted=True)
    with receiver.session() as session:
        bundle = session.exec(
            select(ImportedBundle).where(ImportedBundle.id == result.bundle_id)
        ).one()
        document: dict[str, Any] = json.loads(bundle.document)
    return document


def test_a_bundle_carries_the_la_code_and_the_neighbours_figure(
    tmp_path: Path, database: Database
) -> None:
    document = _oxtown_document(tmp_path, database)
    assert document["organisation"]["la_code"] == "302"
    assert document["organisation"]["new_la_code"] == "E09000003"
    neighbours = [e for e in document["data_profile"] if e["series"] == "neighbours"]
    assert neighbours and {e["neighbours_figure"] for e in neighbours} == {"mean"}
    council = [e for e in document["data_profile"] if e["series"] == "council"]
    assert council and not any("neighbours_figure" in e for e in council)


def test_peer_data_tab_and_trio_say_the_figure_and_match_ofsted_by_code(
    qtbot: QtBot, tmp_path: Path, database: Database
) -> None:
    from desktop_app.app.published_data import ofsted_for_councils
    from desktop_app.app.trio import trio_data
    from desktop_app.ui.assessment.published_panel import ofsted_line
    from desktop_app.ui.challenge.bundle_data import BundleDataView

    add_content(database, "Midthorpe Council")
    _published(database, "301")
    document = _oxtown_document(tmp_path, database)
    context = AppContext(database.home)
    try:
        columns = trio_data(context).columns
        assert [(c.council, c.la_code) for c in columns] == [
            ("Midthorpe Council", "301"),
            ("Oxtown Borough Council", "302"),
        ]
        found = ofsted_for_councils(context, [(c.council, c.la_code) for c in columns])
        # the fictional councils' grades are those of the LAs their figures are for
        assert [f.judgements.la_name for f in found if f.judgements] == [
            "Barking and Dagenham",
            "Barnet",
        ]
        assert {f.matched_by for f in found} == {"code"}
        assert "matched by name" not in ofsted_line(found[1])[0]
        # an older bundle: no LA code, so the name is all there is (and the line says so)
        older = ofsted_for_councils(context, [("Barnet", ""), ("Oxtown Borough Council", "")])
        assert older[0].matched_by == "name" and older[1].judgements is None
        line, tip = ofsted_line(older[0])
        assert line.endswith("(matched by name)") and "no LA code" in tip
    finally:
        context.close()

    view = BundleDataView(document)
    qtbot.addWidget(view)
    assert _neighbours_heading(view) == "Statistical neighbours (mean)"
    old = json.loads(json.dumps(document))
    del old["organisation"]["la_code"], old["organisation"]["new_la_code"]
    for entry in old["data_profile"]:
        entry.pop("neighbours_figure", None)
    older_view = BundleDataView(old)
    qtbot.addWidget(older_view)
    assert _neighbours_heading(older_view) == "Statistical neighbours (not stated)"
    from PySide6.QtWidgets import QLabel

    note = older_view.findChild(QLabel, "NeighboursFigureNote")
    assert note is not None and "does not say whether" in note.text()


def _neighbours_heading(view: Any) -> str:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    table = next(t for t in view.findChildren(QTableView) if t.accessibleName() == "Data profile")
    return str(table.model().headerData(3, Qt.Orientation.Horizontal))


def test_the_la_codes_are_not_taken_for_personal_data(tmp_path: Path, database: Database) -> None:
    from desktop_app.exchange.export import find_personal_data

    document = _oxtown_document(tmp_path, database)
    found = find_personal_data({"organisation": document["organisation"]}, case_references=[])
    assert found == []


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None)
@given(
    figures=st.lists(
        st.one_of(st.just("mean"), st.just("median"), JSON, st.just(None)), min_size=1, max_size=6
    ),
    carried=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_any_neighbours_figure_a_bundle_claims_gives_a_plain_heading(
    figures: list[Any], carried: list[bool]
) -> None:
    from desktop_app.ui.challenge.bundle_data import latest_profile_rows, neighbours_figure_heading

    entries = []
    for index, figure in enumerate(figures):
        entry: dict[str, Any] = {
            "indicator": f"i{index}",
            "period": "2024-25",
            "series": "neighbours",
            "value": 1.5,
        }
        if carried[index]:
            entry["neighbours_figure"] = figure
        entries.append(entry)
    rows = latest_profile_rows({"data_profile": entries})
    heading, note = neighbours_figure_heading(rows)
    assert heading in {
        "Statistical neighbours",
        "Statistical neighbours (mean)",
        "Statistical neighbours (median)",
        "Statistical neighbours (not stated)",
    }
    stated = {f for f, c in zip(figures, carried, strict=False) if c and f in ("mean", "median")}
    if not stated:
        assert heading.endswith("(not stated)") and "does not say" in note


def test_any_la_code_a_bundle_claims_is_matched_by_code_or_not_at_all(database: Database) -> None:
    from desktop_app.app.published_data import ofsted_for_councils

    add_content(database, "Midthorpe Council")
    _published(database, "301")
    context = AppContext(database.home)

    @settings(max_examples=150, deadline=None)
    @given(code=JSON, name=st.text(max_size=30))
    def claims(code: Any, name: str) -> None:
        text = str(code or "")
        (found,) = ofsted_for_councils(context, [(name, text)])
        if text:
            assert found.matched_by in {"code", ""}
            assert (found.judgements is None) == (found.matched_by == "")

    try:
        claims()
    finally:
        context.close()
