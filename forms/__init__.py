"""Forms as data: templates in YAML, a safe expression language, and the answer engine.

Pure Python: no Qt and no SQL here. Nothing is read from disk until a function asks for it.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forms.answer_checks import is_answered
    from forms.expressions import Expression, compile_expression
    from forms.large_template import make_large_template
    from forms.model import Choice, FormDefinition, Question, Section
    from forms.problems import ExpressionError, TemplateError, TemplateProblem
    from forms.progress import SectionProgress, overall_progress, section_progress
    from forms.relevance import (
        compute_calculated,
        hidden_answer_ids,
        is_relevant,
        relevant_answers,
    )
    from forms.scales import Scale, ScaleValue, load_scales
    from forms.shipped import shipped_template, shipped_templates, templates_dir
    from forms.template_loader import load_template, load_template_text
    from forms.validation import ValidationIssue, validate_answers

# Every name is imported on first use: loading templates needs the YAML parser, and a window
# opening on an empty home needs none of the answer engine (``forms.dates`` alone, say, must not
# pull in the rest), so start-up pays only for what it uses. ``carry_over`` is imported from its
# own module, ``forms.carry_over``, whose name it shares.
_LOADED_ON_USE = {
    "is_answered": "forms.answer_checks",
    "Expression": "forms.expressions",
    "compile_expression": "forms.expressions",
    "make_large_template": "forms.large_template",
    "Choice": "forms.model",
    "FormDefinition": "forms.model",
    "Question": "forms.model",
    "Section": "forms.model",
    "ExpressionError": "forms.problems",
    "TemplateError": "forms.problems",
    "TemplateProblem": "forms.problems",
    "SectionProgress": "forms.progress",
    "overall_progress": "forms.progress",
    "section_progress": "forms.progress",
    "compute_calculated": "forms.relevance",
    "hidden_answer_ids": "forms.relevance",
    "is_relevant": "forms.relevance",
    "relevant_answers": "forms.relevance",
    "Scale": "forms.scales",
    "ScaleValue": "forms.scales",
    "load_scales": "forms.scales",
    "ValidationIssue": "forms.validation",
    "validate_answers": "forms.validation",
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
