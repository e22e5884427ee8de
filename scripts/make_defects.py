"""Build sample_evidence/konray-2023-defects: the Kon Rẫy 2023 submission with one planted defect of
every finding kind, each on its own criterion (listed by hand in expected_findings.json).

    python scripts/make_defects.py [--src sample_evidence/konray-2023] [--out sample_evidence/konray-2023-defects]

Deterministic: documents are re-rendered with samplegen from the sample's own specs.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from samplegen import DocSpec, render_pdf  # noqa: E402 (after the sys.path line)
from samplegen.konray2023 import CORPUS  # noqa: E402
from samplegen.staff import HUYEN  # noqa: E402

D = dt.date


def _spec(number: str) -> DocSpec:
    return next(s for s in CORPUS if isinstance(s, DocSpec) and s.number == number)


def _edit_row(lines: list[str], code: str, change: Callable[[list[str]], list[str]]) -> None:
    """Apply ``change`` to the cells of the row whose first cell starts with ``code``."""
    for i, line in enumerate(lines):
        cells = line.rstrip("\n").split("\t")
        first = re.sub(r"<[^>]+>", "", cells[0]).strip()
        if first.startswith(code + ". "):
            lines[i] = "\t".join(change(cells)) + "\n"
            return
    raise KeyError(code)


def _replace(old: str, new: str) -> Callable[[list[str]], list[str]]:
    def change(cells: list[str]) -> list[str]:
        text = "\t".join(cells)
        if old not in text:
            raise ValueError(f"{old!r} not in row")
        return text.replace(old, new).split("\t")
    return change


def _set_self(value: str) -> Callable[[list[str]], list[str]]:
    def change(cells: list[str]) -> list[str]:
        return [*cells[:2], value, *cells[3:]]
    return change


HAND_WRITTEN = "expected_findings.json"   # written by a person from the defects below, never generated


def build(src: Path, out: Path) -> None:
    kept = (out / HAND_WRITTEN).read_bytes() if (out / HAND_WRITTEN).exists() else None
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(src, out, ignore=shutil.ignore_patterns("truth.json", "EXPECTED.md"))
    ev = out / "evidence"
    if kept is not None:
        (out / HAND_WRITTEN).write_bytes(kept)

    # late: the 2023 plan issued on 05/01/2023, after the 31/12/2022 deadline (1.1.1)
    render_pdf(dataclasses.replace(_spec("163/KH-UBND"), date=D(2023, 1, 5)), ev / "1.1.1/KH-163-CCHC-2023.pdf")
    # missing: the Q3 report is not uploaded (1.2.1)
    (ev / "1.2.1/BC-363-CCHC-QuyIII-2023.pdf").unlink()
    # wrong period: the follow-up plan is last year's (2.1.1)
    (ev / "2.1.1/KH-61-thi-hanh-XLVPHC-2023.pdf").unlink()
    kh35 = _spec("35/KH-UBND")
    render_pdf(dataclasses.replace(kh35, date=D(2022, 2, 18), title=kh35.title.replace("2023", "2022")),
               ev / "2.1.1/KH-35-theo-doi-THPL-2023.pdf")
    # wrong type/level: a grassroots recognition by UBND huyện instead of the provincial one (1.5)
    (ev / "1.5/QD-173-sang-kien-cap-tinh-2022-dot-1.pdf").unlink()
    qd = _spec("173/QĐ-UBND(CT)")
    render_pdf(dataclasses.replace(qd, number="95/QĐ-UBND", issuer=HUYEN, place="Kon Rẫy", date=D(2023, 5, 2),
                                   title="Về việc công nhận sáng kiến cấp cơ sở năm 2023", governing="",
                                   body=tuple(b.replace("cấp tỉnh năm 2022 (đợt 1)", "cấp cơ sở năm 2023")
                                              .replace("TỈNH KON TUM", "HUYỆN KON RẪY")
                                              if isinstance(b, str) else b for b in qd.body)),
               ev / "1.5/QD-95-sang-kien-cap-co-so-2023.pdf")
    # unreadable: a truncated PDF next to the good report (2.2.4)
    good = (ev / "2.2.4/BC-473-ra-soat-VBQPPL-2023.pdf").read_bytes()
    (ev / "2.2.4/BC-473-ban-chup-loi.pdf").write_bytes(good[:400])
    # duplicates: the same plan under another criterion (1.4.2), and twice in one criterion (1.3.1)
    (ev / "1.4.2").mkdir(exist_ok=True)
    shutil.copyfile(ev / "1.4.1/KH-38-tuyen-truyen-CCHC-2023.pdf", ev / "1.4.2/KH-38-ban-sao.pdf")
    shutil.copyfile(ev / "1.3.1/KH-13-kiem-tra-CCHC-2023.pdf", ev / "1.3.1/KH-13-ban-sao.pdf")

    table = out / "assessment.tsv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    # the plan's new date, everywhere it is cited, so the only 1.1.1 defect is lateness
    for code in ("1.1.1", "1.1.2", "1.1.3"):
        _edit_row(lines, code, _replace("163/KH-UBND ngày 30/12/2022", "163/KH-UBND ngày 05/01/2023"))
    _edit_row(lines, "2.1.1", _replace("35/KH-UBND ngày 20/02/2023", "35/KH-UBND ngày 18/02/2022"))
    # cited date differs from the document (2.2.1: the plan is dated 10/3/2023)
    _edit_row(lines, "2.2.1", _replace("53/KH-UBND ngày 10/3/2023", "53/KH-UBND ngày 15/3/2023"))
    # declared ratio arithmetic error (7.1.4): 19/19 is 100 %, not 95 %
    _edit_row(lines, "7.1.4", _replace("Có 19/19 cơ quan, đơn vị", "Có 19/19 cơ quan, đạt 95%, đơn vị"))
    # score above what the evidence supports (2.4): 80 % of tasks done, self score still 1
    _edit_row(lines, "2.4", _replace("Hoàn thành 100% các nhiệm vụ", "Hoàn thành 80% các nhiệm vụ"))
    # attachment named but not uploaded (3.1.3)
    _edit_row(lines, "3.1.3", _replace("đúng thời gian quy định",
                                       "đúng thời gian quy định. Tài liệu kiểm chứng: - Bao cao KSTTHC quy IV.pdf"))
    # malformed rows: a non-number score (3.5.2), self above max (3.5.3), an unknown code
    _edit_row(lines, "3.5.2", _set_self("năm"))
    _edit_row(lines, "3.5.3", _set_self("0,8"))
    at = next(i for i, line in enumerate(lines) if line.startswith("4. CẢI CÁCH TỔ CHỨC BỘ MÁY"))
    lines.insert(at, "3.6.9. Tiêu chí không có trong bộ chỉ số\t0,5\t0,5\tGiải trình: - Không có\t0,5\t\n")
    table.write_text("".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", type=Path, default=REPO / "sample_evidence" / "konray-2023")
    parser.add_argument("--out", type=Path, default=REPO / "sample_evidence" / "konray-2023-defects")
    args = parser.parse_args(argv)
    build(args.src, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
