"""Bounded costs: the dashboard reads stored totals (a dashboard of 300 units parses no report), the
audit page verifies from the signed checkpoint (a second view checks only the new entries), lists are
paged. Figures are printed for docs/service.md."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from service.audit.log import Action, append
from service.auth.accounts import create_account
from service.auth.tokens import Role
from service.storage.models import Appraisal, Round, Run, Submission, Unit
from service.storage.session import dispose_engines, session_scope
from verifier.text import fold

pytestmark = [pytest.mark.service, pytest.mark.slow]
BASE = "http://testserver"
UNITS = 300
ENTRIES = 20_000


@pytest.fixture()
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, str]]:
    for key in ("VERIFIER_BROKER_URL", "DATABASE_URL", "VERIFIER_BLOB_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    from service.api.app import create_app
    from service.config import load_settings

    settings = load_settings()
    with TestClient(create_app(settings), base_url=BASE) as c:
        with session_scope(settings.database_url) as s:
            for name, role in (("hoidong", Role.COUNCIL), ("kiemtra", Role.AUDITOR)):
                create_account(s, username=name, display_name=name, password="mat khau thu nghiem", role=role,
                               province="kontum", actor="test")
        yield c, settings.database_url
    dispose_engines()


def _sign_in(c: TestClient, name: str) -> None:
    form = c.get("/ui/signin").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    assert c.post("/ui/signin", data={"username": name, "password": "mat khau thu nghiem", "csrf": csrf},
                  headers={"Origin": BASE}, follow_redirects=False).status_code == 303


def _timed(c: TestClient, path: str) -> tuple[float, str]:
    started = time.perf_counter()
    resp = c.get(path)
    assert resp.status_code == 200, resp.text[:300]
    return time.perf_counter() - started, resp.text


def test_a_dashboard_of_300_units_reads_stored_totals(client: tuple[TestClient, str]) -> None:
    c, url = client
    with session_scope(url) as s:
        for i in range(UNITS):
            name = f"Xã số {i:03d}"
            s.execute(insert(Unit).values(id=i + 1, province="kontum", name=name, name_key=fold(name)))
            sid = uuid.uuid4().hex
            s.execute(insert(Submission).values(id=sid, unit=name, unit_key=fold(name), province="kontum",
                                                year=2023, created_by="test", unit_id=i + 1, status="round1"))
            s.execute(insert(Round).values(id=i + 1, submission_id=sid, number=1))
            # A report that would fail to parse: the dashboard must never read it.
            s.execute(insert(Run).values(submission_id=sid, round_id=i + 1, status="done", stage="done",
                                         report="{not json", total_max="97", total_self="90.29",
                                         total_suggested=str(80 + i % 17)))
            s.execute(insert(Appraisal).values(submission_id=sid, round_id=i + 1, criterion="1.1.1",
                                               score="0.50", recorded_by="user:hoidong", appraisal_round=1))
    _sign_in(c, "hoidong")
    first, _ = _timed(c, "/ui/council?year=2023")
    took, html = _timed(c, "/ui/council?year=2023")
    assert html.count('class="ds-row-round1"') == 50                  # a page of 50 of the 300
    assert "Xã số 000" in html and "Trang sau" in html
    last, html = _timed(c, "/ui/council?year=2023&page=6")
    assert "Xã số 299" in html
    xlsx_started = time.perf_counter()
    assert c.get("/ui/council/export.xlsx?year=2023").status_code == 200
    xlsx = time.perf_counter() - xlsx_started
    print(f"\ndashboard, {UNITS} units: first view {first * 1000:.0f} ms, next {took * 1000:.0f} ms, "
          f"page 6 {last * 1000:.0f} ms; all-units XLSX {xlsx * 1000:.0f} ms")
    assert took < 5.0


def test_the_audit_page_verifies_from_the_signed_checkpoint(client: tuple[TestClient, str]) -> None:
    c, url = client
    with session_scope(url) as s:
        for i in range(ENTRIES):
            append(s, Action.FINDING, "system:worker", unit="Xã số 001", year=2023, province="kontum",
                   details={"message": f"phát hiện {i}"})
    _sign_in(c, "kiemtra")
    full, html = _timed(c, "/ui/audit")        # no checkpoint yet: the whole chain, then one is written
    whole = int(re.search(r"đã kiểm (\d+)", html).group(1))  # type: ignore[union-attr]
    assert "Nguyên vẹn" in html and whole > ENTRIES
    again, html = _timed(c, "/ui/audit")
    checked = int(re.search(r"đã kiểm (\d+)", html).group(1))  # type: ignore[union-attr]
    assert checked < 20                        # only the entries since the checkpoint
    older, html = _timed(c, "/ui/audit?before=10000")
    assert html.count("<tr>") <= 101 and "Cũ hơn" in html
    print(f"\naudit page, {ENTRIES} entries: first view {full * 1000:.0f} ms (whole chain, writes a checkpoint), "
          f"next {again * 1000:.0f} ms ({checked} entries checked), an older page {older * 1000:.0f} ms")
    assert again < full
