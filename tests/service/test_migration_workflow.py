"""Migration 0002 on a database that already holds work (SQLite and PostgreSQL): every unit named by a
submission or a unit token becomes a unit record, by its exact name, and both point at it; runs get
their totals from their stored reports; a submission the council already scored is "in appraisal
(round 1)"; the audit chain written before still verifies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from service.audit.log import GENESIS, entry_hash
from service.audit.verify import verify_chain
from service.storage.session import alembic_config, get_engine, session_scope

pytestmark = pytest.mark.service


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.db'}"
    value: str = request.getfixturevalue("fresh_pg")
    return value


def test_existing_work_is_carried_over(url: str) -> None:
    command.upgrade(alembic_config(url), "0001")
    report = json.dumps({"unit": "Huyện Kon Rẫy", "totals": {"max": 97.0, "self": 90.29, "suggested": 87.75}})
    with get_engine(url).begin() as conn:
        for sid, unit in (("s1", "Huyện Kon Rẫy"), ("s2", "Huyện Kon Rấy"), ("s3", "Huyện Kon Rẫy")):
            conn.execute(text("INSERT INTO submissions (id, unit, unit_key, province, year, created_at, created_by) "
                              "VALUES (:id, :unit, 'huyen kon ray', 'kontum', 2023, CURRENT_TIMESTAMP, 'x')"),
                         {"id": sid, "unit": unit})
            conn.execute(text("INSERT INTO rounds (submission_id, number, created_at) VALUES (:id, 1, "
                              "CURRENT_TIMESTAMP)"), {"id": sid})
        conn.execute(text("INSERT INTO runs (submission_id, round_id, status, stage, files_total, files_done, "
                          "extracted, queued_at, report) VALUES ('s1', 1, 'done', 'done', 0, 0, 0, CURRENT_TIMESTAMP, "
                          ":r)"), {"r": report})
        conn.execute(text("INSERT INTO appraisals (submission_id, round_id, criterion, score, opinion, recorded_by, "
                          "recorded_at) VALUES ('s1', 1, '1.1.1', '0.5', '', 'council:kontum:pv_x', "
                          "CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO api_tokens (token_hash, prefix, role, unit, unit_key, province, label, "
                          "created_at) VALUES ('h', 'pv_a', 'unit', 'Huyện Kon Rấy', 'huyen kon ray', 'kontum', '', "
                          "CURRENT_TIMESTAMP)"))
        # An entry written by the old code: its hash covers the ten fields of revision 0001.
        fields = ("2026-01-01T00:00:00.000000Z", "unit:Huyện Kon Rẫy:pv_a", "submission_received", "s1",
                  "Huyện Kon Rẫy", None, None, None, "{}")
        digest = entry_hash(GENESIS, *fields)
        conn.execute(text("INSERT INTO audit_log (seq, ts, actor, action, submission_id, unit, year, criterion, "
                          "kind, details, prev_hash, hash) VALUES (1, :ts, :actor, :action, :sid, :unit, :year, "
                          ":criterion, :kind, :details, :prev, :hash)"),
                     dict(zip(("ts", "actor", "action", "sid", "unit", "year", "criterion", "kind", "details"),
                              fields, strict=True), prev=GENESIS, hash=digest))
        conn.execute(text("UPDATE audit_head SET seq = 1, hash = :h WHERE id = 1"), {"h": digest})
    command.upgrade(alembic_config(url), "head")
    with get_engine(url).connect() as conn:
        units: dict[str, int] = {str(n): int(i) for n, i in conn.execute(text("SELECT name, id FROM units")).all()}
        subs = {r[0]: (r[1], r[2]) for r in conn.execute(text("SELECT id, unit_id, status FROM submissions"))}
        token_unit = conn.execute(text("SELECT unit_id FROM api_tokens")).scalar_one()
        totals = conn.execute(text("SELECT total_max, total_self, total_suggested FROM runs")).one()
        rounds = conn.execute(text("SELECT appraisal_round FROM appraisals")).scalar_one()
    assert set(units) == {"Huyện Kon Rẫy", "Huyện Kon Rấy"}              # two units, one accent apart
    assert subs == {"s1": (units["Huyện Kon Rẫy"], "round1"), "s2": (units["Huyện Kon Rấy"], "draft"),
                    "s3": (units["Huyện Kon Rẫy"], "draft")}
    assert token_unit == units["Huyện Kon Rấy"]
    assert tuple(totals) == ("97.0", "90.29", "87.75") and rounds == 1
    with session_scope(url) as s:
        assert verify_chain(s).ok
