"""Scoring: archetypes, requirement and claim checks, roll-up, deductions, opinions, evaluate()."""

from verifier.score.evaluate import evaluate

__all__ = ["evaluate"]
