"""FormPreview: a definition rendered with no database (for `forms preview` and screenshots)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop_app.ui.form.answer_store import MemoryAnswerStore
from desktop_app.ui.form.form_view import FormView
from forms import FormDefinition


class FormPreview(FormView):
    """The form as it will look; answers typed here live in memory only."""

    def __init__(
        self,
        definition: FormDefinition,
        answers: dict[str, Any] | None = None,
        *,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(MemoryAnswerStore(definition, answers), read_only=read_only, parent=parent)
        if not self.read_only:
            self.header.show_state("info", "Preview — answers are not saved")


def render_preview_png(
    definition: FormDefinition,
    out: Path,
    *,
    answers: dict[str, Any] | None = None,
    all_sections: bool = False,
    width: int = 1200,
) -> Path:
    """Draw the first section at its full height (or every section, one under another) to PNG.

    A QApplication must exist.
    """
    from PySide6.QtWidgets import QApplication

    preview = FormPreview(definition, answers)
    preview.setStyleSheet("#FormView { background: #f5f7fa; }")
    preview.setAutoFillBackground(True)
    outer = preview.layout()
    if outer is not None:
        outer.setContentsMargins(24, 18, 24, 18)
    preview.resize(width, 800)
    preview.show()
    QApplication.processEvents()
    indexes = range(len(definition.sections)) if all_sections else range(1)
    pictures = []
    for index in indexes:
        preview.go_to_section(index)
        page = preview.section_page(index)
        page.adjustSize()
        QApplication.processEvents()
        extra = preview.height() - preview.stack.height()
        height = max(page.sizeHint().height() + extra + 24, 600)
        preview.resize(width, height)
        QApplication.processEvents()
        pictures.append(preview.grab())
    preview.close()
    if len(pictures) == 1:
        image = pictures[0]
    else:
        from PySide6.QtGui import QColor, QPainter, QPixmap

        image = QPixmap(width, sum(picture.height() for picture in pictures))
        image.fill(QColor("#f5f7fa"))
        painter = QPainter(image)
        top = 0
        for picture in pictures:
            painter.drawPixmap(0, top, picture)
            top += picture.height()
        painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
    return out
