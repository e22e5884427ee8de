"""Seeded fuzzing of every reader and the table parser (docs/robustness.md).

Mutations of real evidence (a PDF, a DOCX, an XLSX, a PNG, a JPEG) and of the real assessment
table, the classes of the campaign that found F01-F13: flipped, cut, repeated and inserted bytes,
out-of-range numbers in PDF dictionaries and image headers, damaged zip members, and for the table
wide headers, long cells, unclosed tags, absurd numbers and years. All files are read as one batch
through reader processes with the production limits. Asserted for every case:

* no traceback and no E_INTERNAL: a typed error, on one line, naming the file;
* no hang: nothing reached the deadline (E_FILE_TIMEOUT / E_TABLE_TIMEOUT);
* the rest of the batch kept: every case has its result, and the untouched seeds read cleanly;
* peak RSS of each file's reader process under 500 MB (a fresh process per file, so exact).

``VERIFIER_FUZZ_CASES`` (default 300) and ``VERIFIER_FUZZ_SEED`` (default 12) change the run; the
figures are printed (``-s``) and written to ``VERIFIER_FUZZ_REPORT`` when set. A new reader is fuzzed
by adding its seed file to ``SEEDS``.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from verifier.assessment import _load_here
from verifier.errors import TableUnreadable, VerifierError
from verifier.evidence import Evidence
from verifier.isolate import ChildPool
from verifier.limits import Limits, ReadSettings
from verifier.pipeline import extract_evidence
from verifier.read import safe_name

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = ROOT / "sample_evidence" / "konray-2023" / "evidence"
SEEDS = {
    "pdf": EVIDENCE / "5.1.1" / "CV-3682-SNV-VTVL-don-vi-su-nghiep.pdf",
    "docx": EVIDENCE / "5.1.2" / "CV-269-UBND-NC-dang-ky-tiep-nhan-cong-chuc.docx",
    "xlsx": ROOT / "sample_evidence" / "konray-2023-defects" / "evidence" / "thong-ke-he-thong-2023.xlsx",
    "jpg": EVIDENCE / "8.1" / "TB-02-PNV-tu-kiem-tra-gio-giac.jpg",
}
TABLE = ROOT / "tests" / "assessment" / "fixtures" / "kon_ray_2023.tsv"
PEAK_LIMIT = 500 * 1024 * 1024
FAILURES_WITHOUT_FILE = {"E_INTERNAL"}


# --- byte-level mutations (every format) -------------------------------------------------------

def flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 24)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[:rng.randint(1, max(1, len(data) - 1))]


def repeat_chunk(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.randint(1, 4096)]
    return data[:start] + chunk * rng.randint(2, 200) + data[start:]


def insert_noise(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 2048)) + data[at:]


def zero_range(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 8192))
    return data[:start] + b"\x00" * (end - start) + data[end:]


def big_numbers(rng: random.Random, data: bytes) -> bytes:
    """Numbers in dictionaries and headers (/Width, /Length, /Count, object numbers) made huge."""
    spots = [m.start() for m in re.finditer(rb"\d{1,6}", data[:200_000])]
    out = bytearray(data)
    for at in sorted(rng.sample(spots, min(len(spots), rng.randint(1, 6))), reverse=True):
        end = at
        while end < len(out) and 48 <= out[end] <= 57:
            end += 1
        out[at:end] = rng.choice([b"0", b"-1", b"4294967295", b"99999999999999999999", b"2147483648"])
    return bytes(out)


BYTE_MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    flip, truncate, repeat_chunk, insert_noise, zero_range, big_numbers]


# --- format-aware mutations ------------------------------------------------------------------

def zip_member(rng: random.Random, data: bytes) -> bytes:
    """One member of an OOXML container mutated, the container itself valid (the XML parsers' turn)."""
    try:
        return _rezip(rng, data)
    except Exception:  # an earlier mutation already broke the container: mutate its bytes
        return flip(rng, data)


def _rezip(rng: random.Random, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        infos = zin.infolist()
        target = rng.choice([i for i in infos if i.filename.endswith(".xml")] or infos)
        for info in infos:
            body = zin.read(info)
            if info.filename == target.filename:
                body = rng.choice(BYTE_MUTATIONS)(rng, body) if body else body
                if rng.random() < 0.3:
                    body = body.replace(b">", b">\x00", 1)
            zout.writestr(info, body)
    return out.getvalue()


def image_header(rng: random.Random, data: bytes) -> bytes:
    """The image's declared size changed (PNG IHDR, JPEG SOF), the pixel data left as it was."""
    out = bytearray(data)
    if data.startswith(b"\x89PNG"):
        out[16:24] = rng.choice([1, 9400, 65535, 2**31 - 1]).to_bytes(4, "big") + \
            rng.choice([1, 9400, 89_000_000 % 2**31]).to_bytes(4, "big")
    else:
        sof = data.find(b"\xff\xc0")
        if sof > 0:
            out[sof + 5:sof + 9] = rng.choice([1, 40000, 65535]).to_bytes(2, "big") + \
                rng.choice([1, 40000, 65535]).to_bytes(2, "big")
    return bytes(out)


def mutate_file(rng: random.Random, kind: str, data: bytes) -> bytes:
    options = list(BYTE_MUTATIONS)
    if kind in ("docx", "xlsx"):
        options += [zip_member] * 4
    if kind in ("png", "jpg"):
        options += [image_header] * 2
    mutated = data
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        mutated = rng.choice(options)(rng, mutated)
    return mutated or b"\x00"


# --- table mutations -------------------------------------------------------------------------

def mutate_table(rng: random.Random, lines: list[str]) -> str:
    lines = list(lines)
    header = next(i for i, line in enumerate(lines) if line.startswith("Lĩnh vực"))
    rows = [i for i in range(header + 1, len(lines)) if "\t" in lines[i]]
    row = rng.choice(rows)
    cells = lines[row].split("\t")
    choice = rng.randrange(10)
    if choice == 0:
        lines[header] += "\tGhi chú" * rng.randint(1, 60)
    elif choice == 1:
        cells[min(3, len(cells) - 1)] = "Kế hoạch số 163/KH-UBND. " * rng.choice([10, 1000, 20_000])
    elif choice == 2:
        cells[min(3, len(cells) - 1)] = rng.choice(["<p ", "<li ", "<p>", "</div", "&amp;", "- "]) * \
            rng.choice([100, 5000, 50_000])
    elif choice == 3:
        cells[rng.choice([1, 2])] = rng.choice(["1" + "0" * 27, "9" * 400, "-1e30", "NaN", "0,5,5", "1.000.000"])
    elif choice == 4:
        lines = [re.sub(r"20\d\d", rng.choice(["1900", "1999", "2100", "0000"]), ln) for ln in lines]
    elif choice == 5:
        cells = cells[:rng.randint(1, len(cells))]
    elif choice == 6:
        cells = cells + ["x"] * rng.randint(1, 50)
    elif choice == 7:
        lines[row:row] = [lines[row]] * rng.choice([10, 1000, 6000])
    elif choice == 8:
        at = rng.randrange(len(lines[row]) + 1)
        lines[row] = lines[row][:at] + rng.choice(["\x00", "\r", "\ufeff", "\t\t\t", "\u202e"]) * 5 + lines[row][at:]
    else:
        del lines[rng.randrange(len(lines))]
    if choice in (1, 2, 3, 5, 6):
        lines[row] = "\t".join(cells)
    return "\n".join(lines)


def _png_seed(tmp: Path) -> Path:
    """A small PNG (with alpha, as screenshots are) made from the photographed letter."""
    with Image.open(SEEDS["jpg"]) as photo:
        image = photo.convert("RGBA")
        image.thumbnail((900, 900))
    path = tmp / "seed.png"
    image.save(path)
    return path


def _check_error(error: object, shown: str, codes: Counter[str]) -> None:
    assert error is not None
    code = error.code  # type: ignore[attr-defined]
    codes[code] += 1
    line = error.one_line()  # type: ignore[attr-defined]
    assert code not in FAILURES_WITHOUT_FILE, line
    assert "\n" not in line and "\r" not in line, line
    assert shown in error.message_vi and shown in error.message_en, line  # type: ignore[attr-defined]


def test_readers_and_table_under_mutation(tmp_path: Path) -> None:
    cases = int(os.environ.get("VERIFIER_FUZZ_CASES", "300"))
    seed = int(os.environ.get("VERIFIER_FUZZ_SEED", "12"))
    rng = random.Random(seed)
    seeds = {**SEEDS, "png": _png_seed(tmp_path)}
    originals = {kind: path.read_bytes() for kind, path in seeds.items()}
    n_tables = cases // 5
    weights = {"pdf": 4, "docx": 3, "xlsx": 3, "png": 1, "jpg": 1}
    kinds = [k for k, w in weights.items() for _ in range(w)]

    batch: list[tuple[Path, str]] = []
    folder = tmp_path / "evidence"
    folder.mkdir()
    for kind, path in seeds.items():                     # the untouched seeds ride in the same batch
        target = folder / f"seed-{kind}{path.suffix}"
        target.write_bytes(originals[kind])
        batch.append((target, f"evidence/seed-{kind}{path.suffix}"))
    for i in range(cases - n_tables):
        kind = rng.choice(kinds)
        suffix = seeds[kind].suffix
        name = f"case-{i:03d}-{kind}{suffix}"
        (folder / name).write_bytes(mutate_file(rng, kind, originals[kind]))
        batch.append((folder / name, f"evidence/{name}"))

    settings = ReadSettings.from_env()
    pool = ChildPool(2, Limits(child_max_tasks=1), record_peaks=True)   # fresh process: exact peaks
    try:
        with ThreadPoolExecutor(max_workers=2) as threads:
            results: list[Evidence] = list(threads.map(
                lambda item: extract_evidence(item[0], item[1], settings, None, None, pool), batch))

        codes: Counter[str] = Counter()
        assert [e.file for e in results] == [rel for _p, rel in batch]     # nothing of the batch lost
        for (_path, rel), ev in zip(batch, results, strict=True):
            if rel.startswith("evidence/seed-"):
                assert ev.ok, (rel, ev.error)
            elif ev.error is not None:
                _check_error(ev.error, safe_name(rel), codes)
            else:
                codes["read"] += 1

        lines = TABLE.read_text(encoding="utf-8").split("\n")
        limits = Limits()
        table_codes: Counter[str] = Counter()
        for i in range(n_tables):
            sub = tmp_path / f"table-{i:03d}"
            sub.mkdir()
            path = sub / "assessment.tsv"
            path.write_text(mutate_table(rng, lines), encoding="utf-8")
            try:
                pool.call(_load_here, path, limits, name=f"{path.parent.name}/{path.name}",
                          deadline_s=limits.table_timeout_s)
                table_codes["read"] += 1
            except TableUnreadable as err:
                _check_error(err, "assessment.tsv", table_codes)
            except VerifierError as err:   # memory or a dead process: still typed, still named
                _check_error(err, path.parent.name, table_codes)
    finally:
        pool.close()

    peaks = pool.peaks
    worst = max(peaks, key=peaks.__getitem__)
    figures = {
        "seed": seed, "cases": len(batch) - len(seeds) + n_tables, "file_cases": len(batch) - len(seeds),
        "table_cases": n_tables, "crashes": codes["E_INTERNAL"] + table_codes["E_INTERNAL"],
        "hangs": codes["E_FILE_TIMEOUT"] + table_codes["E_TABLE_TIMEOUT"],
        "reader_killed": codes["E_READER_CRASHED"] + codes["E_MEMORY_LIMIT"],
        "peak_rss_mib_max": round(peaks[worst] / 2**20, 1), "peak_rss_file": worst,
        "file_outcomes": dict(codes.most_common()), "table_outcomes": dict(table_codes.most_common()),
    }
    print(json.dumps(figures, ensure_ascii=False))
    if os.environ.get("VERIFIER_FUZZ_REPORT"):
        Path(os.environ["VERIFIER_FUZZ_REPORT"]).write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    assert figures["crashes"] == 0 and figures["hangs"] == 0, figures
    over = {name: round(p / 2**20) for name, p in peaks.items() if p >= PEAK_LIMIT}
    assert not over, over
