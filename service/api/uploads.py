"""Uploads: a request-size cap enforced while the body streams in, and the unpacking of a multipart
form into a staging folder laid out like a submission folder.

FastAPI and Starlette put no limit on uploaded files (fastapi/fastapi#362): they spool to disk
however large. :class:`BodyLimit` counts bytes as the server receives them and stops the request
at the limit, before the form parser has written the rest anywhere.

Form fields: ``assessment`` (the self-assessment table), ``evidence`` (any number of files; a
file name may carry its folder, "1.1.1/KH 163.pdf"), ``archive`` (one zip laid out as the
submission folder), ``unit`` (a council naming the unit it submits for).
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.archive import extract_zip
from service.config import Settings
from service.names import NameSet, safe_relative
from verifier.errors import FileTooLarge, SubmissionError, UnsafeArchiveEntry

CHUNK = 64 * 1024


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"request body over {limit} bytes")
        self.limit = limit


class UploadStalled(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"no request data for {seconds}s")
        self.seconds = seconds


class BodyLimit:
    """ASGI middleware: refuse a request body over ``max_bytes``, declared or actually streamed, and
    cut off a body that stops arriving for ``idle_timeout_s`` (a slow client must not hold a worker
    thread and a staging folder forever)."""

    def __init__(self, app: ASGIApp, max_bytes: int, idle_timeout_s: float = 60) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.idle_timeout_s = idle_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await _send_413(send, self.max_bytes)
                return
        received = 0
        body_done = False

        async def limited() -> Message:
            nonlocal received, body_done
            if body_done:               # afterwards only a disconnect can come: wait for it unbounded
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.idle_timeout_s)
            except TimeoutError as exc:
                raise UploadStalled(self.idle_timeout_s) from exc
            body_done = message["type"] != "http.request" or not message.get("more_body", False)
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, limited, send)


async def _send_413(send: Send, limit: int) -> None:
    body = (f'{{"code":"E_TOO_LARGE","message_vi":"Dữ liệu tải lên vượt quá {limit} byte",'
            f'"message_en":"Upload exceeds {limit} bytes"}}').encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _copy(upload: UploadFile, target: Path, name: str, max_bytes: int) -> None:
    size = 0
    upload.file.seek(0)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = target.open("wb")
    except OSError as exc:              # a file where a folder must go, a name the disk refuses
        raise UnsafeArchiveEntry(name, entry=f"cannot create {name!r}: {exc.strerror}") from exc
    with out:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise FileTooLarge(name, size=f">{max_bytes}", limit=max_bytes)
            out.write(chunk)


def _files(form: FormData, field: str) -> list[UploadFile]:
    # A browser sends an empty, nameless part for every file input left empty: not a file.
    return [v for v in form.getlist(field) if isinstance(v, UploadFile) and v.filename]


def stage_form(form: FormData, staging: Path, settings: Settings) -> dict[str, Any]:
    """Write the form's files into ``staging`` as a submission folder. Returns what was staged."""
    archives = _files(form, "archive")
    tables = _files(form, "assessment")
    evidence = _files(form, "evidence")
    if len(archives) > 1 or len(tables) > 1:
        raise SubmissionError("upload", detail="chỉ một tệp nén và một bảng tự đánh giá / one archive and one table")
    if not (archives or tables or evidence):
        raise SubmissionError("upload", detail="không có tệp nào / no file in the upload")
    staged: dict[str, Any] = {"archive": None, "assessment": None, "evidence": []}
    if archives:
        upload = archives[0]
        name = safe_relative(upload.filename or "archive.zip", context="archive")
        zip_path = staging.parent / f"{staging.name}.zip"
        _copy(upload, zip_path, name, settings.max_request_bytes)
        try:
            staged["archive"] = extract_zip(
                zip_path, staging, name=name, max_entries=settings.max_zip_entries,
                max_total_bytes=settings.max_zip_total_bytes, max_ratio=settings.max_zip_ratio,
                max_file_bytes=settings.max_file_bytes)
        finally:
            zip_path.unlink(missing_ok=True)
    if tables:
        # The core finds the table by name (assessment.tsv|txt|xlsx) and parses it by suffix; the
        # client's own name ("Bảng tự đánh giá.xlsx") is only display data.
        shown = safe_relative(tables[0].filename or "assessment.tsv", context="assessment").rsplit("/", 1)[-1]
        suffix = Path(shown).suffix.lower() or ".tsv"
        _copy(tables[0], staging / f"assessment{suffix}", shown, settings.max_file_bytes)
        staged["assessment"] = shown
    names = NameSet()
    for staged_name in staged["archive"] or []:
        names.add(staged_name, context="archive")
    for upload in evidence:
        rel = safe_relative(upload.filename or "", context="evidence")
        rel = rel if rel.startswith("evidence/") else f"evidence/{rel}"
        if (staging / rel).exists():
            raise SubmissionError(rel, detail="tệp trùng tên / the same file name twice")
        names.add(rel, context=rel)
        _copy(upload, staging / rel, rel, settings.max_file_bytes)
        staged["evidence"].append(rel)
    return staged


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
