"""The pages under the service's Content-Security-Policy (service/api/edge.py), in Chromium, without
Playwright's CSP bypass: a unit signs in, uploads, watches the progress bar (progress.js) reach the
result and opens a criterion; the council opens its dashboard. No CSP violation and no
script error on the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.web.conftest import PASSWORD, ROUND1, Service, sample_zip


def _strict_page(browser: Any, service: Service, account: str) -> tuple[Any, list[str]]:
    context = browser.new_context(base_url=service.base, locale="vi-VN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    problems: list[str] = []
    # Console errors other than failed loads (reported with their address below) and script errors.
    page.on("console", lambda m: problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.add_init_script("document.addEventListener('securitypolicyviolation', "
                         "e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    page.goto("/ui/signin")
    page.fill("#username", account.replace("_", "."))
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_load_state()
    assert "/ui/signin" not in page.url
    return page, problems


def test_pages_run_their_scripts_under_the_strict_csp(browser: Any, service: Service, workdir: Path) -> None:
    archive = sample_zip(workdir / "csp.zip", ROUND1[:2], with_table=True)
    with httpx.Client(base_url=service.base, headers={"Authorization": f"Bearer {service.tokens['other_unit']}"},
                      timeout=60) as api:
        resp = api.post("/submissions", files={"archive": ("csp.zip", archive.read_bytes(), "application/zip")})
    assert resp.status_code == 202, resp.text
    sub_id = resp.json()["id"]
    page, problems = _strict_page(browser, service, "other_unit")
    csp = page.goto(f"/ui/submissions/{sub_id}")
    assert csp is not None and "script-src 'self'" in (csp.headers.get("content-security-policy") or "")
    page.wait_for_selector("#criteria", timeout=120_000)     # progress.js swapped the progress for the result
    page.locator("#criteria details").first.click()
    page.context.close()
    council, council_problems = _strict_page(browser, service, "council")
    council.goto("/ui/council")                              # the dashboard
    council.wait_for_load_state()
    council.context.close()
    assert not problems and not council_problems, problems + council_problems
