"""Matching evidence to criteria: topics, cited documents, workbook figures and task exports."""

from verifier.match.assign import Assignment, assign, folder_criterion
from verifier.match.cited import CitedLookup, DocIndex, Lookup
from verifier.match.documents import DocView, Fit, fit, issuer_ok, view_of
from verifier.match.stats import SystemFigure, read_statistics_rows
from verifier.match.tasks import TaskCounts, TaskState, classify, read_tasks
from verifier.match.topic import TopicMatch, match_topic, phrase_matches, with_year

__all__ = [
    "Assignment", "CitedLookup", "DocIndex", "DocView", "Fit", "Lookup", "SystemFigure", "TaskCounts",
    "TaskState", "TopicMatch", "assign", "classify", "fit", "folder_criterion", "issuer_ok", "match_topic",
    "phrase_matches", "read_statistics_rows", "read_tasks", "view_of", "with_year",
]
