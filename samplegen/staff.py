"""Issuers, signers (invented names) and a compact constructor for the Kon Rẫy specs."""

from __future__ import annotations

import datetime as dt

from samplegen.spec import Block, DocSpec, Format, Ref, Signer

HUYEN = "ỦY BAN NHÂN DÂN HUYỆN KON RẪY"
TINH = "ỦY BAN NHÂN DÂN TỈNH KON TUM"
CT = Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hòa")
PCT = Signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Minh Đức")
PCT_TINH = Signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Quốc Bảo")
DEFAULT_RECIPIENTS = ("Như trên;", "Lưu: VT.")


def day(text: str) -> dt.date:
    """'30/12/2022' -> date; the seed's own d/m/yyyy spelling stays readable in the data."""
    d, m, y = (int(x) for x in text.split("/"))
    return dt.date(y, m, d)


def doc(file: str, number: str, type_: str, date: str, title: str, body: tuple[Block, ...], *,
        cites: tuple[Ref, ...] = (), pages: int = 1, signer: Signer = PCT, issuer: str = HUYEN,
        governing: str = "", place: str = "Kon Rẫy", fmt: Format = Format.PDF, to: tuple[str, ...] = (),
        recipients: tuple[str, ...] = DEFAULT_RECIPIENTS) -> DocSpec:
    spec = DocSpec(file=file, number=number, type=type_, issuer=issuer, date=day(date), title=title,
                   body=body, signer=signer, governing=governing, place=place, citations=cites, to=to,
                   recipients=recipients, pages=pages, format=fmt)
    spec.validate()
    return spec
