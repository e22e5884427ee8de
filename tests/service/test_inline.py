"""The embedded default (no broker, SQLite, in-process runner) through the real app, and the upload
guards: size limits while streaming, zip traversal and bombs, cleaned file names. Plus the reviewed
Celery configuration's invariants."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from service.auth.tokens import Role, create_token
from service.config import ConfigError, load_settings
from service.storage.models import RoundFile
from service.storage.session import dispose_engines, session_scope
from tests.service.stack import REPO, SAMPLE, SMALL_EVIDENCE, small_submission

pytestmark = pytest.mark.service
UNIT = "Huyện Kon Rẫy"


@pytest.fixture()
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, dict[str, str]]]:
    for key in ("VERIFIER_BROKER_URL", "DATABASE_URL", "VERIFIER_BLOB_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VERIFIER_HOME", str(tmp_path))
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_MAX_REQUEST_BYTES", str(3 * 1024 * 1024))
    monkeypatch.setenv("VERIFIER_MAX_FILE_BYTES", str(1024 * 1024))
    from service.api.app import create_app

    settings = load_settings()
    with TestClient(create_app(settings)) as client:
        with session_scope(settings.database_url) as s:
            token = create_token(s, Role.UNIT, unit=UNIT, province="kontum")
        yield client, {"Authorization": f"Bearer {token}"}
    dispose_engines()


def _wait(client: TestClient, headers: dict[str, str], sub_id: str) -> dict[str, object]:
    import time

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        state: dict[str, object] = client.get(f"/submissions/{sub_id}", headers=headers).json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.2)
    raise AssertionError("the in-process run did not finish")


def test_embedded_default_verifies_and_reextracts_only_new_files(app: tuple[TestClient, dict[str, str]],
                                                                  tmp_path: Path) -> None:
    client, headers = app
    folder = small_submission(tmp_path / "sub", count=3)
    files = [("assessment", ("Bảng tự đánh giá.tsv", (folder / "assessment.tsv").read_bytes(), "text/plain"))]
    files += [("evidence", (rel.removeprefix("evidence/"), (folder / rel).read_bytes(), "application/pdf"))
              for rel in SMALL_EVIDENCE[:3]]
    resp = client.post("/submissions", headers=headers, files=files)
    assert resp.status_code == 202, resp.text
    sub_id = resp.json()["id"]
    state = _wait(client, headers, sub_id)
    assert state["status"] == "done", state
    report = client.get(f"/submissions/{sub_id}/report", headers=headers).json()
    assert report["unit"] == UNIT and len(report["files"]) == 3

    added = (SAMPLE / SMALL_EVIDENCE[3]).read_bytes()
    resp = client.post(f"/submissions/{sub_id}/files", headers=headers,
                       files={"evidence": ("2.2.4/bổ sung.pdf", added, "application/pdf")})
    assert resp.status_code == 202, resp.text
    state = _wait(client, headers, sub_id)
    runs = state["runs"]
    assert isinstance(runs, list) and [r["extracted"] for r in runs] == [3, 1]
    second = client.get(f"/submissions/{sub_id}/report", headers=headers).json()
    assert {f["file"] for f in second["files"]} == {*SMALL_EVIDENCE[:3], "evidence/2.2.4/bổ sung.pdf"}


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(("entries", "code"), [
    pytest.param({"assessment.tsv": b"x", "../evil.pdf": b"%PDF-1.4"}, "E_ARCHIVE_ENTRY", id="dotdot"),
    pytest.param({"assessment.tsv": b"x", "/etc/evil.pdf": b"%PDF-1.4"}, "E_ARCHIVE_ENTRY", id="absolute"),
    pytest.param({"assessment.tsv": b"x", "evidence/big.pdf": random.Random(0).randbytes(1536 * 1024)},
                 "E_TOO_LARGE", id="entry-over-file-limit"),
    pytest.param({"assessment.tsv": b"x", "evidence/bomb.pdf": b"\0" * (20 * 1024 * 1024)}, "E_ARCHIVE_BOMB",
                 id="ratio-bomb"),
    pytest.param({"assessment.tsv": b"x", "evidence/a.pdf": b"1", "evidence/A.pdf": b"2"}, "E_ARCHIVE_ENTRY",
                 id="duplicate-after-folding"),
])
def test_unsafe_zips_are_refused_with_a_typed_error(app: tuple[TestClient, dict[str, str]],
                                                    entries: dict[str, bytes], code: str) -> None:
    client, headers = app
    resp = client.post("/submissions", headers=headers, files={"archive": ("s.zip", _zip(entries), "application/zip")})
    assert resp.status_code in (413, 422), resp.text
    assert resp.json()["code"] == code


def test_request_over_the_limit_is_stopped_while_streaming(app: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = app

    def body() -> Iterator[bytes]:
        yield b"--x\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"a.pdf\"\r\n\r\n"
        for _ in range(64):                      # 4 MiB in chunks, no Content-Length declared
            yield b"\0" * 65536
        yield b"\r\n--x--\r\n"

    resp = client.post("/submissions", headers={**headers, "Content-Type": "multipart/form-data; boundary=x"},
                       content=body())
    assert resp.status_code == 413 and resp.json()["code"] == "E_TOO_LARGE"


def test_client_names_are_display_data(app: tuple[TestClient, dict[str, str]], tmp_path: Path) -> None:
    client, headers = app
    folder = small_submission(tmp_path / "sub", count=1)
    nfd = "Ke\u0302\u0301 hoa\u0323ch <163>.pdf"           # decomposed "Kế hoạch", forbidden characters
    resp = client.post("/submissions", headers=headers, files=[
        ("assessment", ("assessment.tsv", (folder / "assessment.tsv").read_bytes(), "text/plain")),
        ("evidence", (f"1.1.1\\{nfd}", (folder / SMALL_EVIDENCE[0]).read_bytes(), "application/pdf"))])
    assert resp.status_code == 202, resp.text
    with session_scope(client.app.state.settings.database_url) as s:  # type: ignore[attr-defined]
        names = sorted(s.execute(select(RoundFile.relative)).scalars())
    assert names == ["assessment.tsv", "evidence/1.1.1/Kế hoạch _163_.pdf"]
    _wait(client, headers, resp.json()["id"])


def test_visibility_timeout_must_outlast_the_hard_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFIER_TASK_HARD_LIMIT", "600")
    monkeypatch.setenv("VERIFIER_VISIBILITY_TIMEOUT", "600")
    with pytest.raises(ConfigError, match="must exceed"):
        load_settings()


def test_celery_configuration_is_the_reviewed_one() -> None:
    code = ("import json, workers.app as w; c = w.app.conf; print(json.dumps([c.task_serializer, c.accept_content, "
            "c.task_acks_late, c.task_reject_on_worker_lost, c.worker_prefetch_multiplier, c.task_time_limit, "
            "c.task_soft_time_limit, c.broker_transport_options['visibility_timeout'], c.worker_max_tasks_per_child]))")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "VERIFIER_BROKER_URL": "redis://127.0.0.1:1/0",
           "VERIFIER_TASK_HARD_LIMIT": "900"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    import json

    serializer, accept, late, reject, prefetch, hard, soft, visibility, per_child = json.loads(out.stdout)
    assert (serializer, accept, late, reject, prefetch) == ("json", ["json"], True, True, 1)
    assert soft < hard == 900 < visibility
    assert 0 < per_child <= 100
