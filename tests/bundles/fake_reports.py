"""Stands in for desktop_app.commands.report_cmd in tests: one tiny PDF writer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

REPORT_KINDS = {"assessment": "tests.bundles.fake_reports:write_assessment_report"}


def write_assessment_report(database: Any, item_id: int, out: Path, progress: Any = None) -> Path:
    out.write_bytes(b"%PDF-1.4\n% assessment " + str(item_id).encode() + b"\n%%EOF\n")
    return out
