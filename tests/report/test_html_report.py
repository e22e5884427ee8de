"""The printable HTML report and the "what to fix" list it opens with."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from html.parser import HTMLParser

from tests.report.sample import sample_report
from verifier.report.fix_list import fix_list, points_at_stake
from verifier.report.html_report import report_html


class _Outline(HTMLParser):
    """Criterion row ids, the status cell texts, the fix-list anchors and every tag name."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.statuses: list[str] = []
        self.fix_links: list[str] = []
        self.tags: set[str] = set()
        self._in_status = False
        self._in_fixes = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if tag == "tr" and (a.get("id") or "").startswith("c-"):
            self.rows.append(str(a["id"])[2:])
        if tag == "td" and "status" in (a.get("class") or ""):
            self._in_status = True
        if tag == "ol" and a.get("class") == "fixes":
            self._in_fixes = True
        if tag == "a" and self._in_fixes:
            self.fix_links.append(str(a.get("href"))[3:])

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_status = False
        if tag == "ol":
            self._in_fixes = False

    def handle_data(self, data: str) -> None:
        if self._in_status:
            self.statuses.append(data)


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def test_every_criterion_is_a_row_in_order_with_its_status() -> None:
    report = sample_report()
    o = outline(report_html(report))
    assert o.rows == [c.code for c in report.criteria]
    assert o.statuses[:3] == ["Đạt một phần", "Đạt một phần", "Không đạt"]
    assert "Cần xem xét" in o.statuses and "Không đánh giá" in o.statuses


def test_totals_and_findings_are_shown_with_their_place() -> None:
    html = report_html(sample_report())
    assert "<strong>5,5</strong>" in html and "<strong>5,38</strong>" in html and "<strong>3,5</strong>" in html
    assert "Ban hành muộn" in html and "evidence/1.1.1/KH 163.pdf, trang 1, 163/KH-UBND, 05/01/2023" in html
    assert "Tệp scan.pdf bị hỏng" in html  # submission-level finding


def test_fix_list_orders_by_points_at_stake_and_keeps_council_matters_out() -> None:
    report = sample_report()
    items = fix_list(report)
    # 1.1.3 is left to the council (manual review, nothing for the unit to fix) and 9.1 is a
    # deduction the council decides: neither is the unit's to fix.
    assert [it.code for it in items] == ["1.1.1", "1.6.1"]
    assert [it.points for it in items] == [Decimal("0.5"), Decimal("0.38")]
    assert outline(report_html(report)).fix_links == ["1.1.1", "1.6.1"]
    not_assessed = next(c for c in report.criteria if c.code == "1.6.2")
    assert points_at_stake(not_assessed) == 0


def test_everything_is_escaped_and_self_contained() -> None:
    report = sample_report()
    hostile = dataclasses.replace(report.criteria[2], title='<script>alert("x")</script>',
                                  opinion="<img src=x onerror=alert(1)>")
    report = dataclasses.replace(report, unit="Huyện <b>X</b>",
                                 criteria=(*report.criteria[:2], hostile, *report.criteria[3:]))
    html = report_html(report)
    o = outline(html)
    assert o.tags.isdisjoint({"script", "img", "link", "iframe", "b"})
    assert "&lt;script&gt;" in html
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)  # nothing fetched from elsewhere
    assert "@media print" in html and "@page" in html


def test_english() -> None:
    html = report_html(sample_report(), lang="en")
    assert '<html lang="en">' in html
    assert "Needs review" in html and "What to fix before you submit" in html and "<strong>5.38</strong>" in html
    assert '<html lang="vi">' in report_html(sample_report(), lang="fr")


def test_every_finding_kind_and_status_has_a_name_in_both_languages() -> None:
    from verifier.report import messages
    from verifier.results import FindingKind, Status

    for kind in FindingKind:
        assert kind in messages.KIND, kind
        vi, en = messages.kind_label(kind, "vi"), messages.kind_label(kind, "en")
        assert vi and en and vi != en, kind
        assert messages.kind_help(kind, "vi") != messages.kind_help(kind, "en")
    for status in Status:
        assert messages.status_label(status, "vi") != messages.status_label(status, "en")
