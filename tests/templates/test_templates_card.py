"""The Form templates card of Keys & settings: install a council's spreadsheet, see it listed,
have a broken one refused with its cells, and save a template as a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.templates.test_council_templates import NEGLECT


def test_install_list_refuse_and_save_in_the_window(
    qtbot: Any, council_db: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from desktop_app.ui.services import AppServices
    from desktop_app.ui.template_actions import TemplatesCard
    from forms.xlsform_reader import load_xlsform

    services = AppServices(council_db.home)
    try:
        card = TemplatesCard(services)
        qtbot.addWidget(card)
        shipped = card.table.rowCount()
        result = card.install(NEGLECT)
        assert result is not None and result.form_id == "neglect-audit"
        assert card.table.rowCount() == shipped + 1
        ids = [card.table.item(row, 0).text() for row in range(card.table.rowCount())]
        row = ids.index("neglect-audit")
        assert card.table.item(row, 4).text() == "installed (file)"
        assert card.table.item(row, 5).text() == "yes"
        assert "Installed Thematic audit: neglect (version 1" in card.message.text()

        workbook = load_workbook(NEGLECT)
        workbook["survey"]["A3"] = "geopoint"
        broken = tmp_path / "broken.xlsx"
        workbook.save(broken)
        assert card.install(broken) is None
        assert card.message.windowTitle() == "Template not installed"
        assert f"{broken}:survey!A3: the type 'geopoint' is not supported" in card.message.text()
        assert card.table.rowCount() == shipped + 1

        card.table.selectRow(row)
        out = card.export(tmp_path / "neglect-copy.xlsx")
        assert out is not None and load_xlsform(out).id == "neglect-audit"
    finally:
        services.close()
