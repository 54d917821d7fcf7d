"""The templates shipped in forms/templates/."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from forms.model import FormDefinition
from forms.template_loader import load_template


def templates_dir() -> Path:
    """The folder of shipped template YAML files."""
    return Path(__file__).resolve().parent / "templates"


def shipped_templates() -> list[FormDefinition]:
    """Every shipped template, sorted by id (read once, then remembered)."""
    return list(_shipped())


def shipped_template(form_id: str) -> FormDefinition:
    """The shipped template with this id; KeyError naming the known ids if there is none."""
    for definition in _shipped():
        if definition.id == form_id:
            return definition
    known = ", ".join(definition.id for definition in _shipped())
    raise KeyError(f"no shipped template '{form_id}' (shipped: {known})")


@lru_cache(maxsize=1)
def _shipped() -> tuple[FormDefinition, ...]:
    definitions = [load_template(path) for path in sorted(templates_dir().glob("*.yaml"))]
    return tuple(sorted(definitions, key=lambda definition: definition.id))
