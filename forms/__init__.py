"""Forms as data: templates in YAML, a safe expression language, and the answer engine.

Pure Python: no Qt and no SQL here. Nothing is read from disk until a function asks for it.
"""

import importlib
from typing import TYPE_CHECKING, Any

from forms.answer_checks import is_answered
from forms.carry_over import carry_over
from forms.expressions import Expression, compile_expression
from forms.large_template import make_large_template
from forms.model import Choice, FormDefinition, Question, Section
from forms.problems import ExpressionError, TemplateError, TemplateProblem
from forms.progress import SectionProgress, overall_progress, section_progress
from forms.relevance import compute_calculated, hidden_answer_ids, is_relevant, relevant_answers
from forms.scales import Scale, ScaleValue, load_scales
from forms.validation import ValidationIssue, validate_answers

if TYPE_CHECKING:
    from forms.shipped import shipped_template, shipped_templates, templates_dir
    from forms.template_loader import load_template, load_template_text

# Loading templates needs the YAML parser; reading a stored snapshot does not. These names are
# imported on first use so that code which only reads records starts quickly.
_LOADED_ON_USE = {
    "load_template": "forms.template_loader",
    "load_template_text": "forms.template_loader",
    "shipped_template": "forms.shipped",
    "shipped_templates": "forms.shipped",
    "templates_dir": "forms.shipped",
}


def __getattr__(name: str) -> Any:
    module = _LOADED_ON_USE.get(name)
    if module is None:
        raise AttributeError(f"module 'forms' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Choice",
    "Expression",
    "ExpressionError",
    "FormDefinition",
    "Question",
    "Scale",
    "ScaleValue",
    "Section",
    "SectionProgress",
    "TemplateError",
    "TemplateProblem",
    "ValidationIssue",
    "carry_over",
    "compile_expression",
    "compute_calculated",
    "hidden_answer_ids",
    "is_answered",
    "is_relevant",
    "load_scales",
    "load_template",
    "load_template_text",
    "make_large_template",
    "overall_progress",
    "relevant_answers",
    "section_progress",
    "shipped_template",
    "shipped_templates",
    "templates_dir",
    "validate_answers",
]
