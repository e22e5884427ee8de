"""Tesseract through its library (verifier/read/tesseract.py) against the ``tesseract`` command, on a
real scanned page of the realworld sample: same TSV, the same typed errors at the time limits, two
threads at once, one OpenMP thread, and nothing on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from verifier.errors import FileTimeout, OcrTimeout
from verifier.limits import ReadSettings
from verifier.read import tesseract
from verifier.read.ocr import run_tesseract
from verifier.read.pdf import pdf_page_image
from verifier.read.render import deskew

pytestmark = pytest.mark.ocr

REPO = Path(__file__).resolve().parents[2]
SCAN = REPO / "sample_evidence/konray-2023-realworld/evidence/1.3.1/TLKC 1.3.1 (bản chụp).pdf"
SETTINGS = ReadSettings()
BAND = 0.22                      # the top band of a later page (ReadSettings.top_band's order)


def _command_tsv(image: Image.Image, dpi: int, folder: Path) -> str:
    """What the ``tesseract`` command prints for the image, run as ocr.py used to run it."""
    source = folder / f"page-{image.width}x{image.height}.pgm"
    image.save(source, format="PPM")
    done = subprocess.run(["tesseract", str(source), "stdout", "-l", "vie", "--psm", "3", "--dpi", str(dpi), "tsv"],
                          capture_output=True, check=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"))
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def page() -> tuple[Image.Image, int]:
    image, dpi = pdf_page_image(SCAN, SCAN.name, 1, 200, SETTINGS)
    level, _angle = deskew(image)
    return level, dpi


@pytest.fixture(scope="module")
def band(page: tuple[Image.Image, int]) -> Image.Image:
    level, _dpi = page
    return level.crop((0, 0, level.width, round(BAND * level.height)))


@pytest.fixture(scope="module")
def command(page: tuple[Image.Image, int], band: Image.Image,
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("tesseract-command")
    level, dpi = page
    return {"page": _command_tsv(level, dpi, folder), "band": _command_tsv(band, dpi, folder)}


def _tsv(image: Image.Image, dpi: int, settings: ReadSettings = SETTINGS, seconds: float = 120) -> str:
    return run_tesseract(image, dpi, settings, SCAN.name, 1, time.monotonic() + seconds)


def test_band_and_page_give_the_commands_tsv_byte_for_byte(page: tuple[Image.Image, int], band: Image.Image,
                                                            command: dict[str, str]) -> None:
    level, dpi = page
    assert "UBND" in command["band"]                    # a real header, not an empty read
    # band, page, band again: one engine reused keeps nothing of one image for the next
    assert _tsv(band, dpi) == command["band"]
    assert _tsv(level, dpi) == command["page"]
    assert _tsv(band, dpi) == command["band"]


def test_deadline_already_passed_is_a_file_timeout_without_ocr(band: Image.Image) -> None:
    before = tesseract.recognitions()
    with pytest.raises(FileTimeout) as caught:
        _tsv(band, 200, seconds=-1.0)
    assert caught.value.params == {"limit": SETTINGS.limits.file_timeout_s}
    assert tesseract.recognitions() == before


def test_recognition_past_the_page_limit_is_an_ocr_timeout(page: tuple[Image.Image, int], band: Image.Image,
                                                            command: dict[str, str]) -> None:
    level, dpi = page
    with pytest.raises(OcrTimeout) as caught:
        _tsv(level, dpi, SETTINGS.with_limits(page_timeout_s=0.05))
    assert caught.value.params == {"page": 1, "limit": 0.05}
    # the file's own time running out first is the file's timeout, as with the command
    with pytest.raises(FileTimeout):
        _tsv(level, dpi, seconds=0.05)
    # the engine stopped midway is whole again for the next image
    assert _tsv(band, dpi) == command["band"]


def test_two_threads_at_once_each_get_their_text_on_one_openmp_thread(
        page: tuple[Image.Image, int], band: Image.Image, command: dict[str, str]) -> None:
    level, dpi = page
    results: dict[str, str] = {}
    start = threading.Barrier(2)

    def read(key: str, image: Image.Image) -> None:
        start.wait()
        results[key] = _tsv(image, dpi)

    before = len(os.listdir("/proc/self/task"))
    readers = [threading.Thread(target=read, args=("page", level)), threading.Thread(target=read, args=("band", band))]
    for t in readers:
        t.start()
    most = before
    while any(t.is_alive() for t in readers):
        most = max(most, len(os.listdir("/proc/self/task")))
        time.sleep(0.005)
    for t in readers:
        t.join()
    assert results == command
    assert tesseract.openmp_thread_limit() == 1
    # our two threads and no OpenMP team beside them (unlimited, a recognition runs 4 more)
    assert most <= before + 2


def _child(code: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("OMP_THREAD_LIMIT", None)             # the engine must limit OpenMP by itself
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=300, check=False)


def test_stderr_stays_clean_and_a_missing_model_is_one_line() -> None:
    """Tesseract writes notes on stderr ("Empty page!!", "Detected 25 diacritics") and several lines
    for a model it cannot open; a process that exits with engines loaded prints "ObjectCache ...
    LEAK!" unless they are ended."""
    done = _child(f"""
        import time
        from pathlib import Path
        from verifier.errors import OcrUnavailable
        from verifier.limits import ReadSettings
        from verifier.read import tesseract
        from verifier.read.ocr import parse_tsv, run_tesseract
        from verifier.read.pdf import pdf_page_image
        scan = Path({str(SCAN)!r})
        image, dpi = pdf_page_image(scan, scan.name, 1, 200, ReadSettings())
        band = image.crop((0, 0, image.width, round({BAND} * image.height)))
        words = parse_tsv(run_tesseract(band, dpi, ReadSettings(), scan.name, 1, time.monotonic() + 120))
        print(len(words), tesseract.openmp_thread_limit())
        try:
            run_tesseract(band, dpi, ReadSettings(ocr_lang="khongco"), scan.name, 1, time.monotonic() + 120)
        except OcrUnavailable as err:
            print(err.one_line())
    """)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    first, line = done.stdout.splitlines()
    count, threads = first.split()
    assert int(count) > 10 and threads == "1"
    assert "E_OCR_UNAVAILABLE" in line and "khongco" in line and SCAN.name in line


def test_missing_library_is_ocr_unavailable_in_one_line() -> None:
    done = _child("""
        import time
        from PIL import Image
        from verifier.errors import OcrUnavailable
        from verifier.limits import ReadSettings
        from verifier.read import tesseract
        from verifier.read.ocr import run_tesseract
        tesseract.LIBRARY = "libtesseract-not-installed.so.5"
        try:
            run_tesseract(Image.new("L", (200, 100), 255), 200, ReadSettings(), "scan.pdf", 1, time.monotonic() + 60)
        except OcrUnavailable as err:
            print(err.one_line())
    """)
    assert done.returncode == 0 and done.stderr == ""
    assert "E_OCR_UNAVAILABLE" in done.stdout and "libtesseract5" in done.stdout and "scan.pdf" in done.stdout
