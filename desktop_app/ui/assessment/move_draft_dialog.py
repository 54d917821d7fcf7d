"""“Move this draft to version N”: what carries over, what maps and what is dropped, by label,
before anything changes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.templates import DraftUpgrade
from forms.upgrade import UpgradeItem


def _line(item: UpgradeItem) -> str:
    where = f"{item.section} › " if item.section else ""
    if item.new_label and item.new_label != item.old_label:
        return f"{where}{item.old_label}  →  {item.new_label}"
    if item.reason:
        return f"{where}{item.old_label}  ({item.reason})"
    return f"{where}{item.old_label}"


class MoveDraftDialog(QDialog):
    """Shows a `DraftUpgrade` in three lists; Move accepts, Cancel changes nothing."""

    def __init__(self, upgrade: DraftUpgrade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MoveDraftDialog")
        self.setWindowTitle(f"Move this draft to version {upgrade.to_version}")
        self.upgrade = upgrade
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"This self-assessment is on version {upgrade.from_version} of its form. Moving it "
            f"to version {upgrade.to_version} keeps every answer that fits; answers that are "
            "dropped stay in the change log (History) with who moved the draft and when."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if not upgrade.plan.mapping_used:
            warning = QLabel(
                f"Version {upgrade.to_version} does not say how answers of version "
                f"{upgrade.from_version} map onto it: only questions with the same id carry over."
            )
            warning.setObjectName("StatusNote")
            warning.setWordWrap(True)
            layout.addWidget(warning)
        self.lists: dict[str, QListWidget] = {}
        for key, title, items in (
            ("carried", "Carried over as they are", upgrade.carried),
            ("mapped", "Mapped to the new version", upgrade.mapped),
            ("dropped", "Dropped (kept in the change log)", upgrade.dropped),
        ):
            heading = QLabel(f"{title}: {len(items)}")
            heading.setObjectName("CardTitle")
            layout.addWidget(heading)
            listing = QListWidget()
            listing.setObjectName(f"MoveDraft_{key}")
            listing.setAccessibleName(title)
            listing.setWordWrap(True)
            listing.addItems([_line(item) for item in items] or ["(none)"])
            listing.setMaximumHeight(170 if key == "carried" else 80)
            layout.addWidget(listing)
            self.lists[key] = listing
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.move_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.move_button.setText(f"Move to version {upgrade.to_version}")
        self.move_button.setAccessibleName(f"Move this draft to version {upgrade.to_version}")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def texts(self, key: str) -> list[str]:
        """The lines of one list ("carried", "mapped", "dropped"), as shown."""
        listing = self.lists[key]
        return [listing.item(index).text() for index in range(listing.count())]
