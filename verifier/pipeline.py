"""The check of one submission, end to end, in-process: read -> identify -> match -> score -> report.

A submission folder holds ``assessment.tsv|txt|xlsx`` and ``evidence/[<criterion code>/]<files>``.
Files are extracted in parallel on all cores (one process per core: OCR is CPU-bound and
Tesseract runs single-threaded), cached by content hash, then every rule is evaluated.
The service runs the same functions from Celery workers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from verifier.cache import Extraction, ExtractionCache, default_cache_dir, extraction_key
from verifier.errors import ReadingCancelled, VerifierError
from verifier.evidence import ErrorInfo, Evidence, folder_code_of
from verifier.identify.model import Document
from verifier.isolate import ChildPool, shared_pool
from verifier.limits import ReadSettings
from verifier.read.model import PageMethod, ReadResult
from verifier.results import Report

if TYPE_CHECKING:
    from verifier.assessment.model import AssessmentTable
    from verifier.needs import Pages
    from verifier.rules.model import Framework

log = logging.getLogger(__name__)
SKIPPED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Progress:
    """Where a check is: files read of total, the file being read, the current stage."""

    done: int
    total: int
    current: str
    stage: str            # "read" | "evaluate" | "done"


ProgressFn = Callable[[Progress], None]


def default_rules_dir() -> Path:
    configured = os.environ.get("VERIFIER_RULES_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[1] / "rules"


def collect_files(folder: Path) -> tuple[Path, list[tuple[Path, str]]]:
    """The assessment table and every evidence file with its path relative to the submission."""
    from verifier.assessment import find_table

    table = find_table(folder)
    evidence_root = folder / "evidence"
    files: list[tuple[Path, str]] = []
    if evidence_root.is_dir():
        for path in sorted(evidence_root.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and path.name not in SKIPPED_NAMES:
                files.append((path, path.relative_to(folder).as_posix()))
    return table, files


def _retry_pages(read: ReadResult, documents: Sequence[Document], dpi: int) -> list[int]:
    """First pages of documents whose number or date OCR lost, not yet read at ``dpi``."""
    out = []
    for d in documents:
        page = next((p for p in read.pages if p.number == d.pages[0]), None)
        if not d.identity.complete and page is not None and page.method is PageMethod.OCR and page.dpi != dpi:
            out.append(page.number)
    return out


def _unfinished_identity(read: ReadResult, documents: Sequence[Document]) -> set[int]:
    """First pages, read in their band only, of documents whose band did not give the whole identity
    (number, date and trích yếu): the rest of the page may hold what the band cut off."""
    out: set[int] = set()
    for d in documents:
        ident = d.identity
        page = next((p for p in read.pages if p.number == d.pages[0]), None)
        if page is not None and not page.complete and (not ident.complete or ident.title is None):
            out.update(range(d.pages[0], d.pages[1] + 1))
    return out


def _extract(path: Path, name: str, settings: ReadSettings, sha256: str) -> Extraction:
    from verifier.identify import identify_documents
    from verifier.read import complete_read, read_file, reread_page

    try:
        # Header-first always (but for `verifier extract`'s whole pages); --full-text completes every
        # page at the end, so both readings take the same steps and give the same identities.
        read = read_file(path, settings, name=name, sha256=sha256, header_only=not settings.whole_page_ocr)
        documents = identify_documents(read)
        unfinished = _unfinished_identity(read, documents)
        if unfinished:
            # docs/reading.md: the band did not complete the identity; those pages are read again
            # whole (a page read in one piece recognises its lines as the whole-page OCR always did)
            whole = dataclasses.replace(settings, whole_page_ocr=True)
            again = {p.number: reread_page(path, p.number, settings.ocr_dpi, whole, name=name)
                     for p in read.pages if p.number in unfinished and not p.complete}
            read = dataclasses.replace(read, pages=tuple(again.get(p.number, p) for p in read.pages))
            documents = identify_documents(read)
        retry = _retry_pages(read, documents, settings.ocr_retry_dpi)
        if retry:
            # perf.md: the number/date line is what OCR most often loses; one retry at another
            # resolution of each document's first page recovers most of them before a person has to look.
            again = {n: reread_page(path, n, settings.ocr_retry_dpi, settings, name=name) for n in retry}
            retried = dataclasses.replace(read, pages=tuple(again.get(p.number, p) for p in read.pages))
            retried_documents = identify_documents(retried)
            complete = sum(d.identity.complete for d in documents)
            if (sum(d.identity.complete for d in retried_documents) > complete
                    and len(retried_documents) >= len(documents)):
                read, documents = retried, retried_documents
        if settings.full_text and not all(p.complete for p in read.pages):
            read = complete_read(path, read, None, settings)
            documents = identify_documents(read)
        return Extraction(read=read, identity=documents[0].identity, error=None, documents=documents)
    except VerifierError as err:
        return Extraction(read=None, identity=None, error=ErrorInfo.of(err))
    except Exception as exc:  # a library bug must not lose the rest of the submission
        return Extraction(read=None, identity=None, error=ErrorInfo(
            "E_INTERNAL",
            f"Lỗi nội bộ khi đọc tệp {name}: {type(exc).__name__}",
            f"Internal error while reading {name}: {type(exc).__name__}: {exc}"))


def _completed(extraction: Extraction, path: Path, name: str, pages: set[int] | None,
               settings: ReadSettings) -> Extraction:
    """The extraction with ``pages`` (None: all) read in full, its documents identified again."""
    from verifier.identify import identify_documents
    from verifier.read import complete_read

    read = extraction.read
    if read is None or all(p.complete for p in read.pages if pages is None or p.number in pages):
        return extraction
    try:
        done = complete_read(path, read, pages, settings)
    except VerifierError:
        return extraction       # the header-only text stays; the verdict already rests on it
    documents = identify_documents(done)
    return Extraction(read=done, identity=documents[0].identity, error=None, documents=documents)


def _warm(settings: ReadSettings) -> list[str]:
    """In a reader process: import the readers and start the OCR engines a first file would."""
    # importing the readers is half the point
    import verifier.identify
    import verifier.read.ocr
    import verifier.read.pdf  # noqa: F401
    from verifier.read import tesseract

    if settings.ocr_enabled:
        langs = [settings.ocr_lang, *([tesseract.OSD] if settings.detect_orientation else [])]
        with contextlib.suppress(VerifierError):      # a missing model is reported on the first file
            tesseract.prepare(langs)
    return tesseract.ready_languages()


def warm_reader(settings: ReadSettings | None = None) -> bool:
    """Start a reader process of the shared pool, importing the readers and loading the OCR engines
    while nobody waits (``ChildPool.prestart``). A fresh worker process (Celery replaces them)
    otherwise paid that, about 0.6 s, on the first file it read (docs/service.md, "Round 2").
    False when the pool had an idle process already or could not start one."""
    settings = settings or ReadSettings.from_env()
    try:
        return shared_pool(settings.limits).prestart(_warm, settings)
    except Exception:  # the first file starts its reader as it always did
        log.warning("the reader warm-up failed", exc_info=True)
        return False


def _as_evidence(extraction: Extraction, relative: str, sha256: str | None) -> Evidence:
    read = extraction.read
    if read is not None and read.file != relative:
        read = dataclasses.replace(read, file=relative)
    return Evidence(file=relative, folder_code=folder_code_of(Path(relative)), sha256=sha256,
                    read=read, identity=extraction.identity, error=extraction.error,
                    documents=extraction.documents)


def extract_evidence(path: Path, relative: str, settings: ReadSettings | None = None,
                     cache: ExtractionCache | None = None, sha256: str | None = None,
                     pool: ChildPool | None = None) -> Evidence:
    """Read and identify one file. Never raises for bad input: the error is recorded instead.

    ``sha256``: the content hash when the caller knows it (a content-addressed blob store).
    The reading runs in a reader process of ``pool`` (default: the shared one), under a memory cap
    and a deadline (verifier/isolate.py); only regular files are opened at all.
    """
    from verifier.read import check_regular_file, safe_name, sha256_file

    settings = settings or ReadSettings.from_env()
    try:
        check_regular_file(path, safe_name(relative))
        sha = sha256 or sha256_file(path)
    except VerifierError as err:
        return Evidence(relative, folder_code_of(Path(relative)), None, None, None, ErrorInfo.of(err))
    except OSError as exc:
        return Evidence(relative, folder_code_of(Path(relative)), None, None, None,
                        ErrorInfo("E_IO", f"Không mở được tệp {safe_name(relative)}",
                                  f"Cannot open {safe_name(relative)}: {exc}"))
    key = extraction_key(sha, settings)
    cached = cache.get(key) if cache else None
    if cached is None:
        limits = settings.limits
        try:
            cached = (pool or shared_pool(limits)).call(
                _extract, path.absolute(), safe_name(relative), settings, sha, name=safe_name(relative),
                deadline_s=limits.file_timeout_s + limits.child_grace_s)
        except VerifierError as err:
            # Killed, out of memory or past the deadline: not cached, a later run may have more room.
            return Evidence(relative, folder_code_of(Path(relative)), sha, None, None, ErrorInfo.of(err))
        if cache is not None:
            cache.put(key, cached)
    return _as_evidence(cached, relative, sha)


def extract_all(files: Sequence[tuple[Path, str]], settings: ReadSettings, *,
                cache: ExtractionCache | None, jobs: int | None = None,
                progress: ProgressFn | None = None) -> list[Evidence]:
    """Extract every file, ``jobs`` at a time in reader processes, keeping the input order in the result.

    One file or ``jobs=1`` takes the same road: a reader process that dies takes only its file.
    """
    jobs = jobs or os.cpu_count() or 1
    total = len(files)
    results: dict[str, Evidence] = {}
    notify = progress or (lambda _p: None)
    notify(Progress(0, total, "", "read"))

    def size(path: Path) -> int:
        try:
            return path.stat().st_size if path.is_file() else 0
        except OSError:
            return 0

    # Largest first: a big scan started last would leave one core idle at the end.
    pending = sorted(files, key=lambda f: size(f[0]), reverse=True)
    pool = shared_pool(settings.limits, size=jobs)
    threads = ThreadPoolExecutor(max_workers=max(1, min(jobs, total)), thread_name_prefix="verifier-read")
    try:
        futures: dict[Future[Evidence], str] = {
            threads.submit(extract_evidence, p, rel, settings, cache, None, pool): rel for p, rel in pending}
        for fut in as_completed(futures):
            rel = futures[fut]
            results[rel] = fut.result()
            notify(Progress(len(results), total, rel, "read"))
    finally:
        # Interrupted (Ctrl-C) or failed: files not started are dropped, not read on after the caller left.
        threads.shutdown(wait=True, cancel_futures=True)
    return [results[rel] for _p, rel in files]


def complete_evidence(path: Path, evidence: Evidence, pages: set[int] | None, settings: ReadSettings,
                      cache: ExtractionCache | None = None) -> Evidence:
    """``evidence`` with its header-only ``pages`` (None: all) read in full, the cache entry of its
    content completed in place (the same key: a later check finds the full text)."""
    if evidence.read is None or evidence.sha256 is None:
        return evidence
    extraction = Extraction(read=evidence.read, identity=evidence.identity, error=evidence.error,
                            documents=evidence.documents)
    done = _completed(extraction, path, evidence.file, pages, settings)
    if done is extraction:
        return evidence
    if cache is not None:
        cache.put(extraction_key(evidence.sha256, settings), done)
    return _as_evidence(done, evidence.file, evidence.sha256)


def _complete_job(path: str, evidence: Evidence, pages: set[int] | None, settings: ReadSettings,
                  cache_root: str | None) -> Evidence:
    cache = ExtractionCache(Path(cache_root)) if cache_root else None
    return complete_evidence(Path(path), evidence, pages, settings, cache)


def complete_all(files: Sequence[tuple[Path, str]], evidence: Sequence[Evidence], pages: dict[str, set[int]] | None,
                 settings: ReadSettings, *, cache: ExtractionCache | None, jobs: int | None = None) -> list[Evidence]:
    """Every evidence file with the pages in ``pages`` (file -> numbers; None: every page) read in full,
    in parallel like :func:`extract_all`. A file that fails here keeps its header-only text."""
    where = {rel: path for path, rel in files}
    todo = [e for e in evidence if e.read is not None and e.file in where
            and any(not p.complete for p in e.read.pages) and (pages is None or pages.get(e.file))]
    if not todo:
        return list(evidence)
    wanted = {e.file: (None if pages is None else pages[e.file]) for e in todo}
    done: dict[str, Evidence] = {}
    jobs = jobs or os.cpu_count() or 1

    def complete(e: Evidence) -> None:
        done[e.file] = complete_in_reader(Path(where[e.file]), e, wanted[e.file], settings, cache)

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as threads:
        list(threads.map(complete, todo))
    return [done.get(e.file, e) for e in evidence]


def complete_in_reader(path: Path, evidence: Evidence, pages: set[int] | None, settings: ReadSettings,
                       cache: ExtractionCache | None = None, pool: ChildPool | None = None) -> Evidence:
    """:func:`complete_evidence` in a reader process, like the first reading (verifier/isolate.py):
    a page that kills PDFium or overruns takes only its file, which keeps its header-only text.
    ``pool``: the caller's own (default: the shared one); a call it cancels raises ReadingCancelled."""
    limits = settings.limits
    try:
        return (pool or shared_pool(limits)).call(_complete_job, str(path.absolute()), evidence, pages, settings,
                                                  str(cache.root) if cache else None, name=evidence.file,
                                                  deadline_s=limits.file_timeout_s + limits.child_grace_s)
    except ReadingCancelled:
        raise
    except VerifierError:
        return evidence


def framework_for(table_path: Path, rules_dir: Path | None, framework: str | None,
                   province: str | None) -> tuple[Framework, AssessmentTable]:
    from verifier.assessment import load_table
    from verifier.rules import choose, level_of_unit, load_framework, load_registry

    rules_dir = rules_dir or default_rules_dir()
    table = load_table(table_path)
    if framework:
        candidate = Path(framework)
        path = candidate if candidate.suffix in {".yaml", ".yml"} else rules_dir / f"{framework}.yaml"
    else:
        level = level_of_unit(table.unit, load_registry(rules_dir))
        path = choose(rules_dir, province=province, level=level, year=table.year or 0, unit=table.unit).path
    return load_framework(path), table


def evaluate_submission(table_path: Path, evidence: Sequence[Evidence], *, rules_dir: Path | None = None,
                        framework: str | None = None, province: str | None = None,
                        chosen: tuple[Framework, AssessmentTable] | None = None,
                        complete: Callable[[Pages], Sequence[Evidence]] | None = None) -> Report:
    """Parse the table, pick the framework for its province, unit level and year, evaluate every rule.

    ``province``: the submission's province (the service knows it from the unit's token); without
    it, the province is found from the unit's name in rules/provinces.yaml (docs/frameworks.md).
    ``complete(pages)``: the evidence with those header-only pages read in full. Given, the pages
    some verdict reads the body of (verifier/needs.py) are read first; the embedded check reads them
    in reader processes, the service stores them too (service/fulltext.py).
    """
    from verifier.needs import body_pages
    from verifier.read import EXTRACTOR_VERSION
    from verifier.score.evaluate import evaluate_context, prepare

    # ``chosen``: the framework and table already loaded by the caller (the table is parsed in a
    # reader process: loading it once per check saves a process round trip on a warm check).
    rules, table = chosen or framework_for(table_path, rules_dir, framework, province)
    ctx = prepare(rules, table, evidence)
    if complete is not None and (wanted := body_pages(ctx)):
        ctx = prepare(rules, table, complete(wanted))      # the context again: those pages' text changed
    report = evaluate_context(ctx)
    versions = {**report.versions, "extractor": EXTRACTOR_VERSION}
    return dataclasses.replace(report, versions=versions)


def check_submission(folder: Path, *, settings: ReadSettings | None = None, rules_dir: Path | None = None,
                     framework: str | None = None, province: str | None = None, cache_dir: Path | None = None,
                     use_cache: bool = True, jobs: int | None = None, progress: ProgressFn | None = None) -> Report:
    """The embedded default: collect, extract in parallel (cached, header-first), read in full what
    a verdict needs, evaluate. ``settings.full_text`` reads every page in full."""
    settings = settings or ReadSettings.from_env()
    table, files = collect_files(folder)
    cache = ExtractionCache(cache_dir or default_cache_dir()) if use_cache else None
    evidence = extract_all(files, settings, cache=cache, jobs=jobs, progress=progress)
    if settings.full_text:
        # A cached header-first extraction is completed in place rather than read again.
        evidence = complete_all(files, evidence, None, settings, cache=cache, jobs=jobs)
    chosen = framework_for(table, rules_dir, framework, province)
    if progress:
        progress(Progress(len(files), len(files), "", "evaluate"))
    started = time.perf_counter()

    def complete(wanted: Pages) -> list[Evidence]:
        return complete_all(files, evidence, wanted, settings, cache=cache, jobs=jobs)

    report = evaluate_submission(table, evidence, chosen=chosen, complete=None if settings.full_text else complete)
    if progress:
        progress(Progress(len(files), len(files), f"{time.perf_counter() - started:.3f}s", "done"))
    return report
