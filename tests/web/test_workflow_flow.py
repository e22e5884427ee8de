"""One appraisal season in a real browser (Chromium), in the order people do it: a unit prepares and
sends its dossier; the council finds it on the dashboard, a value over the maximum is refused in
place, four typed scores make exactly four records; round 1 is published; the unit reads the
council's scores and opinions and answers per criterion, replacing one file of 5.1.1 (one file
re-read); round 2 shows both; the council reopens and the unit uploads everything again into the same
dossier, with the council's work still there; the auditor exports CSV that Excel reads as Vietnamese;
an administrator creates a unit account and a token from the page. Pages at 375 px do not scroll
sideways. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from service.storage.models import Appraisal, AuditEntry, Run, Submission
from service.storage.session import session_scope
from tests.web.conftest import FLOW_UNIT, ROUND1, SAMPLE, Service, sample_zip, shot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHECK_TIMEOUT_MS = 240_000
# The unit's first files: the browser tests' set, plus a Tờ trình where 5.1.1 wants a Quyết định
# (a finding that cites its file and page).
FILES = (*ROUND1, "evidence/5.1.1/TTr-195-tham-dinh-vi-tri-viec-lam.pdf")
FOUR = {"1.1.1": "0", "1.1.2": "0,5", "1.3.1": "0,5", "2.1.1": "1"}
OPINION = "Kế hoạch ban hành sau ngày 31/12/2022; đề nghị giải trình"


@dataclass
class Flow:
    unit: Any
    council: Any
    submission_id: str = ""
    notes: dict[str, Any] = field(default_factory=dict)


def count(service: Service, model: Any, **where: Any) -> int:
    with session_scope(service.database_url) as s:
        stmt = select(func.count()).select_from(model)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return int(s.execute(stmt).scalar_one())


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))
        .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)""")
    at = page.viewport_size["width"]
    assert width <= at, f"{page.url}: {width}px wide at {at}px: {wide}"


def wait_checked(page: Any) -> None:
    page.wait_for_selector("#criteria", timeout=CHECK_TIMEOUT_MS)
    page.wait_for_function("!document.getElementById('progress')", timeout=CHECK_TIMEOUT_MS)


@pytest.fixture(scope="module")
def flow(browser: Any, service: Service, workdir: Path) -> Flow:
    unit = signed_in(browser, service, "flow_unit")
    archive = sample_zip(workdir / "flow.zip", FILES, with_table=True)
    unit.set_input_files("#archive", str(archive))
    unit.click("#upload-form button[type=submit]")
    unit.wait_for_url(re.compile(r"/ui/submissions/[0-9a-f]{32}$"))
    submission_id = unit.url.rsplit("/", 1)[-1]
    if unit.locator("#progress").count():
        # The label shows the bar's own number at every poll.
        unit.wait_for_function("document.getElementById('percent')?.textContent === "
                               "document.getElementById('bar').value + '%'", timeout=10_000)
    wait_checked(unit)
    return Flow(unit, signed_in(browser, service, "council"), submission_id)


def test_01_the_dossier_page_scales_to_94_criteria(flow: Flow, browser: Any, service: Service) -> None:
    page = flow.unit
    assert FLOW_UNIT in page.inner_text("h1")                     # the account's unit, not the table's
    assert page.inner_text("#dossier-status") == "Đang tự đánh giá"
    fields = page.locator("#criteria details.field")
    assert fields.count() >= 9 and fields.first.get_attribute("open") is None    # collapsed
    shot(page, "10-flow-unit-dossier")
    page.select_option("#filter-status", "fail")
    page.click("#filter-form button[type=submit]")
    statuses = page.locator("#criteria tbody td.status").all_inner_texts()
    assert statuses and set(statuses) == {"Không đạt"}
    page.goto(f"/ui/submissions/{flow.submission_id}?q=ke hoach cai cach")   # accent-insensitive search
    titles = page.locator("#criteria tbody td.label").all_inner_texts()
    assert titles and all("hoạch" in t.lower() or "cải cách" in t.lower() for t in titles)
    page.goto(f"/ui/submissions/{flow.submission_id}")
    link = page.locator("#fix-list a.fix-link").first
    code = link.inner_text()
    link.click()
    row = page.locator(f'tr[id="c-{code}"]')
    row.wait_for(state="visible")
    assert row.locator("details.criterion").get_attribute("open") is not None     # the link opens its row
    shot(page, "11-flow-fix-link-opens-row")
    phone = signed_in(browser, service, "flow_unit", width=375)
    dossier = f"/ui/submissions/{flow.submission_id}"
    for path in ("/ui/unit", dossier, f"{dossier}?open=5.1.1"):
        phone.goto(path)
        no_sideways_scroll(phone)
    shot(phone, "12-flow-dossier-375px")
    phone.context.close()


def test_02_a_finding_opens_its_file_at_the_cited_page(flow: Flow) -> None:
    page = flow.unit
    page.goto(f"/ui/submissions/{flow.submission_id}?open=5.1.1")
    row = page.locator('tr[id="c-5.1.1"]')
    listed = row.locator("ul.evidence").inner_text()
    assert "TTr-195" in listed and "đơn vị đính kèm ở tiêu chí này" in listed      # attached vs assigned
    link = row.locator("li.finding a.open-page", has_text="TTr-195").first
    href = link.get_attribute("href")
    assert href and "?page=" in href
    link.click()
    image = page.locator("#page-image")
    page.wait_for_function("el => el.complete && el.naturalWidth > 400", arg=image.element_handle())
    assert page.inner_text("#page-label").startswith("Trang " + href.rsplit("=", 1)[1])
    assert page.request.get(page.locator("#download-file").get_attribute("href")).body()[:4] == b"%PDF"
    shot(page, "13-flow-file-viewer")


def test_03_the_unit_sends_and_the_dossier_locks(flow: Flow) -> None:
    page = flow.unit
    page.goto(f"/ui/submissions/{flow.submission_id}")
    page.click("#move-send")
    page.wait_for_load_state()
    assert page.inner_text("#dossier-status") == "Đã gửi"
    assert page.locator("form.upload-criterion").count() == 0 and page.locator("#supplement-form").count() == 0
    page.goto("/ui/unit")
    assert page.locator("#upload-form").count() == 0 and page.locator("#upload-lock").is_visible()


def test_04_the_dashboard_shows_every_unit_and_exports_them(flow: Flow, workdir: Path) -> None:
    page = flow.council
    page.goto("/ui/council")
    text = page.inner_text("#dashboard")
    assert FLOW_UNIT in text and "Đã gửi" in text
    assert "Kon Tum" in page.inner_text("h1")                  # the province by its name
    page.fill("#board-q", "sa thay")                            # part of the name, no accents
    page.click("#board-filter button[type=submit]")
    assert page.locator("#dashboard tbody tr").count() == 1
    shot(page, "14-flow-council-dashboard")
    with page.expect_download() as info:
        page.click("#board-xlsx")
    path = workdir / "board.xlsx"
    info.value.save_as(str(path))
    ws = load_workbook(path).worksheets[0]
    units = {ws.cell(row=r, column=2).value: r for r in range(5, ws.max_row + 1)}
    assert FLOW_UNIT in units and ws.cell(row=units[FLOW_UNIT], column=4).value == "Đã gửi"
    assert ws.auto_filter.ref and ws.print_area


def test_05_a_score_over_the_maximum_is_refused_in_place(flow: Flow, service: Service) -> None:
    page = flow.council
    page.goto(f"/ui/council/{flow.submission_id}/review")
    assert page.input_value('[id="score-1.1.1"]') == ""          # the council's column starts empty
    page.fill('[id="score-1.1.1"]', "1,5")                        # maximum 0,5
    page.fill('[id="score-1.1.2"]', "0,5")
    page.fill('[id="opinion-1.1.2"]', "Đạt")
    page.click("#save")
    page.wait_for_load_state()
    error = page.locator('[id="err-1.1.1"]')
    assert error.is_visible() and "0 đến 0,5" in error.inner_text()
    assert page.input_value('[id="score-1.1.1"]') == "1,5"        # everything typed is kept
    assert page.input_value('[id="score-1.1.2"]') == "0,5" and page.input_value('[id="opinion-1.1.2"]') == "Đạt"
    assert count(service, Appraisal, submission_id=flow.submission_id) == 0
    page.locator('[id="c-1.1.1"]').scroll_into_view_if_needed()
    shot(page, "15-flow-score-over-maximum-refused")


def test_06_four_scores_make_exactly_four_records(flow: Flow, service: Service) -> None:
    page = flow.council
    page.goto(f"/ui/council/{flow.submission_id}/review")
    before = count(service, AuditEntry, action="appraisal_recorded")
    for code, value in FOUR.items():
        page.fill(f'[id="score-{code}"]', value)
    page.fill('[id="opinion-1.1.1"]', OPINION)
    assert page.inner_text("#council-total") == "2"               # the running total follows the typing
    assert page.inner_text('.field-total[data-field="1"]') == "1"
    page.click("#save")
    page.wait_for_selector("#page-notice")
    assert count(service, Appraisal, submission_id=flow.submission_id) == 4
    assert count(service, AuditEntry, action="appraisal_recorded") == before + 4
    page.click("#save")                                            # nothing changed: nothing recorded
    page.wait_for_selector("#page-notice")
    assert count(service, Appraisal, submission_id=flow.submission_id) == 4
    report = page.request.get(f"/ui/submissions/{flow.submission_id}/report.json").json()
    parents = {c["code"].rsplit(".", 1)[0] for c in report["criteria"] if "." in c["code"]}
    accepted = next(c for c in report["criteria"] if c["code"] not in FOUR and c["code"] not in parents
                    and c["suggested_score"] is not None and not c["code"].startswith("9"))
    page.click(f'[id="accept-{accepted["code"]}"]')                # "Đồng ý đề xuất" for one row
    page.wait_for_selector("#page-notice")
    with session_scope(service.database_url) as s:
        rows = s.execute(select(Appraisal).where(Appraisal.submission_id == flow.submission_id)
                         .order_by(Appraisal.id)).scalars().all()
    assert [r.criterion for r in rows] == [*FOUR, accepted["code"]] and rows[-1].source == "accepted"
    assert float(rows[-1].score) == accepted["suggested_score"]
    assert all(r.recorded_by == "user:council" for r in rows)
    recorded = page.inner_text('[id="c-1.1.1"] .recorded')
    assert "Trần Thị Dung" in recorded and re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", recorded)  # who, when
    assert page.locator('[id="c-1.1.1"] .suggestion').inner_text().startswith("0,5")  # the suggestion stays
    shot(page, "16-flow-council-four-scores")


def test_07_the_unit_sees_the_councils_scores_and_replies(flow: Flow, service: Service) -> None:
    council = flow.council
    council.goto(f"/ui/submissions/{flow.submission_id}")
    council.click("#move-request_reply")
    council.wait_for_load_state()
    assert council.inner_text("#dossier-status") == "Chờ giải trình"
    page = flow.unit
    page.goto(f"/ui/submissions/{flow.submission_id}?open=1.1.1")
    view = page.locator('tr[id="c-1.1.1"] .council-view')
    assert view.locator(".council-score").inner_text() == "0" and OPINION in view.inner_text()
    assert page.locator("#total-council-1").is_visible()
    page.fill('[id="reply-1.1.1"]', "Kế hoạch 163/KH-UBND ký ngày 30/12/2022, trước hạn; gửi kèm bản ký số.")
    page.click('tr[id="c-1.1.1"] .reply-form button[type=submit]')
    page.wait_for_load_state()
    assert "trước hạn" in page.inner_text('tr[id="c-1.1.1"] .reply-text')
    shot(page, "17-flow-unit-reads-opinion-and-replies")


def test_08_replacing_one_file_of_5_1_1_rereads_one_file(flow: Flow, service: Service, workdir: Path) -> None:
    page = flow.unit
    page.goto(f"/ui/submissions/{flow.submission_id}?open=5.1.1")
    original = SAMPLE / "evidence/5.1.1/CV-3682-SNV-VTVL-don-vi-su-nghiep.pdf"
    corrected = workdir / "CV-3682-SNV-VTVL-don-vi-su-nghiep.pdf"
    corrected.write_bytes(original.read_bytes() + b"\n% ban chinh thuc\n")   # same name, new content
    page.set_input_files('[id="file-5.1.1"]', str(corrected))
    page.click('tr[id="c-5.1.1"] form.upload-criterion button[type=submit]')
    wait_checked(page)
    with session_scope(service.database_url) as s:
        newest = s.execute(select(Run).where(Run.submission_id == flow.submission_id)
                           .order_by(Run.id.desc()).limit(1)).scalar_one()
    assert newest.status == "done" and newest.extracted == 1
    page.locator("#versions-box > summary").click()
    assert "(1 tệp đọc lại)" in page.inner_text("#versions")
    page.click("#move-send_reply")
    page.wait_for_load_state()
    assert page.inner_text("#dossier-status") == "Đang thẩm định (vòng 2)"


def test_09_round_2_shows_round_1_and_the_explanation(flow: Flow, service: Service) -> None:
    page = flow.council
    page.goto(f"/ui/council/{flow.submission_id}/review")
    row = page.locator('tr[id="c-1.1.1"]')
    assert "trước hạn" in (row.text_content() or "")                # the unit's explanation
    assert row.locator("td").nth(4).inner_text() == "0"             # round 1's score beside round 2's input
    assert page.input_value('[id="score-1.1.1"]') == ""
    page.fill('[id="score-1.1.1"]', "0,5")
    page.fill('[id="opinion-1.1.1"]', "Chấp nhận giải trình")
    page.click("#save")
    page.wait_for_selector("#page-notice")
    with session_scope(service.database_url) as s:
        latest = s.execute(select(Appraisal).where(Appraisal.submission_id == flow.submission_id)
                           .order_by(Appraisal.id.desc()).limit(1)).scalar_one()
    assert (latest.appraisal_round, latest.score, latest.previous_score) == (2, "0.50", None)
    shot(page, "18-flow-council-round-2")
    page.click("#move-finish")
    page.wait_for_load_state()
    page.goto(f"/ui/submissions/{flow.submission_id}")
    assert page.inner_text("#dossier-status") == "Đã thẩm định"


def test_10_uploading_again_keeps_the_dossier_and_the_councils_work(flow: Flow, service: Service,
                                                                    workdir: Path) -> None:
    council = flow.council
    council.goto(f"/ui/submissions/{flow.submission_id}")
    council.fill("#until", "31/12/2099")
    council.click("#move-reopen")
    council.wait_for_load_state()
    assert council.inner_text("#dossier-status") == "Chờ giải trình"
    page = flow.unit
    page.goto("/ui/unit")
    archive = sample_zip(workdir / "again.zip", FILES, with_table=True)
    page.set_input_files("#archive", str(archive))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/submissions/[0-9a-f]{32}$"))
    assert page.url.endswith(flow.submission_id)                   # the same dossier, a new version
    wait_checked(page)
    assert count(service, Submission, unit=FLOW_UNIT) == 1
    assert count(service, Appraisal, submission_id=flow.submission_id) == 6
    page.goto(f"/ui/submissions/{flow.submission_id}?open=1.1.1")
    assert "Chấp nhận giải trình" in page.inner_text('tr[id="c-1.1.1"] .council-view') or \
        OPINION in page.inner_text('tr[id="c-1.1.1"] .council-view')
    shot(page, "19-flow-reupload-same-dossier")


def test_11_the_auditor_csv_opens_as_vietnamese(browser: Any, service: Service, flow: Flow) -> None:
    auditor = signed_in(browser, service, "auditor")
    auditor.fill("input[name=unit]", "sa th")                       # part of the name, no accents
    auditor.select_option("select[name=action]", "appraisal_recorded")
    auditor.click("#audit-search button[type=submit]")
    auditor.wait_for_load_state()
    rows = auditor.locator("#audit-results tbody tr")
    assert rows.count() == 6
    first = rows.last.inner_text()
    assert "Hội đồng chấm điểm" in first and "Trần Thị Dung" in first and FLOW_UNIT in first
    shot(auditor, "20-flow-auditor-search")
    with auditor.expect_download() as info:
        auditor.click("#export-csv")
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                           # the BOM Excel needs for UTF-8
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == 6 and {r["Đơn vị"] for r in table} == {FLOW_UNIT}
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", r["Thời gian"]) for r in table)
    assert table[0]["Thao tác"] == "Hội đồng chấm điểm" and table[0]["Người thực hiện"].startswith("Trần Thị Dung")
    assert OPINION in table[0]["Nội dung"]
    auditor.context.close()


def test_12_an_administrator_creates_a_unit_account_and_a_token(browser: Any, service: Service) -> None:
    admin = signed_in(browser, service, "admin")
    assert admin.url.endswith("/ui/admin")
    admin.fill("#u-name", "Huyện Ngọc Hồi")
    admin.click("#unit-form button[type=submit]")
    admin.wait_for_load_state()
    assert "Huyện Ngọc Hồi" in admin.inner_text("#unit-list")
    admin.fill("#a-username", "ngochoi")
    admin.fill("#a-name", "Văn phòng UBND huyện Ngọc Hồi")
    admin.select_option("#a-role", "unit")
    admin.select_option("#a-unit", label="Huyện Ngọc Hồi")
    admin.fill("#a-password", "mat khau ban dau 2024")
    admin.click("#account-form button[type=submit]")
    admin.wait_for_selector("#page-notice")
    assert "ngochoi" in admin.inner_text("#accounts")
    admin.select_option("#t-role", "auditor")
    admin.fill("#t-label", "phần mềm chấm điểm")
    admin.click("#token-form button[type=submit]")
    secret = admin.inner_text("#token-secret")
    assert secret.startswith("pv_")
    shot(admin, "21-flow-admin")
    assert admin.request.get("/status", headers={"Authorization": f"Bearer {secret}"}).status == 200
    admin.goto("/ui/admin")
    assert secret not in admin.content()                             # shown once
    admin.locator("#token-list button.danger").first.click()
    admin.wait_for_load_state()
    assert admin.request.get("/status", headers={"Authorization": f"Bearer {secret}"}).status == 401
    newcomer = browser.new_context(base_url=service.base).new_page()  # the new account signs in
    newcomer.goto("/ui/signin")
    newcomer.fill("#username", "ngochoi")
    newcomer.fill("#password", "mat khau ban dau 2024")
    newcomer.press("#password", "Enter")
    newcomer.wait_for_load_state()
    assert newcomer.url.endswith("/ui/unit") and "Huyện Ngọc Hồi" in newcomer.inner_text("header")
    admin.context.close()
    newcomer.context.close()
