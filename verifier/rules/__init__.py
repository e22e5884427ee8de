"""Criteria frameworks as data: the rule files under rules/, their schema, loader and linter."""

from verifier.rules.lint import LintIssue, lint_framework
from verifier.rules.loader import find_framework, level_of_unit, load_framework
from verifier.rules.model import (
    Archetype,
    ChecklistItem,
    Confidence,
    Criterion,
    DateExpr,
    Deadline,
    DeadlineMode,
    Framework,
    IssuerRule,
    Params,
    Period,
    Requirement,
    Rule,
    Topic,
)

__all__ = [
    "Archetype", "ChecklistItem", "Confidence", "Criterion", "DateExpr", "Deadline", "DeadlineMode",
    "Framework", "IssuerRule", "LintIssue", "Params", "Period", "Requirement", "Rule", "Topic",
    "find_framework", "level_of_unit", "lint_framework", "load_framework",
]
