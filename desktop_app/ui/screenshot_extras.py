"""Extra screenshots beyond the main screens: (file name, render(window, services, path)) pairs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Render = Callable[[Any, Any, Path], None]

EXTRA_SCREENSHOTS: list[tuple[str, Render]] = [
    (
        "20-visit-page.png",
        lambda w, s, p: __import__(
            "desktop_app.ui.visit.screenshots", fromlist=["_"]
        ).render_visit_page(w, s, p),
    ),
    (
        "21-visit-findings.png",
        lambda w, s, p: __import__(
            "desktop_app.ui.visit.screenshots", fromlist=["_"]
        ).render_visit_findings(w, s, p),
    ),
    (
        "22-audit-form.png",
        lambda w, s, p: __import__(
            "desktop_app.ui.visit.screenshots", fromlist=["_"]
        ).render_audit_form(w, s, p),
    ),
    (
        "10-assessment-page.png",
        lambda w, s, p: __import__(
            "desktop_app.ui.assessment.screenshots", fromlist=["_"]
        ).render_assessment_page(w, s, p),
    ),
    (
        "11-assessment-compare.png",
        lambda w, s, p: __import__(
            "desktop_app.ui.assessment.screenshots", fromlist=["_"]
        ).render_compare_view(w, s, p),
    ),
    ("30-bundle-trusted.png", lambda w, s, p: __import__("desktop_app.ui.exchange.screenshots", fromlist=["_"]).render_trusted_bundle(w, s, p)),
    ("31-bundle-unknown-signer.png", lambda w, s, p: __import__("desktop_app.ui.exchange.screenshots", fromlist=["_"]).render_unknown_signer(w, s, p)),
    ("32-bundle-altered.png", lambda w, s, p: __import__("desktop_app.ui.exchange.screenshots", fromlist=["_"]).render_altered_bundle(w, s, p)),
    ("33-export-wizard.png", lambda w, s, p: __import__("desktop_app.ui.exchange.screenshots", fromlist=["_"]).render_export_wizard(w, s, p)),
    ("34-keys-of-peers.png", lambda w, s, p: __import__("desktop_app.ui.exchange.screenshots", fromlist=["_"]).render_keys(w, s, p)),
    ("35-challenge-review.png", lambda w, s, p: __import__("desktop_app.ui.challenge.screenshots", fromlist=["_"]).render_challenge_review(w, s, p)),
    ("36-trio-view.png", lambda w, s, p: __import__("desktop_app.ui.challenge.screenshots", fromlist=["_"]).render_trio_view(w, s, p)),
    ("37-challenge-received.png", lambda w, s, p: __import__("desktop_app.ui.challenge.screenshots", fromlist=["_"]).render_challenge_received(w, s, p)),
    ("40-form-case-audit.png", lambda w, s, p: __import__("desktop_app.ui.form.screenshot", fromlist=["_"]).render_case_audit_form(w, s, p)),
]
