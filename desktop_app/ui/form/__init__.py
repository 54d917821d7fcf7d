"""The form screen: one renderer for every form definition (self-assessments, case audits)."""

from desktop_app.ui.form.form_screen import FormScreen
from desktop_app.ui.form.form_view import FormView
from desktop_app.ui.form.preview import FormPreview, render_preview_png

__all__ = ["FormPreview", "FormScreen", "FormView", "render_preview_png"]
