"""find_citations over the real Kon Rẫy 2023 scoring table (the seed).

The expected references below were read off the seed by hand; the fractions and URLs listed are
all present in the seed and must not come out as citations.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from verifier.identify import find_citations
from verifier.identify.model import Citation, NumberKind
from verifier.text import normalize

_ROOT = Path(__file__).parents[2]
_CANDIDATES = (
    _ROOT / "sample_evidence/konray-2023/assessment.tsv",
    _ROOT.parent / "shared/seeds/000_fb14bbc9dfbf432c.txt",
)


@pytest.fixture(scope="module")
def seed_text() -> str:
    for path in _CANDIDATES:
        if path.is_file():
            return normalize(path.read_text(encoding="utf-8"))
    pytest.skip(f"seed table not found at {' or '.join(str(p) for p in _CANDIDATES)}")


@pytest.fixture(scope="module")
def cites(seed_text: str) -> tuple[Citation, ...]:
    return find_citations(seed_text)


D = dt.date

# (reference, date written after it, type word before it)
EXPECTED = [
    ("163/KH-UBND", D(2022, 12, 30), "Kế hoạch"),
    ("75/BC-UBND", D(2023, 3, 15), "Báo cáo"),
    ("195/BC-UBND", D(2023, 6, 13), "báo cáo"),
    ("173/QĐ-UBND(CT)", D(2023, 4, 11), "Quyết định"),
    ("146-KH/HU", D(2023, 11, 10), "Kế hoạch"),
    ("6148/BNV-CTTN", D(2023, 10, 23), "văn bản"),
    ("6148/BNV-CTTN", None, "văn bản"),
    ("33/2023/NĐ-CP", None, "Nghị định"),
    ("33/NĐ-CP", None, "Nghị định"),
    ("3682/SNV-XDCQ&TCBM", D(2023, 12, 18), "văn bản"),
    ("01/BC-ĐKT", D(2023, 12, 4), "báo cáo"),
    ("130/KH-UBND", D(2023, 8, 29), "Kế hoạch"),
    ("887/QĐ-UBND", D(2022, 12, 30), "Quyết định"),
    ("2082/STP-TTr", D(2023, 11, 10), "Công văn"),
    ("01/HD-SNV", D(2022, 2, 25), "hướng dẫn"),
    ("144/2017/TT-BTC", D(2017, 12, 29), "Thông tư"),
    ("18/2022/QĐ-TTg", D(2022, 8, 2), "Quyết định"),
    ("1064/QĐ-UBND", D(2023, 12, 8), "Quyết định"),
    ("06/QĐ-TTg", D(2022, 1, 6), "Đề án"),
    ("25/TB-SNV", D(2023, 3, 31), None),
    ("11/TB-SNV", D(2023, 1, 20), "Thông báo"),
    ("1727/UBND-NC", D(2023, 11, 16), "văn bản"),
    ("195/TTr-UBND", D(2023, 11, 30), "Tờ trình"),
    ("3162/SNV-HCTH", D(2023, 11, 3), "Công văn"),
]


@pytest.mark.parametrize(("ref", "date", "type_name"), [pytest.param(*e, id=f"{e[0]}@{e[1]}") for e in EXPECTED])
def test_hand_listed_reference(cites: tuple[Citation, ...], ref: str, date: dt.date | None,
                               type_name: str | None) -> None:
    found = {(c.number.text, c.date, c.type_name) for c in cites}
    assert (ref, date, type_name) in found


def test_counts(cites: tuple[Citation, ...]) -> None:
    # domain.md c.5: 67 citations of 53 distinct references; the distinct list was checked by hand.
    assert len(cites) == 67
    assert len({c.number.text for c in cites}) == 53
    assert sum(c.number.text == "163/KH-UBND" for c in cites) == 3


def test_kinds(cites: tuple[Citation, ...]) -> None:
    kinds = {c.number.text: c.number.kind for c in cites}
    assert kinds["146-KH/HU"] is NumberKind.PARTY
    assert kinds["33/2023/NĐ-CP"] is NumberKind.LEGAL
    assert kinds["2082/STP-TTr"] is NumberKind.LETTER
    assert kinds["173/QĐ-UBND(CT)"] is NumberKind.ADMIN
    # "Đề án số 06/QĐ-TTg": the symbol, not the type word, says what the document is.
    (de_an,) = [c for c in cites if c.number.text == "06/QĐ-TTg"]
    assert de_an.number.type_code == "QĐ"


@pytest.mark.parametrize("fraction", ["07/07", "503/646", "11/19", "06/19", "1/32", "19/86"])
def test_fractions_are_not_citations(seed_text: str, cites: tuple[Citation, ...], fraction: str) -> None:
    assert fraction in seed_text
    assert all(not c.number.text.startswith(fraction) for c in cites)


def test_urls_are_not_citations(seed_text: str, cites: tuple[Citation, ...]) -> None:
    assert "http://konray.kontum.gov.vn/chuyen-muc-2/" in seed_text
    assert all("http" not in c.source and "gov.vn" not in c.source for c in cites)
    assert all(c.number.number[0].isdigit() for c in cites)
