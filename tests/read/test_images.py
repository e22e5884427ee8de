"""Photos and images: EXIF orientation, pages photographed sideways or upside down, memory bounds
(fuzz F02/F03 reproducers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.read.pdf_factory import make_text_pdf, render_page, scanned
from verifier.errors import TooManyPixels
from verifier.limits import ReadSettings
from verifier.read import read_file
from verifier.read.image import frame_image

FUZZ = Path(__file__).parent / "fixtures" / "fuzz"
NUMBER = "163/KH-UBND"


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Image.Image:
    """A plan page photographed: rendered at 200 dpi, slightly rotated and noised, in gray."""
    work = tmp_path_factory.mktemp("photos")
    return scanned(render_page(make_text_pdf(work / "plan.pdf", pages=1), 0, 200), angle=0.8).convert("L")


def test_f03_strip_is_refused_before_decoding_with_a_true_message() -> None:
    with pytest.raises(TooManyPixels) as info:
        read_file(FUZZ / "F03-png-1x89000000.png")
    line = info.value.one_line()
    assert "F03-png-1x89000000.png" in line and "1 x 89000000" in line and "40000" in line
    assert "corrupt" not in line


def test_exif_orientation_is_applied(tmp_path: Path, photo: Image.Image) -> None:
    """A phone stores the sensor's landscape pixels and says "turn 90° clockwise" in EXIF."""
    path = tmp_path / "IMG_0001.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6                                   # 6: rotate 90° clockwise to display
    photo.rotate(90, expand=True).save(path, exif=exif, dpi=(200, 200))
    gray, _dpi = frame_image(path, path.name, 1, 200, ReadSettings(detect_orientation=False))
    assert gray.height > gray.width                    # upright A4 again


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize("turned", [90, 180, 270])
def test_page_photographed_turned_is_read_upright(tmp_path: Path, photo: Image.Image, turned: int) -> None:
    path = tmp_path / f"anh chup {turned}.png"
    photo.rotate(turned, expand=True).save(path, dpi=(200, 200))     # counter-clockwise, no EXIF
    result = read_file(path)
    assert NUMBER in result.text
    [notice] = [n for n in result.pages[0].notices if n.code == "photo_rotated"]
    assert f"page turned {turned}° clockwise" in notice.message   # undoing a counter-clockwise turn


@pytest.mark.ocr
@pytest.mark.slow
def test_upright_photo_is_not_turned(tmp_path: Path, photo: Image.Image) -> None:
    path = tmp_path / "anh thang.png"
    photo.save(path, dpi=(200, 200))
    result = read_file(path)
    assert NUMBER in result.text
    assert "photo_rotated" not in [n.code for n in result.pages[0].notices]


@pytest.mark.slow
def test_f02_rgba_png_peak_memory_under_500_mb() -> None:
    """88 megapixels of RGBA peaked at 1.7 GB; measured in a fresh process (ru_maxrss, KiB).

    The reader runs in a process forked by a small shell: Linux keeps a process's peak RSS across
    exec, so a child spawned straight from this (large) test process would report our peak.
    """
    code = ("import resource, sys\n"
            "from pathlib import Path\n"
            "from verifier.errors import VerifierError\n"
            "from verifier.read import read_file\n"
            "try:\n    read_file(Path(sys.argv[1]))\n"
            "except VerifierError as exc:\n    print(exc.code)\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    done = subprocess.run(["sh", "-c", '"$@"; exit $?', "sh", sys.executable, "-c", code,
                           str(FUZZ / "F02-png-rgba-9400x9400.png")],
                          capture_output=True, text=True, timeout=600, check=True)
    *codes, peak_kib = done.stdout.split()
    assert codes == ["E_NO_TEXT"]                      # read to the end: a transparent page, no text
    assert int(peak_kib) * 1024 < 500_000_000
