"""The appraisal workflow through the real API (SQLite, in-process runner): one dossier per unit and
year whatever is uploaded again, the statuses and who may move them, deadlines that lock uploads
and a council that reopens, the council's column validated and recorded only when it changes,
units scoped by id, the dossier's unit over the table's, evidence per criterion, replies."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from service.auth.tokens import Role, create_token
from service.storage.models import Appraisal, AuditEntry, Round, RoundFile, Submission
from service.storage.session import dispose_engines, session_scope
from tests.service.stack import SAMPLE, SMALL_EVIDENCE

pytestmark = [pytest.mark.service, pytest.mark.slow]   # every test waits for real checks: ~3 min
UNIT, LOOKALIKE = "Huyện Kon Rẫy", "Huyện Kon Rấy"       # one accent apart: two units


@dataclass
class Env:
    client: TestClient
    url: str
    unit: dict[str, str]
    lookalike: dict[str, str]
    council: dict[str, str]


def _zip(files: tuple[str, ...], table: bool = True, table_text: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        if table:
            zf.writestr("assessment.tsv", table_text or (SAMPLE / "assessment.tsv").read_text(encoding="utf-8"))
        for rel in files:
            zf.write(SAMPLE / rel, rel)
    return buf.getvalue()


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    for key in ("VERIFIER_BROKER_URL", "DATABASE_URL", "VERIFIER_BLOB_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_INLINE_JOBS", "1")
    from service.api.app import create_app
    from service.config import load_settings

    settings = load_settings()
    with TestClient(create_app(settings)) as client:
        with session_scope(settings.database_url) as s:
            unit = create_token(s, Role.UNIT, unit=UNIT, province="kontum")
            lookalike = create_token(s, Role.UNIT, unit=LOOKALIKE, province="kontum")
            council = create_token(s, Role.COUNCIL, province="kontum")
        yield Env(client, settings.database_url, *({"Authorization": f"Bearer {t}"} for t in (unit, lookalike,
                                                                                           council)))
    dispose_engines()


def wait_done(env: Env, sub_id: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state: dict[str, Any] = env.client.get(f"/submissions/{sub_id}", headers=headers or env.council).json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.2)
    raise AssertionError("the in-process run did not finish")


def upload(env: Env, files: tuple[str, ...], headers: dict[str, str] | None = None, **data: str) -> dict[str, Any]:
    resp = env.client.post("/submissions", headers=headers or env.unit, data=data,
                           files={"archive": ("s.zip", _zip(files), "application/zip")})
    assert resp.status_code == 202, resp.text
    body: dict[str, Any] = resp.json()
    return body


def move(env: Env, sub_id: str, what: str, headers: dict[str, str], **extra: str) -> Any:
    return env.client.post(f"/submissions/{sub_id}/moves", headers=headers, json={"move": what, **extra})


def appraise(env: Env, sub_id: str, *scores: tuple[str, str], opinion: str = "") -> Any:
    return env.client.post(f"/submissions/{sub_id}/appraisal", headers=env.council,
                           json={"scores": [{"criterion": c, "score": v, "opinion": opinion} for c, v in scores]})


def count(env: Env, model: Any, **where: Any) -> int:
    with session_scope(env.url) as s:
        stmt = select(func.count()).select_from(model)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return int(s.execute(stmt).scalar_one())


def test_uploading_again_is_a_new_version_of_the_same_dossier_and_keeps_the_councils_work(env: Env) -> None:
    first = upload(env, SMALL_EVIDENCE[:2])
    assert first["new_dossier"] and first["year"] is None          # no season set: the table will say
    assert wait_done(env, first["id"])["year"] == 2023
    assert move(env, first["id"], "send", env.unit).json()["dossier_status"] == "sent"
    assert appraise(env, first["id"], ("1.1.1", "0,5")).status_code == 201        # starts round 1
    assert move(env, first["id"], "request_reply", env.council).status_code == 200
    again = upload(env, SMALL_EVIDENCE[:3])                                          # the whole zip, again
    assert again["id"] == first["id"] and not again["new_dossier"] and again["version"] == 2
    wait_done(env, first["id"])
    assert count(env, Submission) == 1 and count(env, Round, submission_id=first["id"]) == 2
    report = env.client.get(f"/submissions/{first['id']}/report", headers=env.unit).json()
    assert report["submission"]["round"] == 2
    with session_scope(env.url) as s:
        kept = s.execute(select(Appraisal.criterion, Appraisal.score)).all()
        rounds = s.execute(select(Round.number, Round.appraisal_round).order_by(Round.number)).all()
    assert [tuple(r) for r in kept] == [("1.1.1", "0.50")]
    assert [tuple(r) for r in rounds] == [(1, 1), (2, 2)]     # files sent while awaiting explanations: round 2


def test_units_are_scoped_by_id_not_by_a_folded_name(env: Env) -> None:
    sub = upload(env, SMALL_EVIDENCE[:1])
    other = env.client.get(f"/submissions/{sub['id']}", headers=env.lookalike)
    assert other.status_code == 404
    mine = upload(env, SMALL_EVIDENCE[:1], headers=env.lookalike)
    assert mine["id"] != sub["id"]                 # its own dossier, not "Huyện Kon Rẫy"'s
    assert count(env, Submission) == 2


def test_the_dossiers_unit_names_the_report_and_the_export_not_the_tables(env: Env) -> None:
    table = (SAMPLE / "assessment.tsv").read_text(encoding="utf-8").replace("Huyện Kon Rẫy", "Huyện Sa Thầy")
    assert "Huyện Sa Thầy" in table
    resp = env.client.post("/submissions", headers=env.unit, files={
        "archive": ("s.zip", _zip(SMALL_EVIDENCE[:1], table_text=table), "application/zip")})
    sub_id = resp.json()["id"]
    wait_done(env, sub_id)
    report = env.client.get(f"/submissions/{sub_id}/report", headers=env.unit).json()
    assert report["unit"] == UNIT and report["unit_in_table"] == "Huyện Sa Thầy"


def test_the_council_column_refuses_bad_scores_and_records_only_changes(env: Env) -> None:
    sub = upload(env, SMALL_EVIDENCE[:2])
    wait_done(env, sub["id"])
    assert appraise(env, sub["id"], ("1.1.1", "0,5")).status_code == 409        # not sent yet
    move(env, sub["id"], "send", env.unit)
    for bad in ("NaN", "sNaN", "-Infinity", "-5", "1e9", "1,5", "0,25", "abc", "0,505"):
        resp = appraise(env, sub["id"], ("1.1.1", bad))
        assert resp.status_code == 422, (bad, resp.text)
        assert resp.json()["detail"]["errors"][0]["criterion"] == "1.1.1"
    unknown = appraise(env, sub["id"], ("<b>9.9</b>", "0"))
    assert unknown.status_code == 422 and "criterion" in unknown.text
    parent = appraise(env, sub["id"], ("1.1", "1"))
    assert parent.status_code == 422
    assert count(env, Appraisal) == 0
    ok = appraise(env, sub["id"], ("1.1.1", "0,5"), ("1.1.2", "0"), ("9.1", "-0,5"))
    assert ok.status_code == 201 and ok.json() == {"id": sub["id"], "round": 1, "recorded": 3}
    same = appraise(env, sub["id"], ("1.1.1", "0.5"), ("1.1.2", "0"), ("9.1", "-0,5"))
    assert same.json()["recorded"] == 0                                    # nothing changed: nothing recorded
    changed = appraise(env, sub["id"], ("1.1.1", "0"), ("1.1.2", "0"))
    assert changed.json()["recorded"] == 1
    with session_scope(env.url) as s:
        latest = s.execute(select(Appraisal).order_by(Appraisal.id.desc()).limit(1)).scalar_one()
        entries = s.execute(select(func.count()).select_from(AuditEntry)
                            .where(AuditEntry.action == "appraisal_recorded")).scalar_one()
    assert (latest.criterion, latest.score, latest.previous_score, latest.appraisal_round) == ("1.1.1", "0.00",
                                                                                               "0.50", 1)
    assert latest.recorded_by.startswith("council:kontum:") and entries == 4
    kept = appraise(env, sub["id"], ("1.1.2", ""), opinion="chỉ ý kiến")     # an empty score keeps the score
    assert kept.status_code == 201
    cleared = env.client.post(f"/submissions/{sub['id']}/appraisal", headers=env.council,
                              json={"scores": [{"criterion": "1.1.2", "clear": True}]})
    assert cleared.status_code == 201 and cleared.json()["recorded"] == 1
    with session_scope(env.url) as s:
        gone = s.execute(select(Appraisal).order_by(Appraisal.id.desc()).limit(1)).scalar_one()
    assert (gone.criterion, gone.score, gone.previous_score) == ("1.1.2", "", "0.00")   # "": cleared
    xlsx = env.client.get(f"/submissions/{sub['id']}/report", headers=env.council)
    assert xlsx.status_code == 200


def test_statuses_move_only_as_the_council_and_the_unit_may(env: Env) -> None:
    sub = upload(env, SMALL_EVIDENCE[:1])
    wait_done(env, sub["id"])
    assert move(env, sub["id"], "start_round1", env.council).status_code == 409   # not sent, no deadline passed
    assert move(env, sub["id"], "finish", env.council).status_code == 409
    assert move(env, sub["id"], "send", env.unit).status_code == 200
    locked = env.client.post("/submissions", headers=env.unit,
                             files={"archive": ("s.zip", _zip(SMALL_EVIDENCE[:1]), "application/zip")})
    assert locked.status_code == 409 and locked.json()["detail"]["code"] == "E_LOCKED"
    assert move(env, sub["id"], "start_round1", env.council).status_code == 200
    assert move(env, sub["id"], "request_reply", env.council).status_code == 200
    reply = env.client.post(f"/submissions/{sub['id']}/criteria/5.1.1/reply", headers=env.unit,
                            data={"text": "Đơn vị bổ sung Quyết định phê duyệt vị trí việc làm"},
                            files={"file": ("QĐ bổ sung.pdf", (SAMPLE / SMALL_EVIDENCE[4]).read_bytes(),
                                            "application/pdf")})
    assert reply.status_code == 201, reply.text
    assert reply.json()["files"] == ["evidence/5.1.1/QĐ bổ sung.pdf"]
    assert move(env, sub["id"], "send_reply", env.unit).json()["dossier_status"] == "round2"
    assert move(env, sub["id"], "finish", env.council).json()["dossier_status"] == "done"
    past = move(env, sub["id"], "reopen", env.council, until="2000-01-01T00:00:00+07:00")
    assert past.status_code == 409
    reopened = move(env, sub["id"], "reopen", env.council, until="2099-01-01T17:00:00+07:00")
    assert reopened.json()["dossier_status"] == "awaiting_reply"
    with session_scope(env.url) as s:
        moves = s.execute(select(AuditEntry.actor, AuditEntry.details).where(AuditEntry.action == "dossier_status")
                          .order_by(AuditEntry.seq)).all()
    assert len(moves) == 6 and moves[0][0].startswith("unit:") and moves[-1][0].startswith("council:")


def test_a_passed_deadline_locks_uploads_until_the_council_reopens(env: Env) -> None:
    sub = upload(env, SMALL_EVIDENCE[:1])
    year = wait_done(env, sub["id"])["year"]                 # read from the table by the first check
    done = env.client.post("/deadlines", headers=env.council,
                           json={"year": year, "phase": "self", "due_at": "2001-01-01T17:00:00+07:00"})
    assert done.status_code == 201
    late = env.client.post(f"/submissions/{sub['id']}/files", headers=env.unit,
                           files={"evidence": ("1.1.1/x.pdf", (SAMPLE / SMALL_EVIDENCE[0]).read_bytes())})
    assert late.status_code == 409 and late.json()["detail"]["code"] == "E_DEADLINE"
    assert move(env, sub["id"], "reopen", env.council, until="2099-01-01T17:00:00+07:00").status_code == 200
    state = env.client.get(f"/submissions/{sub['id']}", headers=env.unit).json()
    assert state["deadlines"]["self"].startswith("2099-01-01T10:00")           # 17:00 in Vietnam
    again = env.client.post(f"/submissions/{sub['id']}/files", headers=env.unit,
                            files={"evidence": ("1.1.1/x.pdf", (SAMPLE / SMALL_EVIDENCE[0]).read_bytes())})
    assert again.status_code == 202


def test_files_per_criterion_are_filed_under_it_replaced_and_deleted_as_new_versions(env: Env) -> None:
    sub = upload(env, SMALL_EVIDENCE[:2])
    wait_done(env, sub["id"])
    pdf = (SAMPLE / SMALL_EVIDENCE[4]).read_bytes()
    # The browser's picker drops folders: whatever the name says, the file goes under 5.1.1.
    added = env.client.post(f"/submissions/{sub['id']}/criteria/5.1.1/files", headers=env.unit,
                            files={"file": ("C:\\\\Users\\\\cv\\\\CV 3682.pdf", pdf, "application/pdf")})
    assert added.status_code == 202 and added.json()["files"] == ["evidence/5.1.1/CV 3682.pdf"]
    wait_done(env, sub["id"])
    replaced = env.client.post(f"/submissions/{sub['id']}/criteria/5.1.1/files", headers=env.unit,
                               files={"file": ("CV 3682.pdf", pdf + b"\n% corrected\n", "application/pdf")})
    run = replaced.json()["run"]
    state = wait_done(env, sub["id"])
    assert next(r for r in state["runs"] if r["run"] == run)["extracted"] == 1   # only the replaced file re-read
    removed = env.client.post(f"/submissions/{sub['id']}/files/remove", headers=env.unit,
                              json={"files": ["evidence/5.1.1/CV 3682.pdf"]})
    assert removed.status_code == 202
    wait_done(env, sub["id"])
    with session_scope(env.url) as s:
        versions = s.execute(select(Round.id).where(Round.submission_id == sub["id"]).order_by(Round.number)
                             ).scalars().all()
        listed = [sorted(s.execute(select(RoundFile.relative).where(RoundFile.round_id == v)).scalars())
                  for v in versions]
    assert len(versions) == 4
    assert "evidence/5.1.1/CV 3682.pdf" in listed[1] and "evidence/5.1.1/CV 3682.pdf" not in listed[3]
    assert listed[3] == listed[0]                  # the earlier versions still hold what was removed
    bad = env.client.post(f"/submissions/{sub['id']}/criteria/..%2F..%2Fetc/files", headers=env.unit,
                          files={"file": ("x.pdf", pdf, "application/pdf")})
    assert bad.status_code in (404, 422)


def test_a_finished_run_stores_its_totals_and_old_nan_scores_break_nothing(env: Env) -> None:
    from service.storage.models import Run

    sub = upload(env, SMALL_EVIDENCE[:1])
    wait_done(env, sub["id"])
    report = env.client.get(f"/submissions/{sub['id']}/report", headers=env.unit).json()
    with session_scope(env.url) as s:
        run = s.execute(select(Run).where(Run.submission_id == sub["id"])).scalar_one()
        assert (float(run.total_suggested or "nan"), float(run.total_max or "nan")) == (
            report["totals"]["suggested"], report["totals"]["max"])
        # Rows stored before scores were validated (issue 12: sNaN made every export fail).
        for i, bad in enumerate(("sNaN", "NaN", "-Infinity")):
            s.add(Appraisal(submission_id=sub["id"], round_id=run.round_id, criterion=f"1.1.{i + 1}", score=bad,
                            recorded_by="legacy"))
    from service.workflow.appraisals import council_totals

    with session_scope(env.url) as s:
        assert council_totals(s, [sub["id"]]) == {}                  # unscored, not an error
    assert env.client.get(f"/submissions/{sub['id']}/report", headers=env.council).status_code == 200


def test_the_dossier_xlsx_has_the_councils_columns_apart_from_the_suggestion(env: Env, tmp_path: Path) -> None:
    from service.config import load_settings
    from service.storage.blobs import BlobStore
    from service.storage.models import Run
    from service.web.data import report_of
    from service.workflow.exports import dossier_xlsx

    sub = upload(env, SMALL_EVIDENCE[:2])
    wait_done(env, sub["id"])
    move(env, sub["id"], "send", env.unit)
    appraise(env, sub["id"], ("1.1.1", "0"), opinion="Ban hành muộn so với hướng dẫn")
    with session_scope(env.url) as s:
        row = s.get_one(Submission, sub["id"])
        run = s.execute(select(Run).where(Run.submission_id == sub["id"])).scalar_one()
        report = report_of(run, row)
        assert report is not None
        body = dossier_xlsx(s, row, run, report, BlobStore(load_settings().blob_dir), "vi")
    path = tmp_path / "x.xlsx"
    path.write_bytes(body)
    ws = load_workbook(path).worksheets[0]
    rows = {str(ws.cell(row=r, column=1).value).split(". ")[0]: r for r in range(7, ws.max_row + 1)}
    r = rows["1.1.1"]
    assert ws[f"E{r}"].value == 0.5 and ws[f"G{r}"].value == 0          # suggestion vs the council's round 1
    assert ws[f"I{r}"].value == "Ban hành muộn so với hướng dẫn"
    assert "Kế hoạch" in str(ws[f"D{r}"].value)                         # the unit's own explanation, from its table
    assert ws[f"G{rows['1.1.2']}"].value is None                        # not scored: empty, not the suggestion
