"""Errors raised by the forms engine: template problems with file:line, and expression errors."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong with a template or scales file, located by file and 1-based line, or,
    in a spreadsheet, by `cell` ("survey!C12"; then `line` is 0)."""

    file: str
    line: int
    message: str
    cell: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.cell or self.line}: {self.message}"


class TemplateError(ValueError):
    """A template (or scales file, or stored snapshot) was refused; `.problems` says why."""

    def __init__(self, problems: list[TemplateProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ExpressionError(ValueError):
    """An expression could not be compiled; the message says what is wrong and where."""
