"""The case-audit form as a screenshot: the shipped template with a few sample answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SAMPLE_CASE_AUDIT_ANSWERS: dict[str, Any] = {
    "case_reference": "MID-40213",
    "cohort": "child_protection",
    "legal_status": "no_order",
    "team": "Assessment and intervention team 2",
    "age_band": "5_to_9",
    "audit_date": "2026-11-18",
    "auditor": "Priya Shah, Team manager",
    "practitioner_involved": "yes",
    "escalate": "no",
    "voice_seen_alone": "yes",
    "voice_wishes_recorded": "partly",
    "voice_lived_experience": "partly",
    "voice_identity": "no",
    "voice_grade": "requires_improvement",
    "voice_evidence": "Seen alone twice;",
}


def render_case_audit_form(window: Any, services: Any, path: Path) -> None:
    """Draw the case-audit form open at "Voice and lived experience", guidance shown, one answer
    just typed (so the indicator reads "Saved hh:mm:ss"), at the main window's size."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.form.preview import FormPreview
    from desktop_app.ui.form.text_editors import LongTextEditor
    from forms import shipped_template

    form = FormPreview(shipped_template("case-audit"), dict(SAMPLE_CASE_AUDIT_ANSWERS))
    form.setObjectName("ScreenshotForm")
    form.setStyleSheet("#ScreenshotForm { background: #f5f7fa; }")
    outer = form.layout()
    if outer is not None:
        outer.setContentsMargins(24, 18, 24, 12)
    form.resize(window.size())
    form.show()
    voice = [section.id for section in form.definition.sections].index("voice")
    form.go_to_section(voice)
    form.section_page(voice).show_guidance(True)
    commentary = form.row("voice_commentary").editor
    if isinstance(commentary, LongTextEditor):
        QTest.keyClicks(
            commentary.box,
            "Her wishes are in the social worker's words, not hers; no direct work on identity.",
        )
    form.flush()
    for _ in range(3):
        QApplication.processEvents()
    if not form.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    form.close()
    form.deleteLater()
