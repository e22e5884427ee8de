"""The audit chain on SQLite and PostgreSQL: intact passes; an edited, deleted or reordered entry is
named; a cut tail with a moved head is caught by the signed checkpoint; queries filter (province
on every entry, the limit after it) and export CSV for Excel; `verifier audit verify` exits 1
naming the entry."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from service.audit.log import Action, append
from service.audit.query import AuditFilter, query, to_csv, to_json
from service.audit.verify import Tamper, verify_chain
from service.storage.session import session_scope, upgrade
from verifier.text import fold

pytestmark = pytest.mark.service
REPO = Path(__file__).resolve().parents[2]


def _fill(url: str) -> None:
    from service.storage.models import Unit

    with session_scope(url) as s:
        for name in ("Huyện Kon Rẫy", "Huyện Đăk Hà"):
            s.add(Unit(province="kontum", name=name, name_key=fold(name)))
        s.flush()
        append(s, Action.SUBMISSION_RECEIVED, "unit:Huyện Kon Rẫy:pv_a", submission_id="s1", unit="Huyện Kon Rẫy")
        append(s, Action.FINDING, "system:worker", submission_id="s1", unit="Huyện Kon Rẫy", year=2023,
               criterion="1.1.1", kind="late", details={"message": "Ban hành muộn"})
        append(s, Action.SUGGESTED_SCORE, "system:worker", submission_id="s1", unit="Huyện Kon Rẫy", year=2023,
               criterion="1.1.1", details={"suggested": "0.5"})
        append(s, Action.FINDING, "system:worker", submission_id="s2", unit="Huyện Đăk Hà", year=2023,
               criterion="2.1", kind="missing_evidence", details={"message": "=HYPERLINK(\"x\")"})
        append(s, Action.APPRAISAL_RECORDED, "council:kontum:pv_b", submission_id="s1", unit="Huyện Kon Rẫy",
               year=2023, criterion="1.1.1", details={"score": "0.5"})


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'audit.db'}" if request.param == "sqlite" else request.getfixturevalue("fresh_pg")
    upgrade(url)
    _fill(url)
    return url


def _verify(url: str) -> tuple[int, Tamper | None]:
    with session_scope(url) as s:
        report = verify_chain(s)
    return (report.problem.seq, report.problem.tamper) if report.problem else (report.entries, None)


def _sql(url: str, *statements: str) -> None:
    from service.storage.session import get_engine

    with get_engine(url).begin() as conn:
        for st in statements:
            conn.execute(text(st))


def test_untouched_chain_passes(db_url: str) -> None:
    assert _verify(db_url) == (5, None)


def test_edited_entry_is_named(db_url: str) -> None:
    _sql(db_url, "UPDATE audit_log SET details = '{\"score\":\"1.0\"}' WHERE seq = 5")
    assert _verify(db_url) == (5, Tamper.EDITED)


def test_edited_and_rehashed_entry_is_named_by_its_successor(db_url: str) -> None:
    # Recomputing the edited entry's own hash does not help: entry 4 still links to the old one.
    from service.audit.log import entry_hash
    from service.storage.models import AuditEntry

    with session_scope(db_url) as s:
        e = s.get_one(AuditEntry, 3)
        e.details = '{"suggested":"1.0"}'
        e.hash = entry_hash(e.prev_hash, e.ts, e.actor, e.action, e.submission_id, e.unit, e.year, e.criterion,
                            e.kind, e.details)
    assert _verify(db_url) == (3, Tamper.EDITED)


def test_deleted_entry_is_named(db_url: str) -> None:
    _sql(db_url, "DELETE FROM audit_log WHERE seq = 3")
    assert _verify(db_url) == (4, Tamper.DELETED)


def test_deleted_last_entry_is_noticed(db_url: str) -> None:
    _sql(db_url, "DELETE FROM audit_log WHERE seq = 5")
    assert _verify(db_url) == (5, Tamper.DELETED)


def test_reordered_entries_are_named(db_url: str) -> None:
    _sql(db_url, "UPDATE audit_log SET seq = 100 WHERE seq = 2", "UPDATE audit_log SET seq = 2 WHERE seq = 3",
         "UPDATE audit_log SET seq = 3 WHERE seq = 100")
    assert _verify(db_url) == (2, Tamper.REORDERED)


def test_appends_continue_a_verified_chain(db_url: str) -> None:
    with session_scope(db_url) as s:
        append(s, Action.EXPORT, "auditor:*:pv_c", details={"what": "report"})
    assert _verify(db_url) == (6, None)


def test_many_entries_appended_at_once_extend_the_chain_in_order(db_url: str) -> None:
    from service.audit.log import Pending, append_many

    with session_scope(db_url) as s:
        added = append_many(s, [Pending(Action.FINDING, criterion="2.1", kind="late", details={"n": 1}),
                                Pending(Action.SUGGESTED_SCORE, criterion="2.1", details={"n": 2})],
                            "system:worker", submission_id="s9", unit="Huyện Kon Rẫy", year=2023,
                            province="kontum")
        append(s, Action.EXPORT, "auditor:*:pv_c")
    assert [e.seq for e in added] == [6, 7]
    assert _verify(db_url) == (8, None)
    with session_scope(db_url) as s:
        rows = query(s, AuditFilter(unit="huyen kon ray", criterion="2.1"))
    assert [(r.action, r.province, json.loads(r.details)) for r in rows] == [
        ("finding", "kontum", {"n": 1}), ("suggested_score", "kontum", {"n": 2})]
    # A link broken inside the batch is named like any other.
    _sql(db_url, "UPDATE audit_log SET details = '{\"n\":\"x\"}' WHERE seq = 7")
    assert _verify(db_url) == (7, Tamper.EDITED)


def test_query_filters_and_exports(db_url: str) -> None:
    with session_scope(db_url) as s:
        by_unit = query(s, AuditFilter(unit="huyen kon ray"))
        findings = query(s, AuditFilter(kind="missing_evidence"))
        council = query(s, AuditFilter(actor="council:kontum:pv_b", criterion="1.1.1", year=2023))
        part = query(s, AuditFilter(unit="kon r"))          # a part of the name, without accents
        csv_text = to_csv(findings)
        json_text = to_json(by_unit)
    assert [e.seq for e in by_unit] == [1, 2, 3, 5] == [e.seq for e in part]
    assert [e.unit for e in findings] == ["Huyện Đăk Hà"]
    assert [e.action for e in council] == ["appraisal_recorded"]
    assert csv_text.startswith("\ufeff")                      # Excel reads UTF-8 only with the mark
    rows = list(csv.DictReader(io.StringIO(csv_text.removeprefix("\ufeff"))))
    assert [r["Mã thao tác"] for r in rows] == ["finding"] and rows[0]["Thao tác"] == "Phát hiện"
    assert rows[0]["Người thực hiện"] == "Hệ thống (máy kiểm tra)"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", rows[0]["Thời gian"])
    assert json.loads(rows[0]["Chi tiết (JSON)"]) == {"message": '=HYPERLINK("x")'}
    assert rows[0]["Nội dung"] == "'=HYPERLINK(\"x\")"           # CWE-1236 in the readable column too
    assert json.loads(json_text)[0]["unit"] == "Huyện Kon Rẫy"


def test_vietnam_time_in_exports() -> None:
    from service.workflow.timefmt import vn_from_iso

    assert vn_from_iso("2026-11-30T17:05:59.123456Z") == "01/12/2026 00:05"   # UTC+7, next day


def test_csv_export_defuses_formula_cells(db_url: str) -> None:
    with session_scope(db_url) as s:
        append(s, Action.TOKEN_USED, "=HYPERLINK(\"http://x\")", details={})
        text_out = to_csv(query(s, AuditFilter(action="token_used"))).removeprefix("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text_out)))
    assert rows[0]["Tài khoản"] == "'=HYPERLINK(\"http://x\")"  # CWE-1236: shown as text, not run


def _cli(url: str, *args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    if home is None:
        assert url.startswith("sqlite:///"), "a test of another database names its VERIFIER_HOME"
        home = Path(url.removeprefix("sqlite:///")).parent
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "DATABASE_URL": url, "VERIFIER_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "cli.main", "audit", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)


def test_cli_verify_passes_then_names_the_tampered_entry(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    _fill(url)
    ok = _cli(url, "verify")
    assert ok.returncode == 0, ok.stderr
    assert "5 entries" in ok.stdout
    _sql(url, "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2")
    bad = _cli(url, "verify")
    assert bad.returncode == 1
    assert "entry 2 edited" in bad.stdout
    listed = _cli(url, "query", "--unit", "Huyện Đăk Hà", "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count("\n") == 2 and ",finding," in listed.stdout and "Huyện Đăk Hà" in listed.stdout


def test_a_cut_tail_with_the_head_moved_back_is_caught_by_the_signed_checkpoint(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cut.db'}"
    upgrade(url)
    _fill(url)
    assert _cli(url, "verify").returncode == 0                # writes the signed checkpoint file
    anchor = json.loads((tmp_path / "var" / "audit-checkpoint.json").read_text())
    assert anchor["seq"] == 5
    # Two statements: cut entries 4-5 and move the head back to entry 3. The chain itself is intact.
    _sql(url, "DELETE FROM audit_log WHERE seq > 3",
         "UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)")
    assert _verify(url) == (3, None)                          # invisible without the anchor
    cut = _cli(url, "verify")
    assert cut.returncode == 1 and "deleted" in cut.stdout and "checkpoint" in cut.stdout, cut.stdout


def test_a_forged_checkpoint_file_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'forged.db'}"
    upgrade(url)
    _fill(url)
    assert _cli(url, "verify").returncode == 0
    path = tmp_path / "var" / "audit-checkpoint.json"
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "seq": 3}))           # without the key, the signature cannot follow
    bad = _cli(url, "verify")
    assert bad.returncode == 1 and "signature" in bad.stdout


def test_the_page_verifies_from_the_stored_checkpoint_only(db_url: str, tmp_path: Path) -> None:
    from service.audit.checkpoint import verify_anchored, write_checkpoint
    from service.config import load_settings

    settings = dataclasses.replace(load_settings(), audit_key_file=tmp_path / "k",
                                   audit_checkpoint_file=tmp_path / "cp.json")
    report, _warning = write_checkpoint(db_url, settings)
    assert report.ok and report.head_hash
    with session_scope(db_url) as s:
        append(s, Action.EXPORT, "auditor:*:pv_c", details={"what": "report"})
    with session_scope(db_url) as s:
        incremental, _ = verify_anchored(s, settings, full=False)
    assert incremental.ok and incremental.entries == 1        # only the entry after the checkpoint
    _sql(db_url, "UPDATE audit_log SET details = '{}' WHERE seq = 6")
    with session_scope(db_url) as s:
        broken, _ = verify_anchored(s, settings, full=False)
    assert broken.problem is not None and (broken.problem.seq, broken.problem.tamper) == (6, Tamper.EDITED)


def test_a_provincial_auditor_sees_only_its_province_and_the_limit_counts_after_the_filter(db_url: str) -> None:
    with session_scope(db_url) as s:
        for i in range(30):   # another province's token use and refusals, with no dossier
            append(s, Action.TOKEN_USED, "council:gialai:pv_g", province="gialai", details={"i": i})
            append(s, Action.ACCESS_DENIED, "council:gialai:pv_g", province="gialai", details={"i": i})
        append(s, Action.TOKEN_USED, "council:kontum:pv_k", province="kontum", details={})
        mine = query(s, AuditFilter(province="kontum", action="token_used", limit=1))
        theirs = query(s, AuditFilter(province="kontum", action="access_denied"))
        everything = query(s, AuditFilter(action="token_used"))
    assert [e.actor for e in mine] == ["council:kontum:pv_k"]
    assert theirs == [] and len(everything) == 31


def test_cli_reports_an_unreachable_database_in_one_line(tmp_path: Path) -> None:
    done = _cli("postgresql+psycopg://nobody@127.0.0.1:1/none", "verify", home=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "E_DATABASE" in done.stderr
