"""Annotation appearances read into Page.overlay: PDFs stamped as e-office systems stamp them."""

from __future__ import annotations

from pathlib import Path

from tests.read.signing import blank_boxes, blank_header_pdf, make_ca, sign, stamp
from verifier.limits import ReadSettings
from verifier.read import read_file


def _write(tmp_path: Path, data: bytes, name: str = "KH số đóng dấu.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_number_and_day_stamped_as_freetext_and_stamp(tmp_path: Path) -> None:
    number_box, day_box = blank_boxes()
    data = stamp(blank_header_pdf(), [("/FreeText", number_box, "163"), ("/Stamp", day_box, "30")])
    page = read_file(_write(tmp_path, data)).pages[0]
    assert page.overlay == "163\n30"
    assert "163" not in page.text and "Số: /KH-UBND" in page.text    # the text layer keeps its blanks
    number, day = page.overlay_words
    assert number.text == "163" and day.text == "30"
    # Each word sits where its blank is (fractions of the A4 page, origin top-left).
    width, height = 595.2756, 841.8898
    assert abs(number.x0 - number_box[0] / width) < 0.01 and abs(day.x0 - day_box[0] / width) < 0.01
    assert abs(number.y1 - (height - number_box[1]) / height) < 0.01
    assert number.y0 < 0.35 and day.y0 < 0.35


def test_stamp_without_contents_is_read_from_its_appearance(tmp_path: Path) -> None:
    number_box, _ = blank_boxes()
    data = stamp(blank_header_pdf(), [("/Stamp", number_box, "45")])
    assert read_file(_write(tmp_path, data)).pages[0].overlay == "45"


def test_filled_text_field_widget_is_read(tmp_path: Path) -> None:
    _, day_box = blank_boxes()
    data = stamp(blank_header_pdf(), [("/Widget", day_box, "15")])
    assert read_file(_write(tmp_path, data)).pages[0].overlay == "15"


def test_annotation_below_the_header_band_is_left_out(tmp_path: Path) -> None:
    number_box, _ = blank_boxes()
    comment = (85.0, 120.0, 300.0, 140.0)           # near the foot of the page
    data = stamp(blank_header_pdf(), [("/FreeText", number_box, "163"), ("/FreeText", comment, "Da xem")])
    page = read_file(_write(tmp_path, data)).pages[0]
    assert page.overlay == "163"
    header_band = read_file(_write(tmp_path, data, "b.pdf"), ReadSettings(header_band=1.0)).pages[0]
    assert header_band.overlay == "163\nDa xem"


def test_visible_signature_in_the_header_is_not_overlay(tmp_path: Path) -> None:
    number_box, _ = blank_boxes()
    ca = make_ca()
    data = sign(blank_header_pdf(), ca.signer("Nguyen Van A"), box=(380, 700, 580, 760))
    data = stamp(data, [("/FreeText", number_box, "163")])
    result = read_file(_write(tmp_path, data))
    assert result.signatures[0].page == 1
    assert result.pages[0].overlay == "163"           # "Digitally signed by Nguyen Van A" is not


def test_page_without_annotations_has_no_overlay(tmp_path: Path) -> None:
    page = read_file(_write(tmp_path, blank_header_pdf())).pages[0]
    assert page.overlay == "" and page.overlay_words == ()
