"""The pages in a real browser, the unit's side: a unit uploads the sample submission and watches it
being read, opens a criterion and its page picture, downloads the XLSX; another unit is kept out; a
supplement shows what changed. The appraisal rounds are in test_workflow_flow.py. Every page is
saved as a screenshot."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import Error as PlaywrightError

from service.web.picture import OUTLINE
from tests.report.test_xlsx_export import evaluate, rows_by_code
from tests.web.conftest import PASSWORD, ROUND1, ROUND2, UNIT, Service, sample_zip, shot, shot_of, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHECK_TIMEOUT_MS = 240_000


@dataclass
class Upload:
    page: Any
    submission_id: str
    percents: list[int]
    report: dict[str, Any]


def _watch_progress(page: Any) -> list[int]:
    seen: list[int] = []

    def on_response(response: Any) -> None:
        if response.url.endswith("/progress.json") and response.ok:
            seen.append(int(response.json()["percent"]))

    page.on("response", on_response)
    return seen


@pytest.fixture(scope="module")
def upload(browser: Any, service: Service, workdir: Path) -> Upload:
    page = signed_in(browser, service, "unit")
    shot(page, "01-unit-home")
    archive = sample_zip(workdir / "konray-2023.zip", ROUND1, with_table=True)
    percents = _watch_progress(page)
    page.set_input_files("#archive", str(archive))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/submissions/[0-9a-f]{32}$"))
    submission_id = page.url.rsplit("/", 1)[-1]
    if page.locator("#progress").count():
        shot(page, "02-unit-progress")
        try:  # the bar at 100%, in the moment before the page moves on to the result
            page.wait_for_function("document.getElementById('percent')?.textContent === '100%'",
                                   timeout=CHECK_TIMEOUT_MS)
            shot(page, "02-unit-progress-100")
        except PlaywrightError:
            pass                                     # already on the result page
    page.wait_for_selector("#criteria", timeout=CHECK_TIMEOUT_MS)    # the result page
    if not percents:  # the check finished before the first poll: ask once, as the page would
        percents.append(int(page.request.get(f"/ui/submissions/{submission_id}/progress.json").json()["percent"]))
    report = page.request.get(f"/ui/submissions/{submission_id}/report.json").json()
    return Upload(page, submission_id, percents, report)


def test_the_unit_sees_progress_reach_100_and_the_result(upload: Upload) -> None:
    assert upload.percents[-1] == 100
    assert upload.percents == sorted(upload.percents)
    page = upload.page
    assert UNIT in page.inner_text("h1")
    rows = page.locator("#criteria tbody tr")           # criteria under their (collapsed) fields
    assert rows.count() + page.locator("#criteria details.field").count() == len(upload.report["criteria"])
    assert page.inner_text("#total-suggested") == f"{upload.report['totals']['suggested']:.2f}".rstrip("0").rstrip(
        ".").replace(".", ",")
    # "What to fix" is grouped by field, the fields ordered by the points at stake, in plain words.
    groups = page.locator("#fix-list > li")
    assert groups.count() >= 2
    text = page.inner_text("#fix-list")
    assert "claim_mismatch" not in text and "Cần Hội đồng xem xét" not in text and "không trung thực" not in text
    shot(page, "03-unit-result")
    page.goto(f"/ui/submissions/{upload.submission_id}?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "What the unit should fix" in page.inner_text("main")
    page.goto(f"/ui/submissions/{upload.submission_id}")          # the cookie keeps English
    assert "Suggested total" in page.inner_text("main")
    page.goto(f"/ui/submissions/{upload.submission_id}?lang=vi")
    assert "Tổng điểm đề xuất" in page.inner_text("main")


def test_readable_pages_work_without_javascript(browser: Any, service: Service, upload: Upload) -> None:
    context = browser.new_context(base_url=service.base, java_script_enabled=False)
    page = context.new_page()
    page.goto("/ui/signin")
    page.fill("#username", "unit")
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    assert page.url.endswith("/ui/unit")
    page.goto(f"/ui/submissions/{upload.submission_id}?open=1.1.1")   # what the fix list's links do
    row = page.locator('tr[id="c-1.1.1"]')
    assert row.locator("details").get_attribute("open") is not None     # opened by the server, no script
    assert row.locator("figure.page-picture img").count() >= 1
    assert page.locator("a", has_text="Tải bảng điểm (.xlsx)").get_attribute("href", timeout=5000)
    context.close()


def _picture_outlined(page: Any, img: Any) -> int:
    img.scroll_into_view_if_needed()
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=img.element_handle())
    png = page.request.get(img.get_attribute("src")).body()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    px = image.load()
    assert px is not None
    return sum(1 for y in range(0, image.height, 2) for x in range(image.width) if px[x, y] == OUTLINE)


def test_criterion_1_1_1_opens_on_its_evidence_and_page_picture(upload: Upload) -> None:
    page = upload.page
    expected = next(c for c in upload.report["criteria"] if c["code"] == "1.1.1")
    page.goto(f"/ui/submissions/{upload.submission_id}")
    page.locator("details#f-1 > summary").click()     # fields start collapsed
    row = page.locator('tr[id="c-1.1.1"]')
    row.locator("summary").focus()
    page.keyboard.press("Enter")                     # expandable with the keyboard
    assert row.locator("details").get_attribute("open") is not None
    for f in expected["findings"]:
        assert f["message"] in row.inner_text()
    assert "KH-163-CCHC-2023.pdf" in row.inner_text() and "163/KH-UBND" in row.inner_text()
    img = row.locator("figure.page-picture img").first
    assert _picture_outlined(page, img) > 50          # the number and date lines, outlined
    # A finding that names an uploaded file shows its page; one naming a file never uploaded does not.
    uploaded = {f["file"] for f in upload.report["files"]}
    named = [(c["code"], f) for c in upload.report["criteria"] for f in c["findings"] if f["file"]]
    missing = [(code, f) for code, f in named if f["file"] not in uploaded]
    assert missing, "the sample's explanations name attachments that were not uploaded"
    code, finding = missing[0]
    page.goto(f"/ui/submissions/{upload.submission_id}?open={code}")
    other = page.locator(f'tr[id="c-{code}"]')
    item = other.locator("li.finding", has_text=finding["file"]).first
    assert item.is_visible() and item.locator("img").count() == 0
    for code, finding in [(c, f) for c, f in named if f["file"] in uploaded and f["file"].endswith(".pdf")][:1]:
        page.goto(f"/ui/submissions/{upload.submission_id}?open={code}")
        item = page.locator(f'tr[id="c-{code}"] li.finding', has_text=finding["file"]).first
        assert _picture_outlined(page, item.locator("img")) >= 0
    page.goto(f"/ui/submissions/{upload.submission_id}?open=1.1.1")
    row = page.locator('tr[id="c-1.1.1"]')
    row.scroll_into_view_if_needed()
    shot(page, "04-unit-criterion-1.1.1")
    shot_of(row, "04-unit-criterion-1.1.1-row")


def test_the_xlsx_download_matches_the_json_report(upload: Upload, workdir: Path) -> None:
    page = upload.page
    with page.expect_download() as info:
        page.click("text=Tải bảng điểm (.xlsx)")
    path = workdir / "export.xlsx"
    info.value.save_as(str(path))
    ws = load_workbook(path).worksheets[0]
    codes = rows_by_code(ws)
    report = upload.report
    assert list(codes) == [c["code"] for c in report["criteria"]]
    for c in report["criteria"]:
        r = codes[c["code"]]
        for col, key in (("B", "max_score"), ("C", "self_score"), ("E", "suggested_score")):
            if c[key] is not None:
                assert evaluate(ws, f"{col}{r}") == Decimal(str(c[key])), (c["code"], col)
    total = ws.max_row
    assert ws.cell(row=total, column=1).value == "Tổng điểm"
    assert isinstance(ws[f"E{total}"].value, str) and ws[f"E{total}"].value.startswith("=SUM(")
    for col, key in (("B", "max"), ("C", "self"), ("E", "suggested")):
        assert evaluate(ws, f"{col}{total}") == Decimal(str(report["totals"][key])), col


def test_another_unit_cannot_reach_this_units_pages(browser: Any, service: Service, upload: Upload) -> None:
    page = signed_in(browser, service, "other_unit")
    sid = upload.submission_id
    for path in (f"/ui/submissions/{sid}", f"/ui/submissions/{sid}/export.xlsx",
                 f"/ui/submissions/{sid}/report.json", f"/ui/submissions/{sid}/report.html",
                 f"/ui/submissions/{sid}/progress.json",
                 f"/ui/submissions/{sid}/picture.png?file=evidence/1.1.1/KH-163-CCHC-2023.pdf"):
        response = page.request.get(path)
        assert response.status == 404, path
        assert UNIT not in response.text() and "163/KH-UBND" not in response.text(), path
    response = page.goto(f"/ui/submissions/{sid}")
    assert response is not None and response.status == 404
    shot(page, "05-other-unit-refused")
    assert page.goto("/ui/unit") is not None and UNIT not in page.inner_text("main")
    assert page.request.get("/ui/council").status == 403        # a unit is not the council
    assert page.request.get("/ui/audit").status == 403
    page.context.close()


def test_round_2_supplement_shows_what_changed(upload: Upload, workdir: Path) -> None:
    page = upload.page
    page.goto(f"/ui/submissions/{upload.submission_id}")
    archive = sample_zip(workdir / "supplement.zip", ROUND2, with_table=False)
    page.set_input_files("#s-archive", str(archive))
    page.click("#supplement-form button[type=submit]")
    page.wait_for_selector("#criteria", timeout=CHECK_TIMEOUT_MS)
    page.wait_for_function("!document.getElementById('progress')", timeout=CHECK_TIMEOUT_MS)
    assert "Phiên bản 2" in page.inner_text("p.meta")
    page.locator("#changes-box > summary").click()
    changes = page.inner_text("#changes-box")
    before = next(c for c in upload.report["criteria"] if c["code"] == "1.4.1")
    after = next(c for c in page.request.get(f"/ui/submissions/{upload.submission_id}/report.json").json()["criteria"]
                 if c["code"] == "1.4.1")
    if (before["status"], before["suggested_score"]) != (after["status"], after["suggested_score"]):
        assert "1.4.1" in changes
    assert "1.1.1" not in changes                   # untouched criteria are not listed
    page.locator("#changes-box").scroll_into_view_if_needed()
    shot(page, "06-unit-version-2-changes")
    shot_of(page.locator("#changes-box"), "06-unit-version-2-changes-table")
