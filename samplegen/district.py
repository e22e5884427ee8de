"""A district-sized benchmark submission (about 500 pages, about 135 of them scanned), built on
demand from seeded random specs with the same layout and scan code as the committed sample."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from samplegen import refs as R
from samplegen.corpus import SEED_TABLE, write_corpus
from samplegen.spec import Block, DocSpec, Format, Ref, Table
from samplegen.staff import CT, HUYEN, PCT

_KONRAY_TABLE = Path(__file__).resolve().parents[1] / "sample_evidence" / "konray-2023" / "assessment.tsv"
_CODES = ("1.1.1", "1.2.1", "1.3.1", "1.4.1", "1.4.3", "2.1.1", "2.1.3", "2.2.1", "2.2.4", "3.1.2",
          "3.3.3", "3.4.3", "4.1.1", "4.2.2", "4.3.1", "5.1.1", "5.2", "5.4", "5.5", "5.7", "6.2.1",
          "6.5.2", "7.1.1", "7.1.2", "7.1.4", "7.1.8", "8.1")
# (type name, symbol); "Công văn" selects the letter layout
_KINDS = (("Kế hoạch", "KH-UBND"), ("Báo cáo", "BC-UBND"), ("Quyết định", "QĐ-UBND"),
          ("Công văn", "UBND-NC"), ("Thông báo", "TB-UBND"), ("Tờ trình", "TTr-UBND"))
_TOPICS = ("cải cách hành chính", "chuyển đổi số", "theo dõi thi hành pháp luật",
           "kiểm soát thủ tục hành chính", "đào tạo, bồi dưỡng cán bộ, công chức",
           "quản lý, sử dụng tài sản công", "tuyên truyền pháp luật", "văn thư, lưu trữ",
           "kỷ luật, kỷ cương hành chính", "vị trí việc làm")
_UNITS = ("Phòng Nội vụ", "Phòng Tư pháp", "Văn phòng HĐND&UBND", "Phòng Văn hóa - Thông tin")
_QUARTERS = ("I", "II", "III", "IV")
_BASES = (R.NQ76, R.ND30, R.ND59, R.ND62, R.ND90, R.ND42, R.ND151, R.KH4465, R.HD01_SNV, R.TT03)


def _body(rng: random.Random, topic: str, pages: int, sibling: Ref | None) -> tuple[tuple[Block, ...],
                                                                                    tuple[Ref, ...]]:
    cites = tuple(rng.sample(_BASES, 2)) + ((sibling,) if sibling else ())
    body: list[Block] = [f"Căn cứ {{{i}}};" for i in range(len(cites))]
    body += ["# I. MỤC ĐÍCH, YÊU CẦU",
             f"Triển khai có hiệu quả công tác {topic} trên địa bàn huyện; xác định rõ nhiệm vụ, thời "
             "gian hoàn thành và cơ quan chủ trì."]
    if pages >= 2:
        rows = tuple((str(i), f"Nhiệm vụ {i} về {topic}", rng.choice(_UNITS), f"Quý {rng.choice(_QUARTERS)}")
                     for i in range(1, rng.randint(5, 9)))
        body += ["# II. NHIỆM VỤ CỤ THỂ",
                 Table(("STT", "Nhiệm vụ", "Chủ trì", "Thời gian"), rows, (0.6, 4, 2.2, 1.4))]
    body += ["# III. TỔ CHỨC THỰC HIỆN",
             "Các cơ quan, đơn vị tổ chức thực hiện và báo cáo kết quả về Ủy ban nhân dân huyện."]
    return tuple(body), cites


def district_specs(*, seed: int = 0, text_pdfs: int = 90, scanned_pdfs: int = 45, docx: int = 15,
                   pages_per_text: int = 4, pages_per_scan: int = 3) -> list[DocSpec]:
    rng = random.Random(seed)
    total = text_pdfs + scanned_pdfs + docx
    formats = [Format.PDF] * text_pdfs + [Format.SCAN] * scanned_pdfs + [Format.DOCX] * docx
    rng.shuffle(formats)
    start = dt.date(2023, 1, 3)
    dates = sorted(start + dt.timedelta(days=rng.randrange(0, 340)) for _ in range(total))
    counters: dict[str, int] = {}
    specs: list[DocSpec] = []
    previous: Ref | None = None
    for i, (fmt, date) in enumerate(zip(formats, dates, strict=True)):
        type_name, symbol = rng.choice(_KINDS)
        counters[symbol] = counters.get(symbol, 0) + rng.randint(1, 25)
        number = f"{counters[symbol]:02d}/{symbol}"
        topic = rng.choice(_TOPICS)
        pages = {Format.SCAN: pages_per_scan, Format.DOCX: 1}.get(fmt, pages_per_text)
        body, cites = _body(rng, topic, pages, previous if rng.random() < 0.5 else None)
        code = rng.choice(_CODES)
        ext = "docx" if fmt is Format.DOCX else "pdf"
        stem = number.replace("/", "-")
        spec = DocSpec(file=f"evidence/{code}/{i:03d}-{stem}.{ext}", number=number, type=type_name,
                       issuer=HUYEN, date=date, title=f"Về công tác {topic} năm 2023", body=body,
                       signer=CT if rng.random() < 0.3 else PCT, citations=cites, pages=pages, format=fmt,
                       to=("Sở Nội vụ tỉnh Kon Tum",) if type_name in ("Công văn", "Tờ trình") else ())
        spec.validate()
        specs.append(spec)
        previous = Ref(number, date, type_name, "của Ủy ban nhân dân huyện")
    return specs


def build_district(out: Path, *, seed: int = 0, text_pdfs: int = 90, scanned_pdfs: int = 45, docx: int = 15,
                   pages_per_text: int = 4, pages_per_scan: int = 3) -> list[Path]:
    """Write assessment.tsv (the Kon Rẫy table), evidence/<code>/ files and truth.json under ``out``."""
    specs = district_specs(seed=seed, text_pdfs=text_pdfs, scanned_pdfs=scanned_pdfs, docx=docx,
                           pages_per_text=pages_per_text, pages_per_scan=pages_per_scan)
    out.mkdir(parents=True, exist_ok=True)
    table = out / "assessment.tsv"
    shutil.copyfile(_KONRAY_TABLE if _KONRAY_TABLE.exists() else SEED_TABLE, table)
    return [table, *write_corpus(specs, out)]
