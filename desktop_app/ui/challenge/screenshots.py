"""Screenshots of peer challenge (see ui/screenshot_extras.py): reviewing a peer's bundle with the
challenge panel, the trio view, and a challenge received on our own self-assessment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication


def _save(window: Any, path: Path) -> None:
    QApplication.processEvents()
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")


def render_challenge_review(window: Any, services: Any, path: Path) -> None:
    from desktop_app.app.showcase import busiest_section, most_challenged_bundle
    from desktop_app.ui.challenge.review import ChallengeReview

    screen = window.show_screen_by_key("challenge")
    bundle_id = most_challenged_bundle(services.context)
    if bundle_id is not None:
        screen.show_bundle(bundle_id)
        screen.bundle_page.review()
        QApplication.processEvents()
        reviews = screen.bundle_page.findChildren(ChallengeReview)
        section = busiest_section(services.context, bundle_id) or "leaders"
        if reviews:
            reviews[-1].go_to_section(section)
    _save(window, path)
    screen.pages.setCurrentIndex(0)


def render_trio_view(window: Any, services: Any, path: Path) -> None:
    screen = window.show_screen_by_key("challenge")
    screen.show_trio()
    _save(window, path)
    screen.pages.setCurrentIndex(0)


def render_challenge_received(window: Any, services: Any, path: Path) -> None:
    from desktop_app.app.received import responses_for_period
    from desktop_app.app.showcase import assessment_periods

    screen = window.show_screen_by_key("assessments")
    screen.show_list()
    rows = assessment_periods(services.context)
    chosen = next((r for r in rows if responses_for_period(services.context, r[1])), None)
    if chosen is not None:
        page = screen.open_assessment(chosen[0])
        QApplication.processEvents()
        page.show_received_challenge()
    _save(window, path)
    screen.show_list()
