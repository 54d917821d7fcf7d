"""Attachments: files copied into the home (content-addressed), opened with the system viewer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import UserError
from desktop_app.ui.form.answer_store import AnswerStore
from desktop_app.ui.form.editor_base import AnswerEditor
from forms import Question


def size_text(size: Any) -> str:
    if not isinstance(size, int):
        return ""
    if size < 1024:
        return f"{size} bytes"
    amount = float(size)
    for unit in ("KB", "MB", "GB"):
        amount /= 1024
        if amount < 1024 or unit == "GB":
            return f"{amount:.1f} {unit}"
    return ""


class AttachmentEditor(AnswerEditor):
    """A list of files with Add…, Open and Remove (which asks first). With `read_only` (a
    read-only record, e.g. an imported bundle's) only the list and Open are shown, so the files
    can still be opened (an imported one is read out of the kept bundle)."""

    def __init__(
        self,
        question: Question,
        store: AnswerStore,
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__(question, parent)
        self.store = store
        self.read_only = read_only
        self.items: list[dict[str, Any]] = []
        label = question.label or question.id
        self.list = QListWidget()
        self.list.setObjectName("AttachmentList")
        self.list.setAccessibleName(f"Files for {label}")
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.add_button = QPushButton("Add files…")
        self.open_button = QPushButton("Open")
        self.remove_button = QPushButton("Remove")
        for button, what in (
            (self.add_button, "Add files to"),
            (self.open_button, "Open the selected file of"),
            (self.remove_button, "Remove the selected file from"),
        ):
            button.setObjectName("SmallButton")
            button.setAccessibleName(f"{what} {label}")
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1, Qt.AlignmentFlag.AlignTop)
        self.no_files = QLabel("No files attached.")
        self.no_files.setObjectName("ReadOnlyAnswer")
        row.addWidget(self.no_files, 1, Qt.AlignmentFlag.AlignTop)
        row.addLayout(buttons)
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)
        self._update_buttons()

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, "Attach files")
        self.add_files([Path(path) for path in paths])

    def add_files(self, paths: list[Path]) -> None:
        added = False
        for path in paths:
            try:
                item = self.store.add_attachment(path)
            except (OSError, PermissionError) as error:
                QMessageBox.warning(
                    self, "File not attached", f"{path.name} was not attached: {error}"
                )
                continue
            if all(existing["sha256"] != item["sha256"] for existing in self.items):
                self.items.append(item)
                added = True
        if added:
            self._fill()
            self._emit_edited(True)

    def open_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        item = self.items[row]
        try:
            path = self.store.attachment_file(str(item.get("sha256", "")))
        except UserError as error:  # an imported bundle's copy was changed or removed
            QMessageBox.warning(self, "File not opened", error.message)
            return
        if path is None:
            QMessageBox.warning(
                self,
                "File missing",
                f"{item.get('name')} is not in this home's attachments folder.",
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        name = self.items[row].get("name", "this file")
        answer = QMessageBox.question(self, "Remove file", f"Remove “{name}” from this answer?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.items.pop(row)
        self._fill()
        self._emit_edited(True)

    def _fill(self) -> None:
        self.list.clear()
        for item in self.items:
            entry = QListWidgetItem(f"{item.get('name', 'file')}   ({size_text(item.get('size'))})")
            entry.setData(Qt.ItemDataRole.UserRole, item.get("sha256"))
            self.list.addItem(entry)
        if self.items:
            self.list.setCurrentRow(len(self.items) - 1)
            row_height = max(self.list.sizeHintForRow(0), 20)
            self.list.setFixedHeight(min(len(self.items), 4) * row_height + 8)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_files = bool(self.items)
        self.open_button.setEnabled(has_files)
        self.remove_button.setEnabled(has_files and not self.read_only)
        self.list.setVisible(has_files)
        self.open_button.setVisible(has_files or not self.read_only)
        self.no_files.setVisible(self.read_only and not has_files)

    def value(self) -> Any:
        return [dict(item) for item in self.items]

    def _show_value(self, value: Any) -> None:
        self.items = (
            [dict(item) for item in value if isinstance(item, dict)]
            if isinstance(value, list)
            else []
        )
        self._fill()

    def focus_target(self) -> QWidget:
        return self.list if self.read_only else self.add_button

    def set_accessible_label(self, label: str) -> None:
        self.setAccessibleName(label)
