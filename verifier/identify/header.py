"""A document's own identity, read from its Decree 30 header block and never from its body.

The header zone is page 1's :class:`HeaderZone` when the reader could split the layout, otherwise
the first lines of page 1's text in whatever order the extractor produced (pdfplumber merges the
two columns into one row, pypdfium2 gives each cell in turn, pdftotext gives column blocks), so
nothing here relies on line order beyond "issuer above Số, type name above trích yếu".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from verifier.identify.citations import find_citations
from verifier.identify.dates import DateMatch, iter_dates
from verifier.identify.doctypes import LETTER_CODE, TYPE_NAMES, code_for_name, loose
from verifier.identify.lexicon import restore
from verifier.identify.lines import MOTTOS, header_lines
from verifier.identify.model import Citation, DocNumber, Field, Identity, NumberKind
from verifier.identify.numbers import NumberMatch, read_number
from verifier.identify.scanned import ISSUER_TAIL, type_from_heading, unspecked, with_locality
from verifier.identify.stamped import BlankDay, Stamped, blank_day, from_overlay
from verifier.read.model import Page, PageMethod, ReadResult
from verifier.text import fold, one_line

HEADER_LINES = 25
LOOK = 0.8          # below this a person should look (Field.confidence contract)
STAMPED = 0.85      # a value stamped over a blank: sure enough to use, named in a warning

_TRIM_HEAD = re.compile(r"^[\s.:;,\-_*~'\"`•·„‚“”‘’]+(?=\w)")
# Marks standing alone at a line's end are specks ("HUYỆN KON RẪY _„,"): quotes and commas too,
# which never end a header line after a space.
_TRIM_TAIL = re.compile(r"(?:\s+[:;\-_*~'\"`•·.,„‚“”‘’]+)+$")
_RULE = re.compile(r"^[-_=*.~•\s]*$")
_SO_LABEL = re.compile(rf"(?<!\w)S{loose('o')}(?![^\W\d_])\s*[:.]{{0,2}}\s*")     # "Số:.11/QĐ-UBND" (OCR)
_VV = re.compile(r"^\s*V\s*/\s*[vV]\s*[.:]?\s*")
_BODY_WORDS = (
    "ỦY BAN", "UBND", "HỘI ĐỒNG", "HĐND", "SỞ", "PHÒNG", "BAN", "VĂN PHÒNG", "HUYỆN ỦY", "TỈNH ỦY",
    "THÀNH ỦY", "THỊ ỦY", "ĐẢNG ỦY", "ĐẢNG BỘ", "CHI BỘ", "BỘ", "CỤC", "CHI CỤC", "TỔNG CỤC",
    "TRUNG TÂM", "TRƯỜNG", "ĐOÀN", "THANH TRA", "CÔNG AN", "MẶT TRẬN", "KHO BẠC", "BẢO HIỂM",
    "CHÍNH PHỦ", "QUỐC HỘI", "THỦ TƯỚNG", "TÒA ÁN", "VIỆN KIỂM SÁT", "HỘI", "LIÊN ĐOÀN",
    "CHI NHÁNH", "BỆNH VIỆN", "HẠT KIỂM LÂM", "TỔ CÔNG TÁC")


def _body_word(word: str) -> str:
    # A one-word starter must keep its accents (or lose all of them): accent-blind "SỞ" would also
    # take "SỐ", the end of "BAN CHỈ ĐẠO CHUYỂN ĐỔI / SỐ".
    if " " in word:
        return loose(word)
    bare = fold(word).upper()
    return re.escape(word) if bare == word else f"(?:{re.escape(word)}|{re.escape(bare)})"


_BODY_START = re.compile(r"^(?:{})(?!\w)".format("|".join(_body_word(w) for w in _BODY_WORDS)), re.I)
_TITLE_STOP = re.compile(r"^(?:{}|[IVX]+\.|\d+\.|[a-z]\)|\(?\s*(?:{}\s+)?{})".format("|".join(loose(w) for w in (
    "Căn cứ", "Kính gửi", "Thực hiện", "Theo", "Để", "Nhằm", "Phần", "Điều", "Chương", "Nơi nhận")),
    loose("Ban hành"), loose("kèm theo")))
_BODY_OPENER = re.compile(r"^(?:{})".format("|".join(loose(w) for w in ("Căn cứ", "Kính gửi", "Nơi nhận"))))
_NGAY_AT = re.compile(rf"(?<!\w){loose('ngày')}(?!\w)")
_NGAY_END = re.compile(rf"(?<!\w){loose('ngày')}\s*:?$")
_PLACE_LINKS = {"phố", "thị", "xã", "trấn", "huyện", "tỉnh"}
# OCR reads the comma after the place as a semicolon ("Kon Rãy; ngày 05 tháng 8 năm 2023"); only
# before a long-form date, where nothing else puts a semicolon.
_PLACE_END = (",", ";")
_STRAY = " .'`:"
_GLUED_SPECK = re.compile(r"(?<=\w)[:;](?= (\w))")
UNDER_MOTTO = 3     # lines under the motto where the place-and-date line is looked for


@dataclass(frozen=True)
class _Zone:
    left: list[str]
    right: list[str]
    below: list[str]
    lines: list[str]            # everything, in reading order
    layout: bool                # True when the reader split the columns


def _trim(line: str) -> str:
    """Drop the stray marks OCR leaves at line ends ("- QUYẾT ĐỊNH", "PHÒNG TƯ PHÁP -:")."""
    return _TRIM_HEAD.sub("", _TRIM_TAIL.sub("", line))


def _clean(text: str) -> list[str]:
    out: list[str] = []
    for raw in header_lines(text):
        line = _trim(raw)
        if line and not _RULE.match(line):
            out.append(line)
        elif line:
            out.append("---")   # keep rules as a stop marker for the trích yếu
    return out


def _zone(page: Page) -> _Zone:
    if page.header is not None:
        z = page.header
        left, right, below = _clean(z.left), _clean(z.right), _clean(z.below)
        return _Zone(left, right, below, left + right + below, True)
    # Broken lines are joined first, so a few more raw lines are taken than are kept.
    lines = _clean("\n".join(page.text.split("\n")[:2 * HEADER_LINES]))[:HEADER_LINES]
    return _Zone(lines, lines, lines, lines, False)


def _ocr_factor(page: Page) -> float:
    if page.method is not PageMethod.OCR:
        return 1.0
    if page.confidence is None:
        return 0.9
    return min(1.0, max(0.3, page.confidence / 90.0))


def _upper_share(line: str) -> float:
    letters = [c for c in line if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


@dataclass(frozen=True)
class _Found:
    number: NumberMatch | None
    line: int                     # index in zone.lines of the "Số" line, -1 when none
    confidence: float
    symbol_only: NumberMatch | None = None   # "Số: /KH-UBND": a type without a number
    source: str = ""


def _find_number(zone: _Zone, stop: int) -> _Found:
    candidates = zone.left + zone.right if zone.layout else zone.lines[:stop]
    for line in candidates:
        for label in _SO_LABEL.finditer(line):
            rest = line[label.end():]
            match = read_number(rest)
            if match is not None and match.start <= 1:
                return _Found(match, zone.lines.index(line), match.confidence)
            if not rest.strip() and line in candidates[:-1]:
                below = candidates[candidates.index(line) + 1]
                match = read_number(below)
                if match is not None and match.start <= 1:
                    return _Found(match, zone.lines.index(line), match.confidence * 0.95,
                                  source=f"{line} {below}")
            blank = re.match(r"\s*/\s*\S", rest)
            if blank and line.startswith("S"):
                typed = read_number("0" + rest.strip())
                return _Found(None, zone.lines.index(line), 0.0, typed)
    # OCR may garble the label itself ("S6:", "Sé:"): accept a number opening a header line.
    for line in zone.left if zone.layout else candidates:
        match = read_number(line)
        if match is not None and match.start <= 5 and not fold(line[:match.start]).startswith("so "):
            return _Found(match, zone.lines.index(line), match.confidence * 0.75)
    return _Found(None, -1, 0.0)


def _type_line(zone: _Zone) -> int:
    order = zone.below + zone.lines if zone.layout else zone.lines
    for line in order:
        if code_for_name(line) is not None:
            return zone.lines.index(line)
    return -1


def _vv_line(zone: _Zone, stop: int) -> int:
    lines = zone.left if zone.layout else zone.lines[:stop]
    for line in lines:
        if _VV.match(line):
            return zone.lines.index(line)
    return -1


def _issuer(zone: _Zone, number_line: int, type_line: int, factor: float, ocr: bool) -> Field[str] | None:
    end = next((i for i in (number_line, type_line) if i >= 0), min(len(zone.lines), 6))
    pool = zone.left if zone.layout else zone.lines
    block = [s for s in pool[:end]
             if s != "---" and _upper_share(s) >= 0.7 and read_number(s) is None
             and not any(d.long_form for d in iter_dates(s))]
    if zone.layout:
        block = [s for s in block if zone.lines.index(s) < end]
    if ocr:
        block = [t for t in (unspecked(s) for s in block) if t]
    if not block:
        return None
    bodies: list[list[str]] = []
    for line in block:
        if not bodies or _BODY_START.match(line):
            bodies.append([line])
        else:
            bodies[-1].append(line)
    after = [s for s in pool[end:end + 2] if _upper_share(s) >= 0.7] if ocr else []
    last = with_locality(bodies, after)
    base = 1.0 if zone.layout else 0.9
    if number_line < 0:
        base -= 0.15
    value = " ".join(last)
    if ocr:
        value = value.rstrip(ISSUER_TAIL)      # "HUYỆN KON RẪY." (a speck)
    return Field(value, round(base * factor, 3), 1, "\n".join(block))


def _restored(issuer: Field[str] | None, place: str | None,
              warnings: list[str]) -> tuple[Field[str] | None, str | None, bool]:
    """Issuer and place with OCR-lost accents put back from the closed vocabulary of names."""
    if issuer is not None and (fixed := restore(issuer.value)) != issuer.value:
        warnings.append(f"issuer: OCR read '{issuer.value}', accents restored to '{fixed}'")
        issuer = Field(fixed, min(issuer.confidence, 0.85), issuer.page, issuer.source)
    if place is not None and (fixed_place := restore(place)) != place:
        warnings.append(f"place: OCR read '{place}', accents restored to '{fixed_place}'")
        return issuer, fixed_place, True
    return issuer, place, False


def _place(before: str) -> str | None:
    words: list[str] = []
    for raw in reversed(before.split()):
        token = raw.lstrip(".:;*'\"`")
        plain = re.fullmatch(r"[^\W\d_][\w.]*", token) is not None
        caps = len(token) > 1 and token.isupper() and not token.endswith(".")
        if plain and not caps and (token[0].isupper() or token in _PLACE_LINKS) and len(words) < 6:
            words.insert(0, token)
        else:
            break
    while words and words[0] in _PLACE_LINKS:
        words.pop(0)
    return " ".join(words) or None


def _place_date(zone: _Zone, stop: int, page: Page) -> tuple[str | None, DateMatch | None, str, float]:
    lines = zone.right + zone.lines if zone.layout else zone.lines[:stop]
    found = _scan_place_date(lines, short=zone.layout)
    if found[1] is None or found[0] is None:
        # OCR of a scan may put the right-hand column after the start of the body; the line under
        # the motto is the place-and-date line wherever the motto landed.
        under = _scan_place_date(_under_motto(page.text), short=False)
        if under[0] is not None or found[1] is None:
            found = (under[0], under[1], under[2], under[3] * 0.95) if under[1] is not None else found
    return found


def _under_motto(text: str) -> list[str]:
    mottos = list(MOTTOS.finditer(text))
    if not mottos:
        return []
    rest = text[mottos[-1].end():].split("\n")
    return [s for s in _clean("\n".join(rest[:UNDER_MOTTO + 1])) if s != "---"][:UNDER_MOTTO]


def _scan_place_date(lines: list[str], *, short: bool) -> tuple[str | None, DateMatch | None, str, float]:
    """The first place-and-date line; else a date opening a line (a short one only when ``short``)."""
    loose_hit: tuple[DateMatch, str] | None = None
    for line in lines:
        for found in iter_dates(line, tolerant=True):
            before = line[:found.start].rstrip()
            if not found.long_form:
                before = _NGAY_END.sub("", before).rstrip()
            before = before.rstrip(_STRAY)      # "Kon Rẫy,.ngày": a speck after the comma
            ends = _PLACE_END if found.long_form else _PLACE_END[:1]
            place = _place(before[:-1]) if before.endswith(ends) else None
            if place is not None:
                conf = (1.0 if found.long_form else 0.95) - (0.3 if found.repaired else 0.0)
                return place, found, line, conf
            if loose_hit is None and (found.long_form or short) and not before:
                loose_hit = (found, line)
    if loose_hit is not None:
        return None, loose_hit[0], loose_hit[1], 0.65
    return None, None, "", 0.0


def _title(zone: _Zone, type_line: int, vv_line: int, page: Page) -> tuple[str, str]:
    """The trích yếu as one line, and the lines it was read from."""
    if vv_line >= 0:
        pool = zone.left if zone.layout else zone.lines
        vv, start = zone.lines[vv_line], pool.index(zone.lines[vv_line]) + 1
        if zone.layout:
            # The V/v line can run past the column split, and its last word land in the right
            # column ("V/v Về công tác chuyển đổi" | "số"): the page text keeps the line whole.
            text = _clean(page.text)
            whole = next((s for s in text if s != vv and s.startswith(vv + " ")), None)
            if whole is not None:
                vv, pool, start = whole, text, text.index(whole) + 1
        more = _title_lines(pool[start:], 3, first=False)
        return _end(one_line(" ".join([_VV.sub("", vv), *more]))), "\n".join([vv, *more])
    if type_line < 0:
        return "", ""
    head = zone.lines[type_line]
    lines = _title_lines(zone.lines[type_line + 1:], 4)
    if zone.layout and not lines:
        text = page.text.split("\n")
        at = next((i for i, s in enumerate(text) if _trim(s.strip()) == head), -1)
        lines = _title_lines(_clean("\n".join(text[at + 1:at + 8])), 4) if at >= 0 else []
    return _end(one_line(" ".join(lines))), "\n".join([head, *lines])


def _end(title: str) -> str:
    """A trích yếu ends without a full stop (Decree 30); OCR often adds one from a speck. A colon
    or semicolon glued to a word before a lower-case one is a speck too ("Kiểm: tra"): a trích yếu
    is one phrase, and the same speck read with more of the page around it stands alone ("Kiểm :
    tra", dropped by verifier/identify/lines.py)."""
    title = _GLUED_SPECK.sub(lambda m: "" if m.group(1).islower() else m.group(0), title)
    return title[:-1].rstrip() if title.endswith(".") and not title.endswith("..") else title


def _title_lines(lines: list[str], most: int, *, first: bool = True) -> list[str]:
    out: list[str] = []
    for line in lines:
        # The first line under the heading is the trích yếu even when it opens with "Thực hiện".
        opener = _TITLE_STOP.match(line) and (out or not first or _BODY_OPENER.match(line))
        if (line == "---" or opener or len(out) >= most or line.endswith((";", ":"))
                or (_upper_share(line) >= 0.8 and len(line) > 3) or code_for_name(line) is not None
                or any(d.long_form for d in iter_dates(line))):
            break
        out.append(line)
    return out


def _heading_repair(found: _Found, type_line: int, zone: _Zone, page: Page) -> _Found:
    heading = code_for_name(zone.lines[type_line]) if type_line >= 0 else None
    if page.method is not PageMethod.OCR or heading is None or found.number is None:
        return found
    repaired = type_from_heading(found.number, heading)
    if repaired is None:
        return found
    return _Found(repaired, found.line, repaired.confidence, found.symbol_only, found.source)


def _type_fields(found: _Found, type_line: int, vv_line: int, zone: _Zone, factor: float,
                 warnings: list[str]) -> tuple[Field[str] | None, Field[str] | None]:
    heading = code_for_name(zone.lines[type_line]) if type_line >= 0 else None
    if heading is None and vv_line >= 0:
        heading = LETTER_CODE
    source_line = zone.lines[type_line] if type_line >= 0 else (zone.lines[vv_line] if vv_line >= 0 else "")
    number = found.number.number if found.number else (found.symbol_only.number if found.symbol_only else None)
    symbol_code = _symbol_code(number)
    if symbol_code is not None and number is not None:
        code, conf, source = symbol_code, 1.0, number.text
        if heading is not None and fold(TYPE_NAMES[heading]) != fold(TYPE_NAMES[code]):
            warnings.append(f"type: the symbol {number.text} says {TYPE_NAMES[code]} but the heading "
                            f"reads '{source_line}'; trusting the symbol")
            conf = 0.75
    elif heading is not None:
        code, conf, source = heading, 0.9 if type_line >= 0 else 0.8, source_line
    else:
        return None, None
    conf = round(conf * factor, 3)
    return Field(code, conf, 1, source), Field(TYPE_NAMES[code], conf, 1, source)


def _symbol_code(number: DocNumber | None) -> str | None:
    if number is None:
        return None
    if number.kind is NumberKind.LETTER:
        return LETTER_CODE
    return number.type_code


def _stamped(page: Page, zone: _Zone, stop: int, found: _Found, dated: bool) -> tuple[Stamped, BlankDay | None]:
    """Values an e-office system stamped over the blanks of the text layer (identify/stamped.py)."""
    symbol = found.symbol_only.number.symbol if found.number is None and found.symbol_only else None
    blank = None if dated else blank_day(zone.right + zone.lines if zone.layout else zone.lines[:stop])
    if (symbol is None and blank is None) or not page.overlay.strip():
        return Stamped(), blank
    return from_overlay(page.overlay, symbol, blank), blank


def _first_page(read: ReadResult) -> Page | None:
    # A blank cover sheet or separator scan is skipped: the identity is on the first page with text.
    return next((p for p in read.pages if p.method is not PageMethod.BLANK and p.text.strip()), None)


def identify(read: ReadResult) -> Identity:
    """The document's own identity from its header zone, plus every document its text cites."""
    page = _first_page(read)
    if page is None:
        return Identity(None, None, None, None, None, None, None, (), ("header: no page with text",))
    zone, factor, warnings = _zone(page), _ocr_factor(page), []
    type_line = _type_line(zone)
    stop = type_line + 1 if type_line >= 0 else len(zone.lines)
    found = _heading_repair(_find_number(zone, stop), type_line, zone, page)
    vv_line = _vv_line(zone, stop)
    place_text, when, date_line, date_conf = _place_date(zone, stop, page)
    stamp, blank = _stamped(page, zone, stop, found, when is not None)
    number: Field[DocNumber] | None = None
    if found.number is not None:
        line = found.source or zone.lines[found.line]
        number = Field(found.number.number, round(found.confidence * factor, 3), page.number, line)
        if found.number.repairs:
            warnings.append(f"number: read '{line}' as {found.number.number.text} "
                            f"({', '.join(found.number.repairs)})")
    elif stamp.number is not None:
        line = zone.lines[found.line]
        number = Field(stamp.number, round(STAMPED * factor, 3), page.number, f"{line} + {stamp.source}")
        warnings.append(f"number: '{line}' is blank in the text; {stamp.number.text} read from the stamp")
    else:
        warnings.append("number: no document number in the header" +
                        (f" ('{zone.lines[found.line]}' has none)" if found.line >= 0 else ""))
    if when is None and blank is not None and stamp.date is not None:
        when = DateMatch(stamp.date, blank.line, 0, len(blank.line), f"{stamp.date.day:02d}",
                         f"{stamp.date.month:02d}", True)
        date_line, date_conf = f"{blank.line} + {stamp.source}", STAMPED
        at = _NGAY_AT.search(blank.line)
        before = blank.line[:at.start()].rstrip() if at else ""
        place_text = _place(before[:-1]) if before.endswith(",") else None
        warnings.append(f"date: the day is blank in '{blank.line}'; read from the stamp")
    type_code, type_name = _type_fields(found, type_line, vv_line, zone, factor, warnings)
    issuer = _issuer(zone, found.line, type_line, factor, page.method is PageMethod.OCR)
    place_restored = False
    if page.method is PageMethod.OCR:
        issuer, place_text, place_restored = _restored(issuer, place_text, warnings)
    place = date = None
    if when is not None and when.date is None:
        warnings.append(f"date: '{when.text}' is not a calendar date")
    elif when is not None and when.date is not None:
        date = Field[dt.date](when.date, round(date_conf * factor, 3), page.number, date_line)
        if not when.padded:
            warnings.append(f"date: '{when.text}' breaks the Decree 30 rule that days below 10 and "
                            "months 1-2 take a leading zero")
    else:
        warnings.append("date: no issue date in the header")
    if place_text is not None:
        place_conf = (1.0 if zone.layout else 0.95) * factor * (0.85 if place_restored else 1.0)
        block = issuer.source.upper() if issuer else ""
        if block and place_text.upper() not in block and fuzz.partial_ratio(fold(place_text), fold(block)) >= 85:
            # Same place name, different letters or accents ("Kon Rấy" under "HUYỆN KON RẪY"): one of
            # the two was misread, and the text is kept as read for a person to judge.
            place_conf = min(place_conf, 0.7)
            warnings.append(f"place: '{place_text}' differs from the issuer '{one_line(block)}' only in "
                            "accents or a letter (OCR?)")
        place = Field(place_text, round(place_conf, 3), page.number, date_line)
    title_text, title_source = _title(zone, type_line, vv_line, page)
    title = None
    if title_text:
        title_conf = (1.0 if zone.layout else 0.9) * factor
        title = Field(title_text, round(title_conf, 3), page.number, title_source)
    fields = {"number": number, "type": type_code, "issuer": issuer, "place": place, "date": date,
              "title": title}
    for name, field in fields.items():
        if field is not None and field.confidence < LOOK:
            warnings.append(f"{name}: low confidence {field.confidence:.2f}, please check '{field.source}'")
    own = number.value if number else None
    citations = _citations(read, own, date.value if date else None)
    return Identity(number, type_code, type_name, issuer, place, date, title, citations, tuple(warnings))


def _citations(read: ReadResult, own: DocNumber | None, own_date: dt.date | None) -> tuple[Citation, ...]:
    out: list[Citation] = []
    for page in read.pages:
        for cite in find_citations(page.text, page.number):
            is_self = own is not None and cite.number.text == own.text and cite.date in (None, own_date)
            if not is_self:
                out.append(cite)
    return tuple(out)
