"""The audit page's one-line summaries of appraisal entries, in both languages."""

from __future__ import annotations

from service.audit.labels import summary


def test_a_recorded_score_reads_as_points_with_the_previous_value() -> None:
    entry = {"round": 2, "score": "0.50", "previous": "1.00"}
    assert summary("appraisal_recorded", entry, None) == "Vòng 2: 0,5 điểm (trước: 1)"
    assert summary("appraisal_recorded", entry, None, "en") == "Round 2: 0.5 (was 1)"


def test_a_cleared_score_says_so_instead_of_none() -> None:
    entry = {"round": 1, "score": None, "previous": "0.5"}
    assert summary("appraisal_recorded", entry, None) == "Vòng 1: xoá điểm (trước: 0,5)"
    assert summary("appraisal_recorded", entry, None, "en") == "Round 1: score cleared (was 0.5)"
