"""Reading a template from either kind of file a council writes: YAML or an XLSForm workbook."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from forms.model import FormDefinition
from forms.problems import TemplateError, TemplateProblem


class TemplateFormat(StrEnum):
    """The file kinds a template can come in."""

    YAML = "yaml"
    XLSX = "xlsx"


def template_format(name: str) -> TemplateFormat:
    """The format a file name says (.yaml/.yml or .xlsx); TemplateError for anything else."""
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return TemplateFormat.YAML
    if suffix == ".xlsx":
        return TemplateFormat.XLSX
    message = "a template is a .yaml file or an XLSForm .xlsx workbook; rename or convert it"
    raise TemplateError([TemplateProblem(name, 1, message)])


def load_template_bytes(data: bytes, name: str) -> tuple[FormDefinition, TemplateFormat]:
    """Check and read a template file's bytes (the format from `name`'s suffix).

    TemplateError lists every problem as `file:line: what` (YAML) or `file:sheet!cell: what`.
    """
    kind = template_format(name)
    if kind is TemplateFormat.XLSX:
        from forms.xlsform_reader import load_xlsform_bytes

        return load_xlsform_bytes(data, name), kind
    from forms.template_loader import load_template_text

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        message = "the file is not UTF-8 text; save it as UTF-8 and try again"
        raise TemplateError([TemplateProblem(name, 1, message)]) from None
    return load_template_text(text, name), kind


def load_template_file(path: Path) -> tuple[FormDefinition, TemplateFormat, bytes]:
    """`load_template_bytes` for a file on disk; also returns the bytes read."""
    template_format(path.name)
    try:
        data = path.read_bytes()
    except OSError as error:
        problem = TemplateProblem(str(path), 1, f"cannot read the file: {error.strerror or error}")
        raise TemplateError([problem]) from None
    definition, kind = load_template_bytes(data, str(path))
    return definition, kind, data
