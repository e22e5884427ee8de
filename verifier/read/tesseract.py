"""Tesseract through its C library: engines loaded once per process and kept for its next pages.

Running the ``tesseract`` command once per page or band paid its start-up each time (a process,
then loading the ``vie`` model: ~0.14 s), most of the cost of a header-first band (docs/reading.md,
"How Tesseract is run"). The same system library the command links (``libtesseract.so.5``) is
called here with ctypes; its TSV is byte for byte the command's, without the header row.

* Engines are pooled per language: a caller takes an idle one or starts one, and gives it back.
  Reader processes (verifier/isolate.py) read many files, so the model is loaded once per process;
  two threads never share an engine (Tesseract's instances are independent, one is not
  thread-safe), and there are never more engines than callers at once.
* OpenMP stays at one thread: ``OMP_THREAD_LIMIT=1`` is put in the environment before the library
  (and so libgomp, which reads it once when it loads) is loaded, and checked after (OpenMP's
  default threading was 4x slower on the shared 2 cores; parallelism comes from reader processes:
  docs/reading.md). A ``num_threads`` clause in Tesseract's code cannot go past that limit.
* Tesseract's messages go to ``debug_file`` (/dev/null): a reader's stderr is the caller's.
* A recognition is bounded by a monitor deadline; Tesseract checks it between words, not during
  layout analysis, so the elapsed time is checked as well, and the reader process's own deadline
  (isolate.py) stays the backstop for a page that never reaches a word.
* Idle engines are ended at exit, before Tesseract's model cache is destroyed: with engines
  still holding models it reports "ObjectCache ... LEAK!" (on stderr without ``debug_file``).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import threading
import time
from collections.abc import Iterator, Sequence

from PIL import Image

from verifier.errors import CorruptFile, OcrUnavailable

LIBRARY = "libtesseract.so.5"       # Debian libtesseract5, the library of the tesseract-ocr command
OPENMP = "libgomp.so.1"
# The command's first TSV line; the library gives the rows only.
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
OSD = "osd"
PSM_OSD_ONLY = 0

_P = ctypes.c_void_p
_SIGNATURES: dict[str, tuple[list[type], type | None]] = {
    "TessBaseAPICreate": ([], _P),
    "TessBaseAPIDelete": ([_P], None),
    "TessBaseAPIEnd": ([_P], None),
    "TessBaseAPIClear": ([_P], None),
    "TessBaseAPISetVariable": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
    "TessBaseAPIInit3": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
    "TessBaseAPISetImage": ([_P, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int], None),
    "TessBaseAPISetSourceResolution": ([_P, ctypes.c_int], None),
    "TessBaseAPISetPageSegMode": ([_P, ctypes.c_int], None),
    "TessBaseAPIRecognize": ([_P, _P], ctypes.c_int),
    "TessBaseAPIGetTsvText": ([_P, ctypes.c_int], _P),
    "TessBaseAPIDetectOrientationScript": ([_P, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_float),
                                            ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_float)],
                                           ctypes.c_int),
    "TessDeleteText": ([_P], None),
    "TessMonitorCreate": ([], _P),
    "TessMonitorDelete": ([_P], None),
    "TessMonitorSetDeadlineMSecs": ([_P, ctypes.c_int], None),
}


class _Pool:
    """The process's library handle and its idle engines by language (all under ``lock``)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lib: ctypes.CDLL | None = None
        self.idle: dict[str, list[int]] = {}
        self.recognitions = 0


_pool = _Pool()


def _forget_after_fork() -> None:
    # A forked child must not wait on a lock another thread of the parent held, nor hand the
    # parent's engines to two processes' bookkeeping: it starts its own (the memory stays shared).
    global _pool
    _pool = _Pool()


os.register_at_fork(after_in_child=_forget_after_fork)


def _load(name: str) -> ctypes.CDLL:
    """The library, loaded with OpenMP limited to one thread (call with the pool's lock held)."""
    if _pool.lib is not None:
        return _pool.lib
    before = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        lib = ctypes.CDLL(LIBRARY)
    except OSError as exc:
        raise OcrUnavailable(file=name, detail=f"{LIBRARY} not found (Debian package libtesseract5)") from exc
    finally:
        if before is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = before
    for fn, (args, result) in _SIGNATURES.items():
        getattr(lib, fn).argtypes = args
        getattr(lib, fn).restype = result
    threads = openmp_thread_limit()
    if threads is not None and threads != 1:
        raise OcrUnavailable(file=name, detail=f"OpenMP was started with {threads} threads before Tesseract "
                                               "loaded; set OMP_THREAD_LIMIT=1")
    _pool.lib = lib
    return lib


def openmp_thread_limit() -> int | None:
    """OpenMP's thread limit in this process, or None when libgomp is not loaded."""
    try:
        gomp = ctypes.CDLL(OPENMP, mode=os.RTLD_NOLOAD)
    except OSError:
        return None
    return int(gomp.omp_get_thread_limit())


def _start(lib: ctypes.CDLL, lang: str, name: str) -> int:
    handle = lib.TessBaseAPICreate()
    if not handle:
        raise MemoryError("TessBaseAPICreate")
    # Set before Init: a missing model's own message goes there too (ours is one line).
    lib.TessBaseAPISetVariable(handle, b"debug_file", os.devnull.encode())
    if lib.TessBaseAPIInit3(handle, None, lang.encode()) != 0:
        lib.TessBaseAPIDelete(handle)
        raise OcrUnavailable(file=name, detail=f"language model missing: {lang}")
    return int(handle)


@contextlib.contextmanager
def _engine(lang: str, name: str) -> Iterator[tuple[ctypes.CDLL, int]]:
    """An engine for ``lang`` for this caller alone, returned to the pool afterwards."""
    pool = _pool
    with pool.lock:
        lib = _load(name)
        idle = pool.idle.setdefault(lang, [])
        # Started under the lock: two threads never load the same model at once.
        handle = idle.pop() if idle else _start(lib, lang, name)
    try:
        yield lib, handle
    finally:
        lib.TessBaseAPIClear(handle)       # the page's results, not the model
        with pool.lock:
            pool.idle.setdefault(lang, []).append(handle)
            pool.recognitions += 1


def prepare(langs: Sequence[str], name: str = "(warm-up)") -> None:
    """Load the library and start one idle engine per language of ``langs``: a reader process
    warmed before its first file (verifier/pipeline.py ``warm_reader``) then pays neither on it."""
    pool = _pool
    with pool.lock:
        lib = _load(name)
        for lang in langs:
            idle = pool.idle.setdefault(lang, [])
            if not idle:
                idle.append(_start(lib, lang, name))


def ready_languages() -> list[str]:
    """The languages this process has an idle engine for (tests of the warm-up)."""
    with _pool.lock:
        return sorted(lang for lang, idle in _pool.idle.items() if idle)


def _set_image(lib: ctypes.CDLL, handle: int, image: Image.Image, dpi: int) -> None:
    if image.mode not in ("L", "RGB"):
        image = image.convert("L")
    depth = 1 if image.mode == "L" else 3
    lib.TessBaseAPISetImage(handle, image.tobytes(), image.width, image.height, depth, image.width * depth)
    lib.TessBaseAPISetSourceResolution(handle, dpi)


def recognize(image: Image.Image, dpi: int, lang: str, psm: int, limit_s: float, name: str) -> str | None:
    """Tesseract's TSV rows (no header line) for ``image``, or None when it ran past ``limit_s``.

    OcrUnavailable when the library or a model is missing; CorruptFile when Tesseract fails on
    the image within the time.
    """
    with _engine(lang, name) as (lib, handle):
        _set_image(lib, handle, image, dpi)
        lib.TessBaseAPISetPageSegMode(handle, psm)
        monitor = lib.TessMonitorCreate()
        try:
            start = time.monotonic()
            lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(limit_s * 1000)))
            status = lib.TessBaseAPIRecognize(handle, monitor)
            elapsed = time.monotonic() - start
        finally:
            lib.TessMonitorDelete(monitor)
        if elapsed >= limit_s:
            return None          # the command would have been stopped here too
        if status != 0:
            raise CorruptFile(file=name, detail="tesseract could not recognise the image")
        text = lib.TessBaseAPIGetTsvText(handle, 0)
        try:
            return ctypes.string_at(text).decode("utf-8", "replace") if text else ""
        finally:
            if text:
                lib.TessDeleteText(text)


def orientation(image: Image.Image, dpi: int, name: str) -> tuple[int, float] | None:
    """Tesseract's orientation and script detection (the ``osd`` model): the clockwise degrees
    that make the page upright and Tesseract's confidence in them, or None when it finds too
    little text to tell. ``tesseract --psm 0`` prints the same as "Rotate" and "Orientation
    confidence"."""
    with _engine(OSD, name) as (lib, handle):
        _set_image(lib, handle, image, dpi)
        lib.TessBaseAPISetPageSegMode(handle, PSM_OSD_ONLY)
        degrees, confidence = ctypes.c_int(), ctypes.c_float()
        script, script_confidence = ctypes.c_char_p(), ctypes.c_float()
        found = lib.TessBaseAPIDetectOrientationScript(handle, ctypes.byref(degrees), ctypes.byref(confidence),
                                                       ctypes.byref(script), ctypes.byref(script_confidence))
    if not found:
        return None
    # The library gives the page's turn counter-clockwise; the command prints the turn back.
    return (360 - degrees.value) % 360, float(confidence.value)


def recognitions() -> int:
    """How many times this process has used an engine (benchmarks and tests count them)."""
    return _pool.recognitions


def _end_all() -> None:
    """End the idle engines (one still in a daemon thread's hands is left: ending it would crash)."""
    pool = _pool
    with pool.lock:
        if pool.lib is None:
            return
        for handles in pool.idle.values():
            for handle in handles:
                pool.lib.TessBaseAPIEnd(handle)
                pool.lib.TessBaseAPIDelete(handle)
        pool.idle.clear()


atexit.register(_end_all)
