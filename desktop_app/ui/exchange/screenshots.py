"""Screenshots of the bundle inbox: a trusted bundle, an unknown signer, an altered file, export."""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.ui.screens.challenge import PeerChallengeScreen


def _challenge(window: Any) -> PeerChallengeScreen:
    screen = window.show_screen_by_key("challenge")
    assert isinstance(screen, PeerChallengeScreen)
    return screen


def _save(window: Any, path: Path) -> None:
    QApplication.processEvents()
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")


def _render_bundle(window: Any, services: Any, path: Path, trusted: bool) -> None:
    screen = _challenge(window)
    from desktop_app.app.showcase import first_bundle_id

    bundle_id = first_bundle_id(services.context, trusted=trusted)
    if bundle_id is not None:
        screen.show_bundle(bundle_id)
    _save(window, path)
    screen.pages.setCurrentIndex(0)


def render_trusted_bundle(window: Any, services: Any, path: Path) -> None:
    _render_bundle(window, services, path, trusted=True)


def render_unknown_signer(window: Any, services: Any, path: Path) -> None:
    _render_bundle(window, services, path, trusted=False)


def render_altered_bundle(window: Any, services: Any, path: Path) -> None:
    """A really altered bundle: a peer bundle's stored copy with one byte of bundle.json changed."""
    from desktop_app.app.showcase import a_stored_bundle, check_bundle

    screen = _challenge(window)
    stored = a_stored_bundle(services.context)
    if stored is None:
        _save(window, path)
        return
    with tempfile.TemporaryDirectory() as temp:
        altered = Path(temp) / "oxtown-self-assessment.cfbundle"
        with zipfile.ZipFile(stored) as source, zipfile.ZipFile(altered, "w") as out:
            for info in source.infolist():
                content = source.read(info)
                if info.filename.endswith("data/bundle.json"):
                    document = json.loads(content)
                    document["assessments"][0]["answers"]["leaders_self_grade"] = "outstanding"
                    content = json.dumps(document, indent=1).encode("utf-8")
                out.writestr(info, content)
        failure = check_bundle(services.context, altered)
        if failure is not None:
            screen.bundle_page.show_failure(
                altered.name, failure.message, failure.inside, failure.check
            )
            screen.pages.setCurrentIndex(1)
    _save(window, path)
    screen.pages.setCurrentIndex(0)


def render_export_wizard(window: Any, services: Any, path: Path) -> None:
    from desktop_app.ui.exchange.export_wizard import ExportWizard

    wizard = ExportWizard(services, window)
    wizard.resize(760, 580)
    wizard.show()
    items = wizard.choose.assessments
    for index in range(items.count()):
        if "Ready" in items.item(index).text():
            items.item(index).setCheckState(Qt.CheckState.Checked)
            break
    QApplication.processEvents()
    if not wizard.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    wizard.close()
    wizard.deleteLater()


def render_keys(window: Any, services: Any, path: Path) -> None:
    """Keys & settings scrolled to the signing identity and the keys of peer councils."""
    from PySide6.QtWidgets import QScrollArea

    screen = window.show_screen_by_key("settings")
    QApplication.processEvents()
    for area in screen.findChildren(QScrollArea):
        bar = area.verticalScrollBar()
        bar.setValue(bar.maximum())
    _save(window, path)
