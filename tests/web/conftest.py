"""A real service for the browser tests: the API application with the pages mounted, served by
uvicorn on a free port in this process (in-process runner, SQLite), a named account for each role
(and API tokens for setting up), and Debian's headless Chromium driven by Playwright. Screenshots go
to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_evidence" / "konray-2023"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("VERIFIER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Born-digital PDFs of the sample (no OCR): the whole check takes seconds, on 2 shared cores too.
ROUND1 = (
    "evidence/1.1.1/KH-163-CCHC-2023.pdf",
    "evidence/1.3.1/KH-130-kiem-tra-CCHC-dot-2-2023.pdf",
    "evidence/2.1.1/KH-61-thi-hanh-XLVPHC-2023.pdf",
    "evidence/2.2.4/BC-473-ra-soat-VBQPPL-2023.pdf",
    "evidence/5.1.1/CV-3682-SNV-VTVL-don-vi-su-nghiep.pdf",
    "evidence/5.7/BC-19-PNV-dao-tao-boi-duong-2023.pdf",
    "evidence/8.1/TB-25-SNV-kiem-tra-dot-xuat.pdf",
)
ROUND2 = ("evidence/1.4.1/KH-38-tuyen-truyen-CCHC-2023.pdf",)
UNIT, OTHER_UNIT, FLOW_UNIT, PROVINCE = "Huyện Kon Rẫy", "Huyện Đăk Hà", "Huyện Sa Thầy", "kontum"
PASSWORD = "mật khẩu thử nghiệm"
# account name -> (role, unit or None, the person's name)
ACCOUNTS = {
    "unit": ("unit", UNIT, "Nguyễn Văn An"),
    "other_unit": ("unit", OTHER_UNIT, "Lê Thị Bình"),
    "flow_unit": ("unit", FLOW_UNIT, "Phạm Văn Cường"),
    "council": ("council", None, "Trần Thị Dung"),
    "auditor": ("auditor", None, "Hoàng Văn Em"),
    "admin": ("admin", None, "Quản trị Sở Nội vụ"),
}


@dataclass(frozen=True)
class Service:
    base: str
    tokens: dict[str, str]        # role name -> secret (API, for setting up)
    home: Path
    database_url: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sample_zip(dest: Path, files: tuple[str, ...], with_table: bool) -> Path:
    """A zip of part of the Kon Rẫy sample, laid out as the submission folder under one top folder."""
    if not (SAMPLE / "assessment.tsv").is_file():
        raise AssertionError(f"the sample submission is missing: {SAMPLE} (scripts/make_samples.py)")
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        if with_table:
            zf.write(SAMPLE / "assessment.tsv", "konray-2023/assessment.tsv")
        for rel in files:
            zf.write(SAMPLE / rel, f"konray-2023/{rel}")
    return dest


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    import uvicorn

    home = tmp_path_factory.mktemp("web-home")
    env = {"VERIFIER_HOME": str(home), "VERIFIER_INLINE_JOBS": "2", "VERIFIER_PROVINCE": PROVINCE}
    saved = {k: os.environ.get(k) for k in (*env, "DATABASE_URL", "VERIFIER_BROKER_URL")}
    os.environ.update(env)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("VERIFIER_BROKER_URL", None)
    from service.api.app import create_app
    from service.auth.accounts import create_account
    from service.auth.tokens import Role, create_token
    from service.config import load_settings
    from service.storage.session import dispose_engines, session_scope, upgrade
    from service.workflow import units

    settings = load_settings()
    app = create_app(settings)
    assert any(str(getattr(r, "path", "")).startswith("/ui") for r in app.router.routes)
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as s:
        tokens = {
            "unit": create_token(s, Role.UNIT, unit=UNIT, province=PROVINCE, label="browser test"),
            "other_unit": create_token(s, Role.UNIT, unit=OTHER_UNIT, province=PROVINCE, label="browser test"),
            "council": create_token(s, Role.COUNCIL, province=PROVINCE, label="browser test"),
            "auditor": create_token(s, Role.AUDITOR, province=PROVINCE, label="browser test"),
        }
        for name, (role, unit, person) in ACCOUNTS.items():
            unit_id = units.ensure(s, PROVINCE, unit, actor="test").id if unit else None
            create_account(s, username=name.replace("_", "."), display_name=person, password=PASSWORD,
                           role=Role(role), unit_id=unit_id, province=PROVINCE, actor="test")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise AssertionError("the web server did not start")
        time.sleep(0.05)
    try:
        yield Service(f"http://127.0.0.1:{port}", tokens, home, settings.database_url)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        dispose_engines()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        raise AssertionError(f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def shot(page: Any, name: str) -> Path:
    """A full-page screenshot kept as a test artefact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def signed_in(browser: Any, service: Service, account: str, width: int = 1280) -> Any:
    """A fresh browser context signed in through the sign-in page with the account's password."""
    # bypass_csp: Playwright's wait_for_function polls by evaluating strings in the page, which the
    # service's strict CSP (no 'unsafe-eval') forbids; tests/web/test_csp.py checks the pages under it.
    context = browser.new_context(base_url=service.base, accept_downloads=True, locale="vi-VN",
                                  viewport={"width": width, "height": 900}, bypass_csp=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/ui/signin")
    page.fill("#username", account.replace("_", "."))
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")                  # keyboard only
    page.wait_for_load_state()
    assert "/ui/signin" not in page.url, f"sign-in as {account} failed"
    return page


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web-files")


def copy_sample(rel: str, dest: Path) -> Path:
    target = dest / Path(rel).name
    shutil.copyfile(SAMPLE / rel, target)
    return target


def shot_of(locator: Any, name: str) -> Path:
    """A screenshot of one element (a criterion row, a table) kept as a test artefact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    locator.screenshot(path=str(path))
    return path
