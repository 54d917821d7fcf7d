"""Screens below the main ones (a form, a visit page, a bundle...), rendered by `screenshots`.

Each entry is (file name, "module:function"); the function takes (window, services, path).
Modules are imported only when the screenshots are taken.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

Render = Callable[[Any, Any, Path], None]

EXTRA_SCREENSHOTS: tuple[tuple[str, str], ...] = (
    ("10-assessment-page.png", "desktop_app.ui.assessment.screenshots:render_assessment_page"),
    ("11-assessment-compare.png", "desktop_app.ui.assessment.screenshots:render_compare_view"),
    ("20-visit-page.png", "desktop_app.ui.visit.screenshots:render_visit_page"),
    ("21-visit-findings.png", "desktop_app.ui.visit.screenshots:render_visit_findings"),
    ("22-audit-form.png", "desktop_app.ui.visit.screenshots:render_audit_form"),
    ("23-visit-team.png", "desktop_app.ui.visit.screenshots:render_visit_team"),
    ("24-visit-auditor.png", "desktop_app.ui.visit.screenshots:render_visit_auditor"),
    ("25-conflict-compare.png", "desktop_app.ui.visit.screenshots:render_conflict_compare"),
    ("30-bundle-trusted.png", "desktop_app.ui.exchange.screenshots:render_trusted_bundle"),
    ("31-bundle-unknown-signer.png", "desktop_app.ui.exchange.screenshots:render_unknown_signer"),
    ("32-bundle-altered.png", "desktop_app.ui.exchange.screenshots:render_altered_bundle"),
    ("33-export-wizard.png", "desktop_app.ui.exchange.screenshots:render_export_wizard"),
    ("34-keys-of-peers.png", "desktop_app.ui.exchange.screenshots:render_keys"),
    ("35-challenge-review.png", "desktop_app.ui.challenge.screenshots:render_challenge_review"),
    ("36-trio-view.png", "desktop_app.ui.challenge.screenshots:render_trio_view"),
    ("37-challenge-received.png", "desktop_app.ui.challenge.screenshots:render_challenge_received"),
    ("38-challenge-reply.png", "desktop_app.ui.plan.screenshots:render_challenge_reply"),
    ("39-plan-progress.png", "desktop_app.ui.plan.screenshots:render_plan_progress"),
    ("40-form-case-audit.png", "desktop_app.ui.form.screenshot:render_case_audit_form"),
    ("50-benchmark.png", "desktop_app.ui.benchmark_screenshots:render_benchmark"),
)


def renderer(target: str) -> Render:
    module_name, function_name = target.split(":")
    render: Render = getattr(importlib.import_module(module_name), function_name)
    return render
