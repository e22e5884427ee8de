"""sample_evidence/konray-2023-realworld: the Kon Rẫy 2023 submission in the shapes units really
upload (docs/evidence.md, "The realworld sample").

Built from the konray-2023 specs, deterministically:

* 1.2.1 the four CCHC reports merged into one PDF, with a page of broken scan between two of them;
* 1.3.1 the two inspection plans printed, stapled and scanned as one PDF;
* 1.4.1 the communication plan issued by Quyết định 37/QĐ-UBND (decision and plan in one PDF);
* 1.1.1 the 2023 CCHC plan dated 30/12/2022 but signed on 06/01/2023 (backdated);
* 2.1.1 three documents signed in the e-office flow (number and day stamped, leader, organisation),
  one with the signature's visible stamp printed in its header band;
* 2.2.1 the plan signed, then edited (an update appended after the signature);
* 2.2.4 a district report signed, leader and organisation, with the Phòng Tư pháp's certificate
  (signer mismatch);
* 2.1.3 the report cited as 496/BC-UBND uploaded as 497/BC-UBND (same date and subject);
* 5.1.3 a second, different "142/KH-UBND" of the same date (conflicting copies);
* 5.1.2 the DOCX created 40 days after its printed date (file metadata);
* 7.1.1 the digital-transformation plan as e-office prints it: number and day blank in the text,
  stamped as annotations, signed;
* 4.1.2 the DOCX saved as a legacy .doc, 1.6.1 the task workbook as .xls (LibreOffice);
* 8.1 the notice photographed sideways (pixels rotated 90°), and 25/TB-SNV photographed with an
  EXIF orientation tag.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from samplegen import spec as S
from samplegen.bundle import merge_pdfs
from samplegen.docx_writer import render_docx_bytes
from samplegen.konray2023 import CORPUS
from samplegen.layout import pinned_rl_config, render_pdf_bytes
from samplegen.scan import photo_jpeg, scanned_pdf
from samplegen.signing import VN, sign, stamp, tamper
from samplegen.xlsx_writer import workbook_bytes

D = dt.date
HAND_WRITTEN = "expected_findings.json"   # written by a person from the shapes above, never generated
MEASURED = "bundles.json"                 # what each bundle holds, written from the specs


def _spec(number: str) -> S.DocSpec:
    return next(s for s in CORPUS if isinstance(s, S.DocSpec) and s.number == number)


def _book(file: str) -> S.WorkbookSpec:
    return next(s for s in CORPUS if isinstance(s, S.WorkbookSpec) and s.file == file)


def _at(day: D, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def _e_office(pdf: bytes, spec: S.DocSpec, *, leader_day: D | None = None, who: str = "leader",
              office: str = "office", stamp_values: bool = False) -> bytes:
    """The e-office flow: the number and day stamped (when blank), then the leader's and the
    organisation's signatures, on the document's date unless told otherwise."""
    day = leader_day or spec.date
    if stamp_values:
        pdf = stamp(pdf, [("Số:", spec.number.split("/", 1)[0]), ("ngày", f"{spec.date.day:02d}")])
    pdf = sign(pdf, who, _at(day, 9, 12), "LanhDao")
    return sign(pdf, office, _at(day, 10, 5), "VanThu")


def _broken_scan_page(tmp: Path) -> bytes:
    """A page whose JPEG data is garbage past its header (a transfer that broke mid-file)."""
    buf = io.BytesIO()
    Image.new("L", (600, 840), 255).save(buf, "JPEG")
    data = buf.getvalue()
    jpeg = tmp / "broken.jpg"
    jpeg.write_bytes(data[:200] + bytes((i * 37) % 256 for i in range(len(data) - 400)) + data[-200:])
    out = io.BytesIO()
    with pinned_rl_config(use_a85=1):
        c = Canvas(out, pagesize=A4, invariant=1, pageCompression=0)
        c.drawImage(str(jpeg), 0, 0, *A4)     # a file path: reportlab embeds the JPEG as it is
        c.showPage()
        c.save()
    # reportlab names the image after its (temporary) path: pin the name, same length
    return re.sub(rb"FormXob\.[0-9a-f]{32}", b"FormXob." + b"0" * 32, out.getvalue())


def _libreoffice(data: bytes, suffix: str, target: str) -> bytes:
    """Convert with LibreOffice headless (as a unit's "Save as" does); the output is deterministic."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", target, "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=180)
        return (Path(tmp) / f"in.{target}").read_bytes()


def _created(docx: bytes, when: str) -> bytes:
    """The DOCX with its core 'created' date set to ``when`` (ISO, Z)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)",
                              rb"\g<1>" + when.encode() + rb"\g<2>", body)
            dst.writestr(info, body)
    return out.getvalue()


def _rotated_photo(pdf: bytes, seed: int, *, exif: bool) -> bytes:
    """A phone photo taken sideways: pixels turned 90° clockwise, or (``exif``) stored turned with
    an EXIF orientation tag that tells a viewer to turn it back."""
    photo = Image.open(io.BytesIO(photo_jpeg(pdf, seed)))
    out = io.BytesIO()
    if exif:
        exif_data = Image.Exif()
        exif_data[0x0112] = 6          # "rotate 90° CW to display": the pixels are stored turned left
        photo.transpose(Image.Transpose.ROTATE_90).save(out, "JPEG", quality=72, exif=exif_data.tobytes())
    else:
        photo.transpose(Image.Transpose.ROTATE_270).save(out, "JPEG", quality=72)
    return out.getvalue()


def _edit_row(table: str, code: str, old: str, new: str) -> str:
    lines = table.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(f"{code}. "):
            if old not in line:
                raise ValueError(f"{old!r} not in row {code}")
            lines[i] = line.replace(old, new)
            return "\n".join(lines)
    raise KeyError(code)


QD37 = S.Ref("37/QĐ-UBND", D(2023, 2, 28), "Quyết định", "của Ủy ban nhân dân huyện Kon Rẫy")
SIGN_STAMP = ("Ký bởi: Ủy ban nhân dân huyện Kon Rẫy", "Email: ubndkonray@kontum.gov.vn",
              "Thời gian ký: 15.02.2023 10:05:00 +07:00")


def _decision_37() -> S.DocSpec:
    kh38 = _spec("38/KH-UBND")
    return S.DocSpec(
        file="", number=QD37.number, type="Quyết định", issuer=kh38.issuer, date=QD37.date or D(2023, 2, 28),
        title="Ban hành Kế hoạch tuyên truyền công tác cải cách hành chính nhà nước trên địa bàn huyện "
              "Kon Rẫy năm 2023",
        body=("^ CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN KON RẪY",
              "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
              "# QUYẾT ĐỊNH:",
              "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tuyên truyền công tác cải cách hành chính "
              "nhà nước trên địa bàn huyện Kon Rẫy năm 2023.",
              "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
              "Điều 3. Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ và các cơ quan, đơn vị có liên "
              "quan chịu trách nhiệm thi hành Quyết định này./."),
        signer=kh38.signer, pages=1)


Writer = Callable[[Path], None]


def build(src: Path, out: Path) -> list[dict[str, object]]:
    """Rebuild ``out`` from the konray-2023 sample at ``src``; returns what each bundle holds."""
    kept = (out / HAND_WRITTEN).read_bytes() if (out / HAND_WRITTEN).exists() else None
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(src, out, ignore=shutil.ignore_patterns("truth.json", "EXPECTED.md"))
    if kept is not None:
        (out / HAND_WRITTEN).write_bytes(kept)
    ev = out / "evidence"
    bundles: list[dict[str, object]] = []

    def put(relative: str, data: bytes) -> None:
        path = ev / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def bundle(relative: str, specs: list[S.DocSpec], *, scanned: bool, seed: int = 0,
               inserted: dict[int, bytes] | None = None) -> None:
        extra = inserted or {}
        parts: list[bytes] = []
        for i, s in enumerate(specs):
            parts += [extra[i], render_pdf_bytes(s)] if i in extra else [render_pdf_bytes(s)]
        pdf = merge_pdfs(parts)
        put(relative, scanned_pdf(pdf, seed, colour=False) if scanned else pdf)
        first = 1
        docs: list[dict[str, Any]] = []
        for i, s in enumerate(specs):
            if i in extra:                      # an inserted page belongs to the document before it
                first += 1
                docs[-1]["pages"][1] += 1
            docs.append({"pages": [first, first + s.pages - 1], "number": s.number, "type_code": s.type_code,
                         "issuer": s.issuer, "date": s.date.isoformat(),
                         "place": None if s.issued_by else s.place,    # a plan issued by a decision prints none
                         "title": " ".join(s.title.split()),
                         "attached_to": s.issued_by.number if s.issued_by else None})
            first += s.pages
        bundles.append({"file": f"evidence/{relative}", "scanned": scanned, "documents": docs})

    with tempfile.TemporaryDirectory() as tmp:
        broken = _broken_scan_page(Path(tmp))
    # 1.2.1: four reports in one PDF, a broken scan page before the second
    for f in ("BC-75-CCHC-QuyI-2023.pdf", "BC-195-CCHC-6thang-2023.pdf", "BC-363-CCHC-QuyIII-2023.pdf",
              "BC-540-CCHC-nam-2023.pdf"):
        (ev / "1.2.1" / f).unlink()
    bundle("1.2.1/TLKC tiêu chí 1.2.1.pdf", [_spec(n) for n in ("75/BC-UBND", "195/BC-UBND", "363/BC-UBND",
                                                                   "540/BC-UBND")], scanned=False,
           inserted={1: broken})
    # 1.3.1: two plans scanned as one stack
    for f in ("KH-13-kiem-tra-CCHC-2023.pdf", "KH-130-kiem-tra-CCHC-dot-2-2023.pdf"):
        (ev / "1.3.1" / f).unlink()
    bundle("1.3.1/TLKC 1.3.1 (bản chụp).pdf", [_spec("13/KH-UBND"), _spec("130/KH-UBND")], scanned=True, seed=131)
    # 1.4.1: the plan issued by a decision, both in one PDF
    (ev / "1.4.1" / "KH-38-tuyen-truyen-CCHC-2023.pdf").unlink()
    plan = dataclasses.replace(_spec("38/KH-UBND"), number=QD37.number, date=QD37.date or D(2023, 2, 28),
                               issued_by=QD37, pages=2)
    bundle("1.4.1/QĐ 37 ban hành KH tuyên truyền CCHC 2023.pdf", [_decision_37(), plan], scanned=False)
    # 1.1.1: printed 30/12/2022, signed 06/01/2023
    kh163 = _spec("163/KH-UBND")
    put("1.1.1/KH-163-CCHC-2023.pdf", _e_office(render_pdf_bytes(kh163), kh163, leader_day=D(2023, 1, 6)))
    # 2.1.1: signed in the e-office flow; KH 35 with the signature's visible stamp in its header band
    for n, f in (("35/KH-UBND", "KH-35-theo-doi-THPL-2023.pdf"), ("61/KH-UBND", "KH-61-thi-hanh-XLVPHC-2023.pdf"),
                 ("431/QĐ-UBND", "QD-431-doan-kiem-tra-lien-nganh.pdf")):
        s = _spec(n)
        if n == "35/KH-UBND":
            s = dataclasses.replace(s, signature_stamp=SIGN_STAMP)
        put(f"2.1.1/{f}", _e_office(render_pdf_bytes(s), s))
    # 2.2.1: signed, then edited
    kh53 = _spec("53/KH-UBND")
    put("2.2.1/KH-53-he-thong-hoa-VBQPPL-2019-2023.pdf",
        tamper(_e_office(render_pdf_bytes(kh53), kh53), "Da sua so lieu sau khi ky"))
    # 2.2.4: a UBND report signed with the Phòng Tư pháp's certificate
    bc473 = _spec("473/BC-UBND")
    put("2.2.4/BC-473-ra-soat-VBQPPL-2023.pdf", _e_office(render_pdf_bytes(bc473), bc473, who="justice",
                                                                 office="justice"))
    # 2.1.3: cited as 496, uploaded as 497 (same date and subject)
    bc496 = _spec("496/BC-UBND")
    put("2.1.3/BCUB công tác theo dõi thi hành pháp luật năm 2023.pdf",
        render_pdf_bytes(dataclasses.replace(bc496, number="497/BC-UBND")))
    # 5.1.3: another "142/KH-UBND" of the same date, with another body
    kh142 = _spec("142/KH-UBND")
    other = dataclasses.replace(kh142, citations=(), body=(
        "# I. MỤC ĐÍCH", "Tổ chức tuyển dụng viên chức giáo dục năm 2023 bảo đảm công khai, minh bạch.",
        "# II. CHỈ TIÊU", "Tuyển dụng 12 giáo viên mầm non và 8 giáo viên tiểu học cho các xã vùng khó khăn.",
        "# III. TỔ CHỨC THỰC HIỆN", "Giao Phòng Nội vụ chủ trì, phối hợp Phòng Giáo dục và Đào tạo thực hiện."))
    put("5.1.3/KH-142 (bản sửa).pdf", render_pdf_bytes(other))
    # 5.1.2: the DOCX created 40 days after its printed date
    cv269 = _spec("269/UBND-NC")
    created = (cv269.date + dt.timedelta(days=40)).isoformat() + "T08:30:00Z"
    put("5.1.2/CV-269-UBND-NC-dang-ky-tiep-nhan-cong-chuc.docx", _created(render_docx_bytes(cv269), created))
    # 7.1.1: e-office print: number and day blank in the text, stamped as annotations, signed
    kh45 = dataclasses.replace(_spec("45/KH-UBND"), blank_number_day=True)
    put("7.1.1/Kế hoạch 45. Chuyển đổi số 2023.pdf", _e_office(render_pdf_bytes(kh45), kh45, stamp_values=True))
    # 4.1.2 and 1.6.1: legacy formats
    cv1727 = _spec("1727/UBND-NC")
    (ev / "4.1.2" / "CV-1727-UBND-NC-lanh-dao-quan-ly-giao-duc.docx").unlink()
    put("4.1.2/CV-1727-UBND-NC-lanh-dao-quan-ly-giao-duc.doc", _libreoffice(render_docx_bytes(cv1727), ".docx", "doc"))
    tasks = _book("evidence/1.6.1/26. Huyen KR.xlsx")
    (ev / "1.6.1" / "26. Huyen KR.xlsx").unlink()
    put("1.6.1/26. Huyen KR.xls", _libreoffice(workbook_bytes(tasks.sheets), ".xlsx", "xls"))
    # 8.1: photos taken sideways
    tb02 = _spec("02/TB-PNV")
    (ev / "8.1" / "TB-02-PNV-tu-kiem-tra-gio-giac.jpg").unlink()
    put("8.1/TB-02-PNV (chụp ngang).jpg", _rotated_photo(render_pdf_bytes(tb02), tb02.seed, exif=False))
    tb25 = dataclasses.replace(_spec("11/TB-SNV"), number="25/TB-SNV", date=D(2023, 3, 31),
                               title="Kết quả kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính quý I")
    put("8.1/TB-25-SNV.jpg", _rotated_photo(render_pdf_bytes(tb25), tb25.seed, exif=True))

    table = (out / "assessment.tsv").read_text(encoding="utf-8")
    table = _edit_row(table, "1.4.1", "Kế hoạch số 38/KH-UBND ngày 28/02/2023 về việc tuyên truyền",
                      "Quyết định số 37/QĐ-UBND ngày 28/02/2023 ban hành Kế hoạch tuyên truyền")
    (out / "assessment.tsv").write_text(table, encoding="utf-8")
    return bundles
