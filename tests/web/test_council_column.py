"""The council's column in a real browser (Chromium): "Đồng ý đề xuất" for one row or the ticked rows
records exactly those rows and leaves everything else typed on the page, unsaved, saying so; a score
can be cleared (a change with who, when and the previous value; the total follows); values the
criterion's archetype cannot give are refused beside their field, everything typed kept; the dossier
page shows its framework and that it is its province's own; the admin's token list pages past 50; a
bundle's finding names its document's pages ("tr. 2–3") and opens the first; each signed file lists
its signatures (who, when, valid yes/no/unknown). Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func, select

from service.auth.accounts import create_account
from service.auth.tokens import Role, create_token
from service.storage.models import ApiToken, Appraisal, Submission
from service.storage.session import session_scope
from service.workflow import units
from service.workflow.timefmt import vn_from_iso
from tests.web.conftest import PASSWORD, PROVINCE, REPO, ROUND1, Service, sample_zip, shot_of, signed_in
from verifier.rules.loader import level_of_unit, load_framework
from verifier.rules.registry import rules_dir
from verifier.rules.select import choose

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHECK_TIMEOUT_MS = 240_000
COLUMN_UNIT, BUNDLE_UNIT = "Huyện Tu Mơ Rông", "Huyện Đăk Glei"
REALWORLD = REPO / "sample_evidence" / "konray-2023-realworld"


@dataclass
class Dossier:
    unit: Any
    council: Any
    submission_id: str
    report: dict[str, Any]


def add_unit_account(service: Service, username: str, unit: str) -> None:
    with session_scope(service.database_url) as s:
        unit_id = units.ensure(s, PROVINCE, unit, actor="test").id
        create_account(s, username=username, display_name=f"Cán bộ {unit}", password=PASSWORD, role=Role.UNIT,
                       unit_id=unit_id, province=PROVINCE, actor="test")


def upload(page: Any, archive: Path) -> str:
    page.goto("/ui/unit")
    page.set_input_files("#archive", str(archive))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/ui/submissions/[0-9a-f]{32}$"))
    page.wait_for_selector("#criteria", timeout=CHECK_TIMEOUT_MS)
    page.wait_for_function("!document.getElementById('progress')", timeout=CHECK_TIMEOUT_MS)
    return str(page.url.rsplit("/", 1)[-1])


def rows_of(service: Service, submission_id: str) -> list[Appraisal]:
    with session_scope(service.database_url) as s:
        rows = s.execute(select(Appraisal).where(Appraisal.submission_id == submission_id)
                         .order_by(Appraisal.id)).scalars().all()
        for r in rows:
            s.expunge(r)
        return list(rows)


def number(text: str) -> Decimal:
    return Decimal(text.strip().replace(",", "."))


@pytest.fixture(scope="module")
def dossier(browser: Any, service: Service, workdir: Path) -> Dossier:
    add_unit_account(service, "tumorong", COLUMN_UNIT)
    unit = signed_in(browser, service, "tumorong")
    submission_id = upload(unit, sample_zip(workdir / "column.zip", ROUND1, with_table=True))
    unit.click("#move-send")
    unit.wait_for_load_state()
    report = unit.request.get(f"/ui/submissions/{submission_id}/report.json").json()
    return Dossier(unit, signed_in(browser, service, "council"), submission_id, report)


def leaves_with_suggestion(report: dict[str, Any], n: int, skip: set[str]) -> list[str]:
    parents = {c["code"].rsplit(".", 1)[0] for c in report["criteria"] if "." in c["code"]}
    out = [c["code"] for c in report["criteria"] if c["code"] not in parents and c["code"] not in skip
           and c["suggested_score"] is not None and not c["code"].startswith("9") and c["rule"] != "sum"]
    assert len(out) >= n
    return out[:n]


def test_1_the_dossier_shows_its_own_framework(dossier: Dossier) -> None:
    page = dossier.unit
    page.goto(f"/ui/submissions/{dossier.submission_id}")
    chosen = choose(rules_dir(), province=PROVINCE, level=level_of_unit(COLUMN_UNIT), year=2023, unit=COLUMN_UNIT)
    own = load_framework(chosen.path)
    assert page.inner_text("#framework") == f"{own.id}@{own.version}"        # the province's, for its level and year
    check = page.locator("#framework-check")
    assert check.get_attribute("class") == "help" and "Kon Tum" in check.inner_text()


def test_2_accepting_records_exactly_those_rows_and_keeps_the_rest_typed(dossier: Dossier, service: Service) -> None:
    page = dossier.council
    page.goto(f"/ui/council/{dossier.submission_id}/review")
    page.fill('[id="score-1.1.1"]', "0")
    page.fill('[id="opinion-1.1.1"]', "Ban hành muộn")
    page.fill('[id="score-1.3.1"]', "0,5")
    one, two, three = leaves_with_suggestion(dossier.report, 3, {"1.1.1", "1.3.1"})
    page.click(f'[id="accept-{one}"]')
    page.wait_for_selector("#page-notice")
    rows = rows_of(service, dossier.submission_id)
    assert [(r.criterion, r.source) for r in rows] == [(one, "accepted")]          # that row only
    suggested = next(c["suggested_score"] for c in dossier.report["criteria"] if c["code"] == one)
    assert number(rows[0].score) == Decimal(str(suggested))
    assert page.input_value('[id="score-1.1.1"]') == "0"                            # still typed ...
    assert page.input_value('[id="opinion-1.1.1"]') == "Ban hành muộn"
    assert page.input_value('[id="score-1.3.1"]') == "0,5"
    notice = page.inner_text("#unsaved-notice")                                     # ... and said to be unsaved
    assert "CHƯA lưu" in notice and "1.1.1" in notice and "1.3.1" in notice and one not in notice
    assert "unsaved" in (page.get_attribute('[id="c-1.1.1"]', "class") or "")
    shot_of(page.locator("#unsaved-notice"), "30-council-accept-unsaved-notice")
    shot_of(page.locator('[id="c-1.1.1"]'), "30-council-accept-row-kept-unsaved")
    page.check(f'[id="select-{two}"]')
    page.check(f'[id="select-{three}"]')
    page.click("#accept-selected")
    page.wait_for_selector("#page-notice")
    assert [r.criterion for r in rows_of(service, dossier.submission_id)] == [one, two, three]
    assert page.input_value('[id="score-1.1.1"]') == "0"
    page.click("#save")                                                             # now the typed rows
    page.wait_for_selector("#page-notice")
    rows = rows_of(service, dossier.submission_id)
    assert sorted(r.criterion for r in rows[3:]) == ["1.1.1", "1.3.1"] and len(rows) == 5
    assert page.locator("#unsaved-notice").count() == 0


def test_3_a_score_can_be_cleared(dossier: Dossier, service: Service) -> None:
    page = dossier.council
    page.goto(f"/ui/council/{dossier.submission_id}/review")
    total = number(page.inner_text("#council-total"))
    counted = int(page.inner_text("#council-count").split()[0])
    had = rows_of(service, dossier.submission_id)[-1]
    assert had.criterion in ("1.1.1", "1.3.1")
    code, was = "1.3.1", next(r.score for r in rows_of(service, dossier.submission_id) if r.criterion == "1.3.1")
    page.click(f'[id="clear-{code}"]')
    page.wait_for_selector("#page-notice")
    last = rows_of(service, dossier.submission_id)[-1]
    assert (last.criterion, last.score, last.previous_score, last.source, last.recorded_by) == (
        code, "", was, "cleared", "user:council")
    assert number(page.inner_text("#council-total")) == total - number(was)        # the total follows
    assert int(page.inner_text("#council-count").split()[0]) == counted - 1
    note = page.inner_text(f'[id="c-{code}"] .cleared-note')
    assert "Đã xoá điểm" in note and "Trần Thị Dung" in note and re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", note)
    assert page.input_value(f'[id="score-{code}"]') == ""
    shot_of(page.locator(f'[id="c-{code}"]'), "31-council-score-cleared")
    page.fill('[id="score-1.1.1"]', "")                                             # emptying the field clears too
    page.click("#save")
    page.wait_for_selector("#page-notice")
    last = rows_of(service, dossier.submission_id)[-1]
    assert (last.criterion, last.score, last.previous_score) == ("1.1.1", "", "0.00")
    page.fill('[id="score-1.1.1"]', "0,5")                                          # and a score comes back
    page.click("#save")
    page.wait_for_selector("#page-notice")
    last = rows_of(service, dossier.submission_id)[-1]
    assert (last.criterion, last.score, last.previous_score) == ("1.1.1", "0.50", None)


def test_4_values_the_archetype_cannot_give_are_refused_in_place(dossier: Dossier, service: Service) -> None:
    page = dossier.council
    page.goto(f"/ui/council/{dossier.submission_id}/review")
    before = len(rows_of(service, dossier.submission_id))
    typed = {"1.1.1": "0,25",      # binary_by_deadline: 0 or 0,5
             "9.2": "-0,5",        # penalty_items: 1 point per item
             "9.4": "-0,25",       # penalty_items: 0,5 per item, at most 1
             "2.1.1": "1"}         # acceptable
    for code, value in typed.items():
        page.fill(f'[id="score-{code}"]', value)
    page.fill('[id="opinion-2.1.1"]', "Đạt")
    page.click("#save")
    page.wait_for_load_state()
    for code, allowed in (("1.1.1", "0 hoặc 0,5"), ("9.2", "-1 hoặc 0"), ("9.4", "-1; -0,5 hoặc 0")):
        error = page.locator(f'[id="err-{code}"]')
        assert error.is_visible() and error.inner_text() == f"Tiêu chí này chỉ chấm {allowed}", code
        assert page.get_attribute(f'[id="score-{code}"]', "aria-invalid") == "true"
    assert page.locator('[id="err-2.1.1"]').count() == 0
    for code, value in typed.items():                                               # everything typed is kept
        assert page.input_value(f'[id="score-{code}"]') == value
    assert page.input_value('[id="opinion-2.1.1"]') == "Đạt"
    assert len(rows_of(service, dossier.submission_id)) == before                   # nothing saved
    shot_of(page.locator('[id="c-9.4"]'), "32-council-archetype-values-refused-9.4")
    shot_of(page.locator('[id="c-1.1.1"]'), "32-council-archetype-values-refused-1.1.1")
    page.fill('[id="score-1.1.1"]', "0,5")
    page.fill('[id="score-9.2"]', "-1")
    page.fill('[id="score-9.4"]', "-0,5")
    page.click("#save")
    page.wait_for_selector("#page-notice")
    saved = {r.criterion: r.score for r in rows_of(service, dossier.submission_id)[before:]}
    assert saved == {"9.2": "-1.00", "9.4": "-0.50", "2.1.1": "1.00"}               # 1.1.1 was 0,5 already


def test_5_the_token_list_pages_past_fifty(browser: Any, service: Service) -> None:
    with session_scope(service.database_url) as s:
        for i in range(55):
            create_token(s, Role.AUDITOR, province=PROVINCE, label=f"trang {i:02d}", actor="test")
        expected = {t.prefix for t in s.execute(select(ApiToken).where(ApiToken.province == PROVINCE)).scalars()}
    admin = signed_in(browser, service, "admin")
    seen: list[str] = []
    admin.goto("/ui/admin")
    while True:
        prefixes = [p.rstrip("…") for p in admin.locator("#token-list tbody td:first-child code").all_inner_texts()]
        assert 0 < len(prefixes) <= 50
        seen += prefixes
        nxt = admin.locator("#tokens-next")
        if not nxt.count():
            break
        nxt.click()
        admin.wait_for_load_state()
    assert len(seen) == len(set(seen)) and set(seen) == expected                   # every token, once
    assert "trang 00" in admin.inner_text("#token-list")                            # the oldest, on the last page
    shot_of(admin.locator("#tokens"), "33-admin-tokens-last-page")
    admin.context.close()


def realworld_zip(dest: Path) -> Path:
    """The realworld sample's table, its signed 1.1.1 plan, and its 5.1.1 documents merged into one
    PDF the way units bundle them ("TLKC tiêu chí 5.1.1.pdf": the công văn, then the tờ trình)."""
    bundle = pdfium.PdfDocument.new()
    for name in ("CV-3682-SNV-VTVL-don-vi-su-nghiep.pdf", "TTr-195-tham-dinh-vi-tri-viec-lam.pdf"):
        bundle.import_pages(pdfium.PdfDocument(str(REALWORLD / "evidence" / "5.1.1" / name)))
    merged = dest.parent / "TLKC tiêu chí 5.1.1.pdf"
    bundle.save(str(merged))
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(REALWORLD / "assessment.tsv", "hoso/assessment.tsv")
        zf.write(REALWORLD / "evidence" / "1.1.1" / "KH-163-CCHC-2023.pdf", "hoso/evidence/1.1.1/KH-163-CCHC-2023.pdf")
        zf.write(merged, "hoso/evidence/5.1.1/TLKC tiêu chí 5.1.1.pdf")
    return dest


def test_6_a_bundle_finding_names_its_pages_and_signatures_are_listed(browser: Any, service: Service,
                                                                      workdir: Path) -> None:
    add_unit_account(service, "dakglei", BUNDLE_UNIT)
    page = signed_in(browser, service, "dakglei")
    submission_id = upload(page, realworld_zip(workdir / "realworld.zip"))
    report = page.request.get(f"/ui/submissions/{submission_id}/report.json").json()
    in_bundle = [f for c in report["criteria"] for f in c["findings"] if f.get("pages")]
    assert in_bundle, "a finding on the tờ trình inside the bundle carries its pages"
    f = in_bundle[0]
    first, last = f["pages"]
    assert last > first > 1                                                      # the second document of the file
    page.goto(f"/ui/submissions/{submission_id}?open={f['criterion']}")
    row = page.locator(f'tr[id="c-{f["criterion"]}"]')
    link = row.locator("li.finding a.open-page").first
    assert f"tr. {first}–{last}" in link.inner_text()
    assert link.get_attribute("href").endswith(f"?page={first}")
    picture = row.locator("li.finding figure.page-picture img").first
    assert f"page={first}&" in (picture.get_attribute("src") or "")
    shot_of(row, "34-bundle-finding-pages")
    link.click()
    page.wait_for_function("el => el.complete && el.naturalWidth > 400",
                           arg=page.locator("#page-image").element_handle())
    assert page.inner_text("#page-label").startswith(f"Trang {first}")
    signed = {x["file"]: x["signatures"] for x in report["files"] if x.get("signatures")}
    assert "evidence/1.1.1/KH-163-CCHC-2023.pdf" in signed
    page.goto(f"/ui/submissions/{submission_id}?open=1.1.1")
    listed = page.locator('tr[id="c-1.1.1"] ul.evidence small.signature')
    sigs = signed["evidence/1.1.1/KH-163-CCHC-2023.pdf"]
    assert listed.count() == len(sigs)
    for shown, sig in zip(listed.all_inner_texts(), sigs, strict=True):
        assert sig["signer"] in shown and re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", shown)
        assert vn_from_iso(sig["signed_at"]) in shown                            # in Vietnam time
        state = {True: "hợp lệ: hợp lệ", False: "hợp lệ: không hợp lệ", None: "hợp lệ: chưa xác định"}[sig["valid"]]
        assert state in shown
    shot_of(page.locator('tr[id="c-1.1.1"]'), "35-signatures-beside-file")
    with session_scope(service.database_url) as s:
        assert s.execute(select(func.count()).select_from(Submission)
                         .where(Submission.unit == BUNDLE_UNIT)).scalar_one() == 1
    page.context.close()
