"""The service scores each submission with its own province's framework (the unit's token says
which), not with one framework for the whole deployment: the embedded default (in-process runner,
SQLite) through the real app, with the Sơn La department sample (born-digital files)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.auth.tokens import Role, create_token
from service.config import load_settings
from service.storage.session import dispose_engines, session_scope
from tests.service.stack import REPO

pytestmark = pytest.mark.service
SAMPLE = REPO / "sample_evidence" / "sonla-department-2025"
UNIT = "Sở Tư pháp tỉnh Sơn La"


@pytest.fixture()
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, str]]:
    for key in ("VERIFIER_BROKER_URL", "DATABASE_URL", "VERIFIER_BLOB_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_PROVINCE", "kontum")     # the deployment's default must not decide
    from service.api.app import create_app

    settings = load_settings()
    with TestClient(create_app(settings)) as client:
        yield client, settings.database_url
    dispose_engines()


def _submit(client: TestClient, token: str) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {token}"}
    files = [("assessment", ("assessment.tsv", (SAMPLE / "assessment.tsv").read_bytes(), "text/plain"))]
    for path in sorted((SAMPLE / "evidence").rglob("*")):
        if path.is_file():
            rel = path.relative_to(SAMPLE / "evidence").as_posix()
            files.append(("evidence", (rel, path.read_bytes(), "application/octet-stream")))
    resp = client.post("/submissions", headers=headers, files=files)
    assert resp.status_code == 202, resp.text
    sub_id = resp.json()["id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state: dict[str, object] = client.get(f"/submissions/{sub_id}", headers=headers).json()
        if state["status"] in ("done", "failed"):
            if state["status"] == "done":
                state["report"] = client.get(f"/submissions/{sub_id}/report", headers=headers).json()
            return state
        time.sleep(0.2)
    raise AssertionError("the in-process run did not finish")


def test_each_submission_is_scored_with_its_own_provinces_framework(app: tuple[TestClient, str]) -> None:
    client, database = app
    with session_scope(database) as s:
        sonla = create_token(s, Role.UNIT, unit=UNIT, province="sonla")
        kontum = create_token(s, Role.UNIT, unit=UNIT, province="kontum")
    done = _submit(client, sonla)
    assert done["status"] == "done", done
    report = done["report"]
    assert isinstance(report, dict) and report["framework"] == "sonla/department-2025@2025.1"
    # the same table sent under a Kon Tum token: Kon Tum merged into Quảng Ngãi during 2025, so
    # Quảng Ngãi appraises 2025, and it has no department framework for that year
    failed = _submit(client, kontum)
    runs = failed["runs"]
    assert failed["status"] == "failed" and isinstance(runs, list)
    assert "quangngai/department-2025" in str(runs[-1])
