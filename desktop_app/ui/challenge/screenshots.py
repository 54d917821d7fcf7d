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


def _busiest_section(services: Any, bundle_id: int) -> str:
    row = services.reader.execute(
        "SELECT section_id FROM challenge_note WHERE bundle_id = ? AND section_id != '' "
        "GROUP BY section_id ORDER BY COUNT(*) DESC, MIN(id) LIMIT 1",
        (bundle_id,),
    ).fetchone()
    return "" if row is None else str(row[0])


def render_challenge_review(window: Any, services: Any, path: Path) -> None:
    from desktop_app.ui.challenge.review import ChallengeReview

    screen = window.show_screen_by_key("challenge")
    row = services.reader.execute(
        "SELECT b.id FROM imported_bundle b "
        "WHERE b.bundle_type NOT IN ('response', 'challenge-reply') ORDER BY "
        "(SELECT COUNT(*) FROM challenge_note n WHERE n.bundle_id = b.id) DESC, b.trusted DESC, "
        "b.id LIMIT 1"
    ).fetchone()
    if row is not None:
        screen.show_bundle(int(row[0]))
        screen.bundle_page.review()
        QApplication.processEvents()
        reviews = screen.bundle_page.findChildren(ChallengeReview)
        section = _busiest_section(services, int(row[0])) or "leaders"
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
    from desktop_app.ui.challenge.received_data import responses_for_period

    screen = window.show_screen_by_key("assessments")
    screen.show_list()
    rows = services.reader.execute("SELECT id, period FROM assessment ORDER BY period").fetchall()
    chosen = next((r for r in rows if responses_for_period(services.reader, str(r[1]))), None)
    if chosen is not None:
        page = screen.open_assessment(int(chosen[0]))
        QApplication.processEvents()
        page.show_received_challenge()
    _save(window, path)
    screen.show_list()
