"""Document numbers (số, ký hiệu): finding them in text and parsing them into a DocNumber.

Four schemes (domain.md c.1-c.3): 163/KH-UBND (type-issuer), 1727/UBND-NC (công văn, issuer-unit),
33/2023/NĐ-CP (legal, with a year) and 146-KH/HU (Party). The scanner refuses fractions
(503/646), dates and URL paths because a symbol must start with a capital letter and a number
may not follow a word, "/", "." or "-".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from verifier.identify.doctypes import ascii_d_repair, body_code_repair, is_type_code, split_fused
from verifier.identify.model import DocNumber, NumberKind

# A symbol group: capital first, then letters, digits or "&" (XDCQ&TCBM); never the start of a word
# ("- Đơn vị" after a number is prose, not a third group).
_SYM = r"[A-ZĐ][A-Za-zĐđ0-9&]*(?!\w)"
_CAPS = r"[A-ZĐ][A-ZĐ0-9&]+(?!\w)"
# A spaced hyphen ("QĐ - UBND", OCR) is accepted only after the first group and before an
# all-capital one, so "540/BC-UBND - UBND huyện" keeps its prose tail out of the symbol.
_SYMBOL = rf"{_SYM}(?:\s-\s?{_CAPS})?(?:-\s?{_SYM})*"
_BEFORE = r"(?<![\w/.\-])"
_STRICT_NUM = r"\d{1,5}[a-z]?"
# OCR reads 0 as O/o and 1 as l/I; at least one real digit keeps words like "Ol" out.
_LOOSE_NUM = r"(?=[0-9OolI]*\d)[0-9OolI]{1,5}[a-z]?"


def _state_rx(num: str) -> re.Pattern[str]:
    return re.compile(
        rf"{_BEFORE}(?P<num>{num})\s?/\s?(?:(?P<year>(?:19|20)\d{{2}})\s?/\s?)?"
        rf"(?P<sym>{_SYMBOL})(?:\s?\(\s?(?P<suffix>[A-Z]{{1,5}})\s?\))?"
    )


def _party_rx(num: str) -> re.Pattern[str]:
    return re.compile(rf"{_BEFORE}(?P<num>{num})\s?-\s?(?P<type>{_SYM})\s?/\s?(?P<org>{_SYM}(?:-{_SYM})*)")


_STRICT = (_state_rx(_STRICT_NUM), _party_rx(r"\d{1,5}"))
_LOOSE = (_state_rx(_LOOSE_NUM), _party_rx(r"(?=[0-9OolI]*\d)[0-9OolI]{1,5}"))
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})

# Penalties per repair: a person should look (confidence < 0.8) at any guessed character.
SPACING = "spaces inside the number"
HYPHEN = "hyphen restored"
ASCII_D = "D read as Đ"
OCR_DIGIT = "O/l read as 0/1"
DOUBLED = "doubled letter read once"      # OCR prints a letter twice: "QĐĐ-UBND"
BODY_D = "D/Đ of the issuer code"           # "UBNĐ" (OCR) for UBND
ACCENT = "accent in the symbol dropped"     # "KH-ÙBND" (OCR): a symbol has no accents but Đ
SEPARATOR = "mark read as the hyphen"       # "33/UBND;:NC" (OCR)
_PENALTY = {SPACING: 0.05, HYPHEN: 0.3, ASCII_D: 0.25, OCR_DIGIT: 0.3, DOUBLED: 0.25, BODY_D: 0.15, ACCENT: 0.15,
            SEPARATOR: 0.2}
_DOUBLE = re.compile(r"([A-ZĐ])\1")


@dataclass(frozen=True)
class NumberMatch:
    """A number found in text, where it is, and what had to be repaired to read it."""

    number: DocNumber
    start: int
    end: int
    repairs: tuple[str, ...] = ()

    @property
    def confidence(self) -> float:
        return max(0.3, 1.0 - sum(_PENALTY.get(r, 0.2) for r in self.repairs))


def _number_part(raw: str, repairs: list[str]) -> str:
    num = raw.strip()
    digits, letter = (num[:-1], num[-1]) if num[-1].islower() and num[-1] not in "ol" else (num, "")
    fixed = digits.translate(_OCR_DIGITS)
    if fixed != digits:
        repairs.append(OCR_DIGIT)
    return fixed + letter


def _symbol_tokens(raw: str, *, legal: bool, repairs: list[str]) -> list[str]:
    tokens = _type_tokens(raw, legal=legal, repairs=repairs)
    for i, token in enumerate(tokens):
        fixed = None if i == 0 and is_type_code(token) else body_code_repair(token)
        if fixed is not None:
            repairs.append(BODY_D)
            tokens[i] = fixed
    return tokens


def _type_tokens(raw: str, *, legal: bool, repairs: list[str]) -> list[str]:
    tokens = [t.strip() for t in raw.split("-")]
    first = tokens[0]
    if is_type_code(first):
        return tokens
    fixed = ascii_d_repair(first)
    if fixed is not None:
        repairs.append(ASCII_D)
        return [fixed, *tokens[1:]]
    fused = split_fused(first, legal=legal)
    if fused is not None:
        repairs.append(HYPHEN)
        return [*fused, *tokens[1:]]
    single = _DOUBLE.sub(r"\1", first)
    if single != first and is_type_code(single) and len(tokens) > 1:
        repairs.append(DOUBLED)
        return [single, *tokens[1:]]
    return tokens


def _from_state(m: re.Match[str]) -> NumberMatch:
    repairs: list[str] = []
    if re.search(r"\s", m.group(0)):
        repairs.append(SPACING)
    number = _number_part(m.group("num"), repairs)
    year = int(m.group("year")) if m.group("year") else None
    tokens = _symbol_tokens(m.group("sym"), legal=year is not None, repairs=repairs)
    symbol = "-".join(tokens)
    suffix = m.group("suffix")
    typed = is_type_code(tokens[0]) and len(tokens) > 1
    kind = NumberKind.LEGAL if year is not None else NumberKind.ADMIN if typed else NumberKind.LETTER
    type_code = tokens[0] if typed else None
    issuer = tokens[1] if typed else tokens[0]
    text = f"{number}/{year}/{symbol}" if year is not None else f"{number}/{symbol}"
    if suffix:
        text += f"({suffix})"
    doc = DocNumber(text=text, number=number, symbol=symbol, kind=kind, type_code=type_code,
                    issuer_code=issuer, year=year, suffix=suffix)
    return NumberMatch(doc, m.start(), m.end(), tuple(repairs))


def _from_party(m: re.Match[str]) -> NumberMatch:
    repairs: list[str] = []
    if re.search(r"\s", m.group(0)):
        repairs.append(SPACING)
    number = _number_part(m.group("num"), repairs)
    type_code = m.group("type")
    fixed = ascii_d_repair(type_code)
    if fixed is not None:
        repairs.append(ASCII_D)
        type_code = fixed
    org = m.group("org")
    doc = DocNumber(text=f"{number}-{type_code}/{org}", number=number, symbol=f"{type_code}/{org}",
                    kind=NumberKind.PARTY, type_code=type_code, issuer_code=org.split("-")[0])
    return NumberMatch(doc, m.start(), m.end(), tuple(repairs))


def iter_numbers(text: str, *, tolerant: bool = False) -> Iterator[NumberMatch]:
    """Every document number in ``text``, left to right, without overlaps.

    ``tolerant`` also accepts OCR letter-for-digit confusions in the number; it is meant for the
    header "Số:" line, where a number is expected, not for running text.
    """
    state_rx, party_rx = _LOOSE if tolerant else _STRICT
    found = [_from_state(m) for m in state_rx.finditer(text)]
    found += [_from_party(m) for m in party_rx.finditer(text)]
    found.sort(key=lambda n: (n.start, -n.end))
    end = -1
    for match in found:
        if match.start >= end:
            end = match.end
            yield match


def _plain_capital(ch: str) -> str:
    if not ch.isupper() or ch == "Đ":
        return ch
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isascii() else ch


# ";" or ":" between two capital groups of a symbol is its hyphen misread; kept the same length
# ("-" and a space, which the symbol pattern allows after a hyphen).
_BAD_HYPHEN = re.compile(r"(?<=[A-ZĐ])[;:]{1,2}(?=[A-ZĐ][A-ZĐ0-9&]*(?!\w))")

_UNDERSCORE = re.compile(r"(?<=[A-ZĐ0-9])_")

_LEAD = re.compile(r"^\s*(?:S[ốôoóồổỗộ]\s*[:.]?\s*)?", re.I)


def read_number(text: str) -> NumberMatch | None:
    """The first number in ``text`` (tolerant of OCR and typing noise), with its repairs."""
    if not text:
        return None
    lead = _LEAD.match(text)
    offset = lead.end() if lead else 0
    # OCR puts accents on a symbol's capitals ("97/KH-ÙBND"); a symbol has none but Đ (same length,
    # so the positions stay those of ``text``).
    rest = text[offset:]
    plain = "".join(map(_plain_capital, rest))
    hyphened = _BAD_HYPHEN.sub(lambda m: "-" + " " * (len(m.group(0)) - 1), plain)
    hyphened = _UNDERSCORE.sub(" ", hyphened)      # "06/TB-UBND_.": a speck, not part of the word
    for match in iter_numbers(hyphened, tolerant=True):
        repairs = match.repairs
        if plain[match.start:match.end] != rest[match.start:match.end]:
            repairs = (*repairs, ACCENT)
        if hyphened[match.start:match.end] != plain[match.start:match.end]:
            repairs = (*repairs, SEPARATOR)
        return NumberMatch(match.number, match.start + offset, match.end + offset, repairs)
    return None


def parse_number(text: str) -> DocNumber | None:
    """One số/ký hiệu: '163/KH-UBND', '163 /KH-UBND', 'Số:163/KH-UBND', '673/QĐUBND' -> 673/QĐ-UBND."""
    match = read_number(text)
    return match.number if match else None
