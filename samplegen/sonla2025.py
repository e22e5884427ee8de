"""Two synthetic 2025 submissions for the frameworks a province drafts itself: a commune (UBND xã)
and a provincial department (sở), both in Sơn La under decision 2712/QĐ-UBND of 31/10/2025.

Everything here is invented to exercise rules/sonla/commune-2025.yaml and department-2025.yaml
end to end: the units ("Xã Mường Mẫu" is not a real commune), the numbers, the documents and the
council's appraisal. The criterion trees follow what docs/frameworks.md says of the 2025
two-tier frameworks (the BNV skeleton, Hà Nội 2025's 8 contents + bonus/penalty); the real
criterion lists were not retrievable, so the samples prove that a new province and level need no
code, not that these are Sơn La's criteria. scripts/make_framework_samples.py writes them.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from samplegen.corpus import write_corpus
from samplegen.spec import Block, DocSpec, Format, Ref, Signer, WorkbookSpec

D = dt.date
TINH = "ỦY BAN NHÂN DÂN TỈNH SƠN LA"
XA = "ỦY BAN NHÂN DÂN XÃ MƯỜNG MẪU"
SO = "SỞ TƯ PHÁP"
CT_XA = Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lò Văn Thành")
PCT_XA = Signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Cầm Thị Hương")
GD_SO = Signer("", "GIÁM ĐỐC", "Hoàng Văn Minh")
PGD_SO = Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Quàng Thị Lan")
PCT_TINH = Signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đinh Văn Quân")
SIX_AREAS = ("cải cách thể chế; cải cách thủ tục hành chính; cải cách tổ chức bộ máy hành chính nhà nước; "
             "cải cách chế độ công vụ; cải cách tài chính công; xây dựng, phát triển chính quyền điện tử, "
             "chính quyền số")
QD2712 = Ref("2712/QĐ-UBND", D(2025, 10, 31), "Quyết định", "của Ủy ban nhân dân tỉnh Sơn La",
             "quy định tiêu chí và quy trình xác định Chỉ số cải cách hành chính năm 2025")
KH_TINH = Ref("215/KH-UBND", D(2025, 7, 8), "Kế hoạch", "của Ủy ban nhân dân tỉnh Sơn La",
              "về cải cách hành chính nhà nước năm 2025")


@dataclass(frozen=True)
class Line:
    """One row of the scoring table: what the unit wrote and what the council appraised."""

    code: str
    title: str
    max: str
    self: str = ""
    explanation: str = ""
    appraisal: str = ""
    opinion: str = ""


def _dec(text: str) -> Decimal | None:
    return Decimal(text.replace(",", ".")) if text.strip() else None


def _txt(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def _summed(lines: Sequence[Line], kinds: dict[str, str]) -> list[Line]:
    """Parents' self and appraisal cells as the software computes them: the sum of the children, a
    bonus field capped at its maximum, the total row (bonus in, penalty out, survey in)."""
    by_code = {ln.code: ln for ln in lines}
    values: dict[tuple[str, str], Decimal | None] = {}

    def value(code: str, column: str) -> Decimal | None:
        key = (code, column)
        if key in values:
            return values[key]
        kids = [c for c in by_code if c.rsplit(".", 1)[0] == code and "." in c]
        if not kids:
            out = _dec(getattr(by_code[code], column))
        else:
            parts = [v for k in kids if (v := value(k, column)) is not None]
            out = sum(parts, Decimal(0)) if parts else None
            if out is not None and kinds.get(code.split(".")[0]) == "bonus":
                out = min(out, _dec(by_code[code].max) or out)
        values[key] = out
        return out

    return [Line(ln.code, ln.title, ln.max, _txt(value(ln.code, "self")), ln.explanation,
                 _txt(value(ln.code, "appraisal")), ln.opinion) for ln in lines]


def table_text(unit: str, year: int, lines: Sequence[Line], kinds: dict[str, str],
               not_assessed: Sequence[str] = ()) -> str:
    """The scoring software's export: title block, header, one row per criterion, the total row."""
    lines = _summed(lines, kinds)
    fields = [ln for ln in lines if "." not in ln.code]
    total_max = sum((_dec(f.max) or Decimal(0) for f in fields if kinds.get(f.code) != "bonus"), Decimal(0))
    total_max -= sum((_dec(ln.max) or Decimal(0) for ln in lines if ln.code in not_assessed), Decimal(0))

    def total(column: str) -> str:
        parts = [(f.code, _dec(getattr(f, column))) for f in fields]
        return _txt(sum((-abs(v) if kinds.get(code) == "penalty" else v for code, v in parts if v is not None),
                        Decimal(0)))

    head = ["", "KẾT QUẢ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", "", f"Đơn vị: {unit}", f"Năm {year}", "",
            "Lĩnh vực/Tiêu chí/Tiêu chí thành phần\tĐiểm tối đa\tTự đánh giá\tTài liệu kiểm chứng/Giải trình\t"
            "Thẩm định\tÝ kiến hội đồng thẩm định"]
    rows = []
    for ln in lines:
        label = f"{_roman(ln.code)}. {ln.title}" if "." not in ln.code else f"{ln.code}. {ln.title}"
        rows.append("\t".join((label, ln.max, ln.self, ln.explanation, ln.appraisal, ln.opinion)))
    rows.append("\t".join(("Tổng điểm", _txt(total_max), total("self"), "", total("appraisal"), "")))
    return "\n".join(head + rows) + "\n"


def _roman(code: str) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")[int(code) - 1]


def _doc(file: str, number: str, type_: str, date: D, title: str, body: tuple[Block, ...], *,
         issuer: str, signer: Signer, place: str, cites: tuple[Ref, ...] = (), governing: str = "",
         fmt: Format = Format.PDF, pages: int = 1) -> DocSpec:
    spec = DocSpec(file=file, number=number, type=type_, issuer=issuer, date=date, title=title, body=body,
                   signer=signer, governing=governing, place=place, citations=cites, pages=pages, format=fmt)
    spec.validate()
    return spec


def _stats(rows: Sequence[tuple[str, str, int, int]], start: D, end: D,
           source: str) -> tuple[tuple[object, ...], ...]:
    header = ("Mã tiêu chí", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Từ ngày", "Đến ngày", "Nguồn")
    return (header, *((code, label, num, den, round(num * 100 / den, 2), start, end, source)
                      for code, label, num, den in rows))


# --- the commune: Xã Mường Mẫu -------------------------------------------------------------------

def _xa(file: str, number: str, type_: str, date: D, title: str, body: tuple[Block, ...], *,
        cites: tuple[Ref, ...] = (), signer: Signer = PCT_XA, fmt: Format = Format.PDF) -> DocSpec:
    return _doc(file, number, type_, date, title, body, issuer=XA, signer=signer, place="Mường Mẫu", cites=cites,
                fmt=fmt)


COMMUNE_DOCS: tuple[DocSpec, ...] = (
    _xa("evidence/1.1.1/KH-12-CCHC-2025.pdf", "12/KH-UBND", "Kế hoạch", D(2025, 7, 15),
        "Cải cách hành chính nhà nước năm 2025 trên địa bàn xã",
        ("Căn cứ {0};",
         "Ủy ban nhân dân xã Mường Mẫu (thành lập từ ngày 01/7/2025) ban hành Kế hoạch cải cách hành chính "
         "năm 2025 như sau:",
         "# I. NHIỆM VỤ TRỌNG TÂM",
         "Triển khai đồng bộ trên 06 lĩnh vực: " + SIX_AREAS + ".",
         "# II. TỔ CHỨC THỰC HIỆN",
         "Công chức các lĩnh vực chủ trì thực hiện; báo cáo kết quả quý III và năm theo quy định."),
        cites=(KH_TINH,), signer=CT_XA),
    _xa("evidence/1.2/BC-45-CCHC-quy-III-2025.pdf", "45/BC-UBND", "Báo cáo", D(2025, 9, 12),
        "Kết quả công tác cải cách hành chính quý III năm 2025",
        ("Thực hiện {0}, Ủy ban nhân dân xã báo cáo kết quả công tác cải cách hành chính quý III năm 2025.",
         "Bộ phận Một cửa tiếp nhận 412 hồ sơ; giải quyết đúng hạn 408 hồ sơ."),
        cites=(KH_TINH,)),
    _xa("evidence/1.2/BC-98-CCHC-nam-2025.pdf", "98/BC-UBND", "Báo cáo", D(2025, 12, 10),
        "Kết quả công tác cải cách hành chính năm 2025",
        ("Ủy ban nhân dân xã báo cáo kết quả công tác cải cách hành chính năm 2025 (từ ngày 01/7/2025).",
         "Hoàn thành 18/20 nhiệm vụ của Kế hoạch cải cách hành chính năm 2025.")),
    _xa("evidence/1.3.1/KH-20-kiem-tra-CCHC-2025.pdf", "20/KH-UBND", "Kế hoạch", D(2025, 8, 1),
        "Tự kiểm tra công tác cải cách hành chính năm 2025",
        ("Ủy ban nhân dân xã ban hành Kế hoạch tự kiểm tra công tác cải cách hành chính năm 2025 đối với "
         "các bộ phận chuyên môn và Bộ phận Một cửa.",)),
    _xa("evidence/1.4.1/KH-21-tuyen-truyen-CCHC-2025.docx", "21/KH-UBND", "Kế hoạch", D(2025, 8, 5),
        "Tuyên truyền cải cách hành chính năm 2025",
        ("Tuyên truyền cải cách hành chính trên hệ thống truyền thanh cơ sở, trang thông tin điện tử của xã "
         "và tại các buổi họp thôn, bản.",), fmt=Format.DOCX),
    _xa("evidence/1.5/TB-30-hop-CCHC-thang-8.pdf", "30/TB-UBND", "Thông báo", D(2025, 8, 28),
        "Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban cải cách hành chính và chuyển đổi số tháng 8",
        ("Ngày 27/8/2025, Chủ tịch Ủy ban nhân dân xã chủ trì cuộc họp giao ban cải cách hành chính và chuyển "
         "đổi số.",), signer=CT_XA),
    _xa("evidence/1.5/TB-41-hop-CCHC-thang-10.pdf", "41/TB-UBND", "Thông báo", D(2025, 10, 30),
        "Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban cải cách hành chính và chuyển đổi số tháng 10",
        ("Ngày 29/10/2025, Chủ tịch Ủy ban nhân dân xã chủ trì cuộc họp giao ban cải cách hành chính.",),
        signer=CT_XA),
    _xa("evidence/1.5/TB-52-hop-CCHC-thang-12.pdf", "52/TB-UBND", "Thông báo", D(2025, 12, 5),
        "Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban cải cách hành chính và chuyển đổi số tháng 12",
        ("Ngày 04/12/2025, Chủ tịch Ủy ban nhân dân xã chủ trì cuộc họp giao ban cải cách hành chính.",),
        signer=CT_XA),
    _xa("evidence/2.1.1/KH-25-theo-doi-thi-hanh-phap-luat-2025.pdf", "25/KH-UBND", "Kế hoạch", D(2025, 8, 12),
        "Theo dõi tình hình thi hành pháp luật năm 2025 trên địa bàn xã",
        ("Ủy ban nhân dân xã ban hành Kế hoạch theo dõi tình hình thi hành pháp luật năm 2025.",)),
    _xa("evidence/2.1.2/BC-90-thi-hanh-phap-luat-2025.pdf", "90/BC-UBND", "Báo cáo", D(2025, 11, 25),
        "Công tác theo dõi tình hình thi hành pháp luật năm 2025",
        ("Ủy ban nhân dân xã báo cáo công tác theo dõi tình hình thi hành pháp luật năm 2025.",)),
    # planted: a proposal where the approving decision is required (4.2.1)
    _xa("evidence/4.2.1/TTr-60-vi-tri-viec-lam.pdf", "60/TTr-UBND", "Tờ trình", D(2025, 11, 20),
        "Đề nghị thẩm định danh mục vị trí việc làm của Ủy ban nhân dân xã",
        ("Ủy ban nhân dân xã kính trình Sở Nội vụ thẩm định danh mục vị trí việc làm.",)),
    _xa("evidence/5.1/CV-70-danh-gia-xep-loai-2025.pdf", "70/UBND-VP", "Công văn", D(2025, 12, 8),
        "V/v tổng hợp kết quả đánh giá, xếp loại chất lượng cán bộ, công chức năm 2025",
        ("Ủy ban nhân dân xã tổng hợp kết quả đánh giá, xếp loại chất lượng cán bộ, công chức năm 2025.",)),
    _xa("evidence/7.1/KH-22-chuyen-doi-so-2025.pdf", "22/KH-UBND", "Kế hoạch", D(2025, 8, 6),
        "Chuyển đổi số năm 2025 trên địa bàn xã",
        ("Ủy ban nhân dân xã ban hành Kế hoạch chuyển đổi số năm 2025; Tổ công nghệ số cộng đồng hướng dẫn "
         "người dân sử dụng dịch vụ công trực tuyến.",), fmt=Format.SCAN),
    _doc("evidence/9.1/QD-1850-sang-kien-2025.pdf", "1850/QĐ-UBND", "Quyết định", D(2025, 11, 28),
         "Công nhận sáng kiến cải cách hành chính cấp tỉnh năm 2025",
         ("Công nhận sáng kiến cải cách hành chính cấp tỉnh năm 2025: Mô hình 'Bản số' của Ủy ban nhân dân xã "
          "Mường Mẫu.",), issuer=TINH, signer=PCT_TINH, place="Sơn La"),
    _doc("evidence/9.2/QD-1901-khen-thuong-CCHC.pdf", "1901/QĐ-UBND", "Quyết định", D(2025, 12, 9),
         "Khen thưởng tập thể có thành tích xuất sắc trong công tác cải cách hành chính năm 2025",
         ("Tặng Bằng khen cho Ủy ban nhân dân xã Mường Mẫu đã có thành tích xuất sắc trong công tác cải cách "
          "hành chính năm 2025.",), issuer=TINH, signer=PCT_TINH, place="Sơn La"),
)

_COMMUNE_TASKS = (
    ("STT", "Nhiệm vụ", "Văn bản giao", "Hạn xử lý", "Ngày hoàn thành", "Trạng thái"),
    (1, "Rà soát, công bố danh mục TTHC cấp xã", "Công văn số 1021/UBND-KSTT", D(2025, 8, 30), D(2025, 8, 25),
     "Hoàn thành đúng hạn"),
    (2, "Kiện toàn Bộ phận Một cửa", "Công văn số 1105/UBND-NC", D(2025, 8, 15), D(2025, 8, 10), "Hoàn thành đúng hạn"),
    (3, "Báo cáo sắp xếp trụ sở", "Công văn số 1240/UBND-TH", D(2025, 9, 30), D(2025, 10, 3), "Hoàn thành trễ hạn"),
    (4, "Số hóa hồ sơ hộ tịch", "Công văn số 1302/UBND-KSTT", D(2025, 11, 30), D(2025, 11, 28), "Hoàn thành đúng hạn"),
    (5, "Triển khai thanh toán trực tuyến", "Công văn số 1410/UBND-KSTT", D(2026, 1, 15), None,
     "Đang thực hiện (trong hạn)"),
)

COMMUNE_BOOKS: tuple[WorkbookSpec, ...] = (
    WorkbookSpec(file="evidence/1.6/nhiem-vu-tinh-giao-2025.xlsx",
                 title="Nhiệm vụ UBND tỉnh giao năm 2025 - Xã Mường Mẫu", issuer="Văn phòng UBND tỉnh Sơn La",
                 sheets=(("Nhiệm vụ", _COMMUNE_TASKS),), date=D(2025, 12, 15)),
    WorkbookSpec(file="evidence/so-lieu-he-thong-2025.xlsx",
                 title="Số liệu hệ thống phục vụ thẩm định Chỉ số CCHC năm 2025 - Xã Mường Mẫu",
                 issuer="Trung tâm Phục vụ hành chính công tỉnh Sơn La",
                 sheets=(("Chỉ số", _stats((
                     ("3.2", "Hồ sơ giải quyết đúng hạn / hồ sơ đã giải quyết", 1180, 1192),
                     ("3.3", "Hồ sơ trực tuyến toàn trình / hồ sơ tiếp nhận", 412, 950),
                     ("3.4", "Hồ sơ có số hóa kết quả / hồ sơ đã giải quyết", 760, 950),
                     ("3.7", "Hồ sơ liên thông đúng hạn / hồ sơ liên thông", 38, 40),
                     ("6.2", "Vốn đầu tư công đã giải ngân / kế hoạch vốn (triệu đồng)", 8500, 10000),
                     ("6.3", "Thu ngân sách / dự toán được giao (triệu đồng)", 2100, 2000),
                     ("7.2", "Văn bản điện tử / tổng số văn bản phát hành", 1450, 1500),
                     ("7.3", "TTHC có thanh toán trực tuyến / TTHC có phí, lệ phí", 30, 40),
                     ("7.7", "Công chức có chữ ký số sử dụng / công chức được cấp", 28, 30),
                 ), D(2025, 7, 1), D(2025, 12, 15), "Hệ thống thông tin giải quyết TTHC tỉnh Sơn La")),),
                 date=D(2025, 12, 15)),
)

_X = "của UBND xã"
COMMUNE_TABLE: tuple[Line, ...] = (
    Line("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "12"),
    Line("1.1", "Kế hoạch cải cách hành chính năm", "3"),
    Line("1.1.1", "Ban hành Kế hoạch cải cách hành chính năm của UBND xã", "1", "1",
         f"Kế hoạch số 12/KH-UBND ngày 15/7/2025 {_X}", "1", "Ý kiến: Ban hành kịp thời"),
    Line("1.1.2", "Mức độ hoàn thành Kế hoạch cải cách hành chính: trên 90% kế hoạch: 2 điểm; từ 70% đến 90%: 1 điểm; "
         "dưới 70%: 0 điểm", "2", "2", "Hoàn thành 18/20 nhiệm vụ, đạt 90%", "1",
         "Ý kiến: 18/20 = 90% thuộc mức từ 70% đến 90%"),
    Line("1.2", "Thực hiện chế độ báo cáo cải cách hành chính định kỳ (quý III, năm)", "2", "2",
         f"Báo cáo số 45/BC-UBND ngày 12/9/2025, số 98/BC-UBND ngày 10/12/2025 {_X}", "2",
         "Ý kiến: Đầy đủ, đúng hạn"),
    Line("1.3", "Công tác kiểm tra cải cách hành chính", "1,5"),
    Line("1.3.1", "Ban hành Kế hoạch tự kiểm tra cải cách hành chính", "0,5", "0,5",
         f"Kế hoạch số 20/KH-UBND ngày 01/8/2025 {_X}", "0,5", ""),
    Line("1.3.2", "Xử lý các vấn đề phát hiện qua kiểm tra", "1", "1", "Đã xử lý 3/3 vấn đề, đạt 100%", "1", ""),
    Line("1.4", "Công tác tuyên truyền cải cách hành chính", "2"),
    Line("1.4.1", "Ban hành Kế hoạch tuyên truyền cải cách hành chính", "0,5", "0,5",
         f"Kế hoạch số 21/KH-UBND ngày 05/8/2025 {_X}", "0,5", ""),
    Line("1.4.2", "Mức độ đa dạng trong tuyên truyền: (1) Hội nghị, tập huấn; (2) Trang thông tin điện tử; "
         "(3) Hệ thống truyền thanh cơ sở", "1,5", "1,5",
         "Tổ chức hội nghị tập huấn; đăng tin trên trang thông tin điện tử; phát trên hệ thống truyền thanh cơ sở",
         "1,5", ""),
    Line("1.5", "Họp giao ban về cải cách hành chính, chuyển đổi số trong năm: 4 lần/năm: 1 điểm; 3 lần: 0,75 điểm; "
         "2 lần: 0,5 điểm; 1 lần: 0,25 điểm", "1", "1", "Tổ chức 04 cuộc họp giao ban", "0,75",
         "Ý kiến: Chỉ có 03 thông báo kết luận cuộc họp"),
    Line("1.6", "Thực hiện nhiệm vụ do Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân tỉnh giao", "2,5", "2",
         "Hoàn thành 04/05 nhiệm vụ; 01 nhiệm vụ chưa đến hạn", "2,19", ""),
    Line("2", "CẢI CÁCH THỂ CHẾ", "6"),
    Line("2.1", "Theo dõi thi hành pháp luật", "2"),
    Line("2.1.1", "Ban hành Kế hoạch theo dõi tình hình thi hành pháp luật", "1", "1",
         f"Kế hoạch số 25/KH-UBND ngày 12/8/2025 {_X}", "1", ""),
    Line("2.1.2", "Báo cáo công tác theo dõi tình hình thi hành pháp luật", "1", "1",
         f"Báo cáo số 90/BC-UBND ngày 25/11/2025 {_X}", "1", ""),
    Line("2.2", "Tỷ lệ nhiệm vụ phổ biến, giáo dục pháp luật hoàn thành", "2", "2", "Hoàn thành 100% nhiệm vụ",
         "2", ""),
    Line("2.3", "Rà soát văn bản do Ủy ban nhân dân xã ban hành", "2", "2", "Đã rà soát 14 văn bản", "2", ""),
    Line("3", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "22"),
    Line("3.1", "Công khai thủ tục hành chính đầy đủ tại Bộ phận Một cửa", "2", "2", "Niêm yết đầy đủ", "2", ""),
    Line("3.2", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "5", "5", "1180/1192 hồ sơ đúng hạn, đạt 98,99%",
         "5", ""),
    Line("3.3", "Tỷ lệ hồ sơ trực tuyến toàn trình", "4", "4", "Đạt 55% hồ sơ trực tuyến toàn trình", "3,47",
         "Ý kiến: Số liệu hệ thống 412/950 = 43,37%"),
    Line("3.4", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "4", "4", "760/950 hồ sơ, đạt 80%", "4",
         ""),
    Line("3.5", "Thực hiện xin lỗi khi để xảy ra trễ hạn", "2", "2", "Có phiếu xin lỗi cho 12 hồ sơ trễ hạn", "2", ""),
    Line("3.6", "Xử lý phản ánh, kiến nghị của cá nhân, tổ chức", "2", "2", "Không có phản ánh, kiến nghị", "2", ""),
    Line("3.7", "Tỷ lệ hồ sơ liên thông đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế đúng hạn", "3", "2,5",
         "38/40 hồ sơ, đạt 95%", "2,85", ""),
    Line("4", "CẢI CÁCH TỔ CHỨC BỘ MÁY", "8"),
    Line("4.1", "Kiện toàn tổ chức bộ máy theo mô hình chính quyền địa phương hai cấp", "4", "4",
         "Đã kiện toàn các bộ phận chuyên môn", "4", ""),
    Line("4.2", "Thực hiện quy định về vị trí việc làm", "4"),
    Line("4.2.1", "Cập nhật, hoàn thiện vị trí việc làm được phê duyệt", "2", "2",
         f"Tờ trình số 60/TTr-UBND ngày 20/11/2025 {_X}", "0", "Ý kiến: Chưa được phê duyệt"),
    Line("4.2.2", "Tỷ lệ công chức bố trí theo đúng vị trí việc làm", "2", "2", "Đạt 100%", "2", ""),
    Line("5", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "10"),
    Line("5.1", "Thực hiện đánh giá, xếp loại cán bộ, công chức", "2", "2",
         f"Công văn số 70/UBND-VP ngày 08/12/2025 {_X}", "2", ""),
    Line("5.2", "Tỷ lệ cán bộ, công chức được đào tạo, bồi dưỡng theo kế hoạch", "2", "2", "Đạt 100% kế hoạch",
         "2", ""),
    Line("5.3", "Kỷ luật, kỷ cương hành chính", "6"),
    Line("5.3.1", "Chấp hành giờ giấc làm việc", "2", "2", "Không vi phạm", "2", ""),
    Line("5.3.2", "Thực hiện văn hóa công sở", "2", "2", "Không vi phạm", "2", ""),
    Line("5.3.3", "Cán bộ, công chức bị xử lý kỷ luật", "2", "2", "Không có", "2", ""),
    Line("6", "CẢI CÁCH TÀI CHÍNH CÔNG", "8"),
    Line("6.1", "Công khai dự toán, quyết toán ngân sách xã", "2", "2", "Đã công khai theo quy định", "2", ""),
    Line("6.2", "Tỷ lệ giải ngân kế hoạch vốn đầu tư công", "3", "2,5", "8.500/10.000 triệu đồng, đạt 85%", "2,55",
         ""),
    Line("6.3", "Thực hiện thu ngân sách theo dự toán được giao", "3", "3", "Đạt 105% dự toán", "3", ""),
    Line("7", "XÂY DỰNG, PHÁT TRIỂN CHÍNH QUYỀN SỐ", "14"),
    Line("7.1", "Ban hành Kế hoạch chuyển đổi số năm", "1", "1", f"Kế hoạch số 22/KH-UBND ngày 06/8/2025 {_X}", "1",
         ""),
    Line("7.2", "Tỷ lệ văn bản trao đổi dưới dạng điện tử", "2", "2", "1450/1500, đạt 96,67%", "1,93", ""),
    Line("7.3", "Tỷ lệ thủ tục hành chính triển khai thanh toán trực tuyến", "3", "2", "30/40 thủ tục, đạt 75%", "2,25",
         ""),
    Line("7.4", "Hoạt động của Tổ công nghệ số cộng đồng", "2", "2", "Tổ hoạt động thường xuyên", "2", ""),
    Line("7.5", "Thực hiện chế độ báo cáo trên Hệ thống thông tin báo cáo của tỉnh", "2", "2", "Đầy đủ", "2", ""),
    Line("7.6", "Cung cấp thông tin trên Trang thông tin điện tử của xã", "2", "2", "Đầy đủ", "1",
         "Ý kiến: Còn thiếu chuyên mục"),
    Line("7.7", "Tỷ lệ công chức sử dụng chữ ký số", "2", "2", "28/30 công chức, đạt 93,33%", "1,87", ""),
    Line("8", "TÁC ĐỘNG CỦA CẢI CÁCH HÀNH CHÍNH", "20"),
    Line("8.1", "Mức độ hài lòng của người dân, tổ chức (điều tra xã hội học)", "10", "", "", "8,8"),
    Line("8.2", "Đánh giá của đại biểu Hội đồng nhân dân, lãnh đạo (điều tra xã hội học)", "10", "", "", "8,7"),
    Line("9", "ĐIỂM THƯỞNG", "3"),
    Line("9.1", "Sáng kiến cải cách hành chính được Ủy ban nhân dân tỉnh công nhận", "2", "2",
         "Quyết định số 1850/QĐ-UBND ngày 28/11/2025 của UBND tỉnh", "2", ""),
    Line("9.2", "Tập thể được khen thưởng về cải cách hành chính", "2", "2",
         "Quyết định số 1901/QĐ-UBND ngày 09/12/2025 của UBND tỉnh", "2", ""),
    Line("10", "ĐIỂM TRỪ", "0"),
    Line("10.1", "Cung cấp tài liệu kiểm chứng không trung thực (trừ 0,5 điểm); không thực hiện đúng các hướng dẫn về "
         "tài liệu kiểm chứng (trừ 0,5 điểm)", "0", "0", "", "-0,5", "Ý kiến: Số liệu 3.3 không đúng số liệu hệ thống"),
    Line("10.2", "Để hồ sơ trễ hạn mà không xin lỗi (mỗi hồ sơ trừ 0,5 điểm, tối đa trừ 2 điểm)", "0", "-1",
         "02 hồ sơ trễ hạn chưa có phiếu xin lỗi", "-1", ""),
    Line("10.3", "Không hoàn thành nhiệm vụ cải cách hành chính được giao (mỗi nhiệm vụ trừ 0,5 điểm, tối đa trừ 1 "
         "điểm)", "0", "0", "", "0", ""),
)
KINDS = {"9": "bonus", "10": "penalty"}


def build_commune(root: Path) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    table = root / "assessment.tsv"
    table.write_text(table_text("Xã Mường Mẫu", 2025, COMMUNE_TABLE, KINDS), encoding="utf-8")
    return [table, *write_corpus((*COMMUNE_DOCS, *COMMUNE_BOOKS), root)]


# --- the department: Sở Tư pháp ------------------------------------------------------------------

def _so(file: str, number: str, type_: str, date: D, title: str, body: tuple[Block, ...], *,
        signer: Signer = PGD_SO, fmt: Format = Format.PDF) -> DocSpec:
    return _doc(file, number, type_, date, title, body, issuer=SO, signer=signer, governing=TINH, place="Sơn La",
                fmt=fmt)


DEPARTMENT_DOCS: tuple[DocSpec, ...] = (
    _so("evidence/1.1.1/KH-05-CCHC-2025.pdf", "05/KH-STP", "Kế hoạch", D(2025, 1, 10),
        "Cải cách hành chính năm 2025 của Sở Tư pháp",
        ("Sở Tư pháp ban hành Kế hoạch cải cách hành chính năm 2025 trên 06 lĩnh vực: " + SIX_AREAS + ".",),
        signer=GD_SO),
    _so("evidence/1.2/BC-31-CCHC-quy-III-2025.pdf", "31/BC-STP", "Báo cáo", D(2025, 9, 15),
        "Kết quả công tác cải cách hành chính quý III năm 2025",
        ("Sở Tư pháp báo cáo kết quả công tác cải cách hành chính quý III năm 2025.",)),
    _so("evidence/1.2/BC-77-CCHC-nam-2025.pdf", "77/BC-STP", "Báo cáo", D(2025, 12, 12),
        "Kết quả công tác cải cách hành chính năm 2025",
        ("Sở Tư pháp báo cáo kết quả công tác cải cách hành chính năm 2025.",)),
    _so("evidence/1.3.1/KH-09-kiem-tra-CCHC-2025.pdf", "09/KH-STP", "Kế hoạch", D(2025, 2, 20),
        "Tự kiểm tra công tác cải cách hành chính năm 2025",
        ("Sở Tư pháp ban hành Kế hoạch tự kiểm tra công tác cải cách hành chính năm 2025.",)),
    _so("evidence/1.4.1/KH-10-tuyen-truyen-CCHC-2025.pdf", "10/KH-STP", "Kế hoạch", D(2025, 2, 25),
        "Tuyên truyền cải cách hành chính năm 2025",
        ("Tuyên truyền cải cách hành chính trên Trang thông tin điện tử của Sở và Báo Sơn La.",)),
    _so("evidence/2.2/KH-12-ra-soat-VBQPPL-2025.pdf", "12/KH-STP", "Kế hoạch", D(2025, 3, 3),
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2025",
        ("Sở Tư pháp ban hành Kế hoạch rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2025.",)),
    _so("evidence/4.1/QD-45-chuc-nang-nhiem-vu.pdf", "45/QĐ-STP", "Quyết định", D(2025, 7, 20),
        "Quy định chức năng, nhiệm vụ, quyền hạn của các phòng chuyên môn thuộc Sở Tư pháp",
        ("Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của các phòng chuyên môn thuộc Sở.",),
        signer=GD_SO),
    _doc("evidence/4.2.1/QD-812-vi-tri-viec-lam.pdf", "812/QĐ-UBND", "Quyết định", D(2025, 8, 15),
         "Phê duyệt vị trí việc làm và cơ cấu ngạch công chức của Sở Tư pháp",
         ("Phê duyệt danh mục vị trí việc làm, cơ cấu ngạch công chức của Sở Tư pháp tỉnh Sơn La.",),
         issuer=TINH, signer=PCT_TINH, place="Sơn La"),
    _so("evidence/5.1/CV-402-danh-gia-xep-loai-2025.pdf", "402/STP-VP", "Công văn", D(2025, 12, 10),
        "V/v tổng hợp kết quả đánh giá, xếp loại chất lượng công chức, viên chức năm 2025",
        ("Sở Tư pháp tổng hợp kết quả đánh giá, xếp loại chất lượng công chức, viên chức năm 2025.",)),
    _so("evidence/7.1/KH-15-chuyen-doi-so-2025.docx", "15/KH-STP", "Kế hoạch", D(2025, 3, 10),
        "Chuyển đổi số năm 2025 của Sở Tư pháp",
        ("Sở Tư pháp ban hành Kế hoạch chuyển đổi số năm 2025.",), fmt=Format.DOCX),
)

DEPARTMENT_BOOKS: tuple[WorkbookSpec, ...] = (
    WorkbookSpec(file="evidence/so-lieu-he-thong-2025.xlsx",
                 title="Số liệu hệ thống phục vụ thẩm định Chỉ số CCHC năm 2025 - Sở Tư pháp",
                 issuer="Trung tâm Phục vụ hành chính công tỉnh Sơn La",
                 sheets=(("Chỉ số", _stats((
                     ("3.2", "Hồ sơ giải quyết đúng hạn / hồ sơ đã giải quyết", 2290, 2300),
                     ("3.3", "Hồ sơ trực tuyến toàn trình / hồ sơ tiếp nhận", 1380, 2300),
                     ("3.4", "Hồ sơ có số hóa kết quả / hồ sơ đã giải quyết", 2070, 2300),
                     ("6.2", "Vốn đầu tư công đã giải ngân / kế hoạch vốn (triệu đồng)", 4200, 6000),
                     ("7.2", "Văn bản điện tử / tổng số văn bản phát hành", 980, 1000),
                     ("7.3", "TTHC có thanh toán trực tuyến / TTHC có phí, lệ phí", 20, 25),
                     ("7.7", "Công chức có chữ ký số sử dụng / công chức được cấp", 45, 45),
                 ), D(2025, 1, 1), D(2025, 12, 15), "Hệ thống thông tin giải quyết TTHC tỉnh Sơn La")),),
                 date=D(2025, 12, 15)),
)

_S = "của Sở Tư pháp"
DEPARTMENT_TABLE: tuple[Line, ...] = (
    Line("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "12"),
    Line("1.1", "Kế hoạch cải cách hành chính năm", "3"),
    Line("1.1.1", "Ban hành Kế hoạch cải cách hành chính năm của cơ quan", "1", "1",
         f"Kế hoạch số 05/KH-STP ngày 10/01/2025 {_S}", "1", ""),
    Line("1.1.2", "Mức độ hoàn thành Kế hoạch cải cách hành chính: trên 90% kế hoạch: 2 điểm; từ 70% đến 90%: 1 điểm; "
         "dưới 70%: 0 điểm", "2", "2", "Hoàn thành 24/25 nhiệm vụ, đạt 96%", "2", ""),
    Line("1.2", "Thực hiện chế độ báo cáo cải cách hành chính định kỳ (quý III, năm)", "2", "2",
         f"Báo cáo số 31/BC-STP ngày 15/9/2025, số 77/BC-STP ngày 12/12/2025 {_S}", "2", ""),
    Line("1.3", "Công tác kiểm tra cải cách hành chính", "1,5"),
    Line("1.3.1", "Ban hành Kế hoạch tự kiểm tra cải cách hành chính", "0,5", "0,5",
         f"Kế hoạch số 09/KH-STP ngày 20/02/2025 {_S}", "0,5", ""),
    Line("1.3.2", "Xử lý các vấn đề phát hiện qua kiểm tra", "1", "1", "Đã xử lý 2/2 vấn đề, đạt 100%", "1", ""),
    Line("1.4", "Công tác tuyên truyền cải cách hành chính", "2"),
    Line("1.4.1", "Ban hành Kế hoạch tuyên truyền cải cách hành chính", "0,5", "0,5",
         f"Kế hoạch số 10/KH-STP ngày 25/02/2025 {_S}", "0,5", ""),
    Line("1.4.2", "Mức độ đa dạng trong tuyên truyền: (1) Hội nghị, tập huấn; (2) Trang thông tin điện tử; "
         "(3) Báo chí", "1,5", "1,5", "Tổ chức hội nghị; đăng tin trên trang thông tin điện tử; phối hợp với báo chí",
         "1,5", ""),
    Line("1.5", "Họp giao ban về cải cách hành chính, chuyển đổi số trong năm: 4 lần/năm: 1 điểm; 3 lần: 0,75 điểm; "
         "2 lần: 0,5 điểm; 1 lần: 0,25 điểm", "1", "0", "Không tổ chức", "0", ""),
    Line("1.6", "Thực hiện nhiệm vụ do Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân tỉnh giao (không được giao "
         "nhiệm vụ thì không đánh giá tiêu chí này)", "2,5", "0",
         "Trong năm không được giao nhiệm vụ; không đánh giá tiêu chí này", "0", ""),
    Line("2", "CẢI CÁCH THỂ CHẾ", "6"),
    Line("2.1", "Tỷ lệ văn bản quy phạm pháp luật tham mưu ban hành đúng kế hoạch", "2", "1,5",
         "Tham mưu 6/8 văn bản, đạt 75%", "1,5", ""),
    Line("2.2", "Ban hành Kế hoạch rà soát, hệ thống hóa văn bản quy phạm pháp luật", "2", "2",
         f"Kế hoạch số 12/KH-STP ngày 03/3/2025 {_S}", "2", ""),
    Line("2.3", "Rà soát văn bản do cơ quan tham mưu ban hành", "2", "2", "Đã rà soát 35 văn bản", "2", ""),
    Line("3", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "22"),
    Line("3.1", "Tham mưu công bố, công khai thủ tục hành chính thuộc lĩnh vực quản lý", "2", "2", "Đầy đủ", "2", ""),
    Line("3.2", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "8", "8", "2290/2300, đạt 99,57%", "8", ""),
    Line("3.3", "Tỷ lệ hồ sơ trực tuyến toàn trình", "4", "4", "1380/2300, đạt 60%", "4", ""),
    Line("3.4", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "4", "4", "2070/2300, đạt 90%", "4", ""),
    Line("3.5", "Thực hiện xin lỗi khi để xảy ra trễ hạn", "2", "2", "Có phiếu xin lỗi cho 10 hồ sơ trễ hạn", "2", ""),
    Line("3.6", "Xử lý phản ánh, kiến nghị của cá nhân, tổ chức", "2", "2", "Đã xử lý 5/5 phản ánh", "2", ""),
    Line("4", "CẢI CÁCH TỔ CHỨC BỘ MÁY", "8"),
    Line("4.1", "Ban hành quy định chức năng, nhiệm vụ của các phòng chuyên môn", "4", "4",
         f"Quyết định số 45/QĐ-STP ngày 20/7/2025 {_S}", "4", ""),
    Line("4.2", "Thực hiện quy định về vị trí việc làm", "4"),
    Line("4.2.1", "Cập nhật, hoàn thiện vị trí việc làm được phê duyệt", "2", "2",
         "Quyết định số 812/QĐ-UBND ngày 15/8/2025 của UBND tỉnh phê duyệt vị trí việc làm của Sở Tư pháp", "2", ""),
    Line("4.2.2", "Tỷ lệ công chức bố trí theo đúng vị trí việc làm", "2", "2", "Đạt 100%", "2", ""),
    Line("5", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "10"),
    Line("5.1", "Thực hiện đánh giá, xếp loại công chức, viên chức", "2", "2",
         f"Công văn số 402/STP-VP ngày 10/12/2025 {_S}", "2", ""),
    Line("5.2", "Tỷ lệ công chức, viên chức được đào tạo, bồi dưỡng theo kế hoạch", "2", "2", "Đạt 100% kế hoạch", "2",
         ""),
    Line("5.3", "Kỷ luật, kỷ cương hành chính", "6"),
    Line("5.3.1", "Chấp hành giờ giấc làm việc", "2", "2", "Không vi phạm", "2", ""),
    Line("5.3.2", "Thực hiện văn hóa công sở", "2", "2", "Không vi phạm", "2", ""),
    Line("5.3.3", "Công chức, viên chức bị xử lý kỷ luật", "2", "2", "Không có", "2", ""),
    Line("6", "CẢI CÁCH TÀI CHÍNH CÔNG", "8"),
    Line("6.1", "Công khai dự toán, quyết toán ngân sách của cơ quan", "2", "2", "Đã công khai theo quy định", "2", ""),
    Line("6.2", "Tỷ lệ giải ngân kế hoạch vốn đầu tư công", "3", "2,1", "4.200/6.000 triệu đồng, đạt 70%", "2,1", ""),
    Line("6.3", "Thực hiện cơ chế tự chủ tại đơn vị sự nghiệp công lập trực thuộc", "3", "2", "Đã thực hiện", "2",
         "Ý kiến: Chưa có phương án tự chủ của Trung tâm Trợ giúp pháp lý"),
    Line("7", "XÂY DỰNG, PHÁT TRIỂN CHÍNH QUYỀN SỐ", "14"),
    Line("7.1", "Ban hành Kế hoạch chuyển đổi số năm", "1", "1", f"Kế hoạch số 15/KH-STP ngày 10/3/2025 {_S}", "1", ""),
    Line("7.2", "Tỷ lệ văn bản trao đổi dưới dạng điện tử", "2", "1,96", "980/1000, đạt 98%", "1,96", ""),
    Line("7.3", "Tỷ lệ thủ tục hành chính triển khai thanh toán trực tuyến", "3", "2,4", "20/25 thủ tục, đạt 80%",
         "2,4", ""),
    Line("7.5", "Thực hiện chế độ báo cáo trên Hệ thống thông tin báo cáo của tỉnh", "2", "2", "Đầy đủ", "2", ""),
    Line("7.6", "Cung cấp thông tin trên Cổng/Trang thông tin điện tử của cơ quan", "4", "4", "Đầy đủ", "4", ""),
    Line("7.7", "Tỷ lệ công chức sử dụng chữ ký số", "2", "2", "45/45 công chức, đạt 100%", "2", ""),
    Line("8", "TÁC ĐỘNG CỦA CẢI CÁCH HÀNH CHÍNH", "20"),
    Line("8.1", "Mức độ hài lòng của người dân, tổ chức (điều tra xã hội học)", "10", "", "", "9"),
    Line("8.2", "Đánh giá của đại biểu Hội đồng nhân dân, lãnh đạo (điều tra xã hội học)", "10", "", "", "9"),
    Line("9", "ĐIỂM THƯỞNG", "3"),
    Line("9.1", "Sáng kiến cải cách hành chính được Ủy ban nhân dân tỉnh công nhận", "2", "0", "", "0"),
    Line("9.2", "Tập thể được khen thưởng về cải cách hành chính", "2", "0", "", "0"),
    Line("10", "ĐIỂM TRỪ", "0"),
    Line("10.1", "Cung cấp tài liệu kiểm chứng không trung thực (trừ 0,5 điểm); không thực hiện đúng các hướng dẫn về "
         "tài liệu kiểm chứng (trừ 0,5 điểm)", "0", "0", "", "0", ""),
    Line("10.2", "Để hồ sơ trễ hạn mà không xin lỗi (mỗi hồ sơ trừ 0,5 điểm, tối đa trừ 2 điểm)", "0", "0", "", "0"),
    Line("10.3", "Không hoàn thành nhiệm vụ cải cách hành chính được giao (mỗi nhiệm vụ trừ 0,5 điểm, tối đa trừ 1 "
         "điểm)", "0", "0", "", "0", ""),
)


def build_department(root: Path) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    table = root / "assessment.tsv"
    table.write_text(table_text("Sở Tư pháp tỉnh Sơn La", 2025, DEPARTMENT_TABLE, KINDS, ("1.6",)),
                     encoding="utf-8")
    return [table, *write_corpus((*DEPARTMENT_DOCS, *DEPARTMENT_BOOKS), root)]


def build_all(out: Path) -> dict[str, list[Path]]:
    built = {}
    for name, build in (("sonla-commune-2025", build_commune), ("sonla-department-2025", build_department)):
        shutil.rmtree(out / name, ignore_errors=True)
        built[name] = build(out / name)
    return built
