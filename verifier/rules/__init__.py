"""Criteria frameworks as data: the rule files under rules/, their schema, loader and linter."""

from verifier.rules.lint import LintIssue, lint_framework
from verifier.rules.loader import level_of_unit, load_framework
from verifier.rules.model import (
    Archetype,
    ChecklistItem,
    Confidence,
    Criterion,
    DateExpr,
    Deadline,
    DeadlineMode,
    Decision,
    EvidenceSource,
    FieldKind,
    Framework,
    IssuerRule,
    NotApplicable,
    Params,
    Period,
    Requirement,
    Rule,
    Step,
    Topic,
)
from verifier.rules.registry import Registry, load_registry
from verifier.rules.select import Choice, choose, find_framework

__all__ = [
    "Archetype", "ChecklistItem", "Choice", "Confidence", "Criterion", "DateExpr", "Deadline", "DeadlineMode",
    "Decision", "EvidenceSource", "FieldKind", "Framework", "IssuerRule", "LintIssue", "NotApplicable", "Params",
    "Period", "Registry", "Requirement", "Rule", "Step", "Topic", "choose", "find_framework", "level_of_unit",
    "lint_framework", "load_framework", "load_registry",
]
