"""Untrusted files are read in reader processes with a memory cap and a deadline.

The readers and the table parser drive native libraries (PDFium, Pillow, lxml, LibreOffice) that a
crafted file can push into unbounded memory or an abort: a PDF Form XObject that draws itself grows
PDFium until the process dies (docs/robustness.md). In-process, that kills the caller and the rest
of its batch. Here the work runs in a child process whose address space is capped (RLIMIT_AS) and
which is killed at a deadline; a child that dies, runs out of memory or overruns becomes a typed
VerifierError naming the file, and the caller carries on with the next one.

Children are reused, because starting one and importing the readers costs more than reading a
small DOCX, and replaced after ``child_max_tasks`` calls, after a MemoryError, or once their peak
RSS passes half the cap, so a file that bloated one process leaves nothing behind for the next.
A call is synchronous and thread-safe: parallel callers (``extract_all``) use one thread each.

A reader process is a fresh interpreter started with ``subprocess``, talking over two pipes, not a
``multiprocessing`` child: a fork would start with the caller's whole address space (a service
process of a gigabyte would be at its cap before reading anything) and whatever locks its other
threads held, and multiprocessing's forkserver is global state that Celery's prefork children
(daemonic, with their own authentication key) and forked callers trip over.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from verifier.errors import CorruptFile, FileTimeout, MemoryLimit, ReaderCrashed, ReadingCancelled, VerifierError
from verifier.limits import Limits
from verifier.text import one_line

_T = TypeVar("_T")
_MIB = 1024 * 1024
_BOOT = "from verifier.isolate import _serve; _serve()"
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[1])


def _watch_parent(alive_fd: int) -> None:
    """End this process when the caller's end of the alive pipe closes, i.e. when the caller is gone,
    even in the middle of a read (no orphan keeps reading a bomb)."""
    with contextlib.suppress(OSError):
        os.read(alive_fd, 1)
    os._exit(70)


def _serve() -> None:
    """The reader process: cap the address space, then run calls until told to stop."""
    task_fd, reply_fd, alive_fd, memory_bytes = (int(a) for a in sys.argv[1:5])
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # Ctrl-C reaches the whole terminal group: the caller decides what stops, not each reader.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(alive_fd,), daemon=True).start()
    inbox, outbox = Connection(task_fd, writable=False), Connection(reply_fd, readable=False)
    sys.path[:] = inbox.recv()          # the caller's modules (a test's functions) import here too
    while True:
        try:
            raw = inbox.recv_bytes()
        except (EOFError, OSError):
            return
        try:
            message = pickle.loads(raw)
        except Exception as exc:  # a function defined in the caller's __main__ cannot be found here
            outbox.send((("exception", type(exc).__name__, str(exc)[:300]), 0))
            continue
        if message is None:
            return
        fn, args, env, cwd = message
        # The call must behave as it would in the caller: same environment (PATH for tesseract,
        # VERIFIER_* settings) and the same folder for relative paths.
        if env != os.environ:
            os.environ.clear()
            os.environ.update(env)
        with contextlib.suppress(OSError):
            os.chdir(cwd)
        reply: tuple[Any, ...]
        try:
            reply = ("ok", fn(*args))
        except VerifierError as err:
            reply = ("verifier", type(err).__name__, err.file, err.detail, err.params)
        except MemoryError:
            reply = ("memory",)
        except BaseException as exc:  # reported as a typed error by the caller, never a traceback
            reply = ("exception", type(exc).__name__, str(exc)[:300])
        # The reader's own peak, or that of a program it ran (tesseract, LibreOffice), if larger.
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) * 1024
        try:
            outbox.send((reply, peak))
        except MemoryError:
            outbox.send((("memory",), peak))
        except Exception as exc:  # an unpicklable result: pickling fails before anything is written
            outbox.send((("exception", type(exc).__name__, str(exc)[:300]), peak))


def _error_class(name: str) -> type[VerifierError]:
    stack: list[type[VerifierError]] = [VerifierError]
    while stack:
        cls = stack.pop()
        if cls.__name__ == name:
            return cls
        stack.extend(cls.__subclasses__())
    return CorruptFile


def _cause(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit {exitcode}"


class _Died(Exception):
    pass


class _Worker:
    def __init__(self, memory_bytes: int) -> None:
        task_r, task_w = os.pipe()
        reply_r, reply_w = os.pipe()
        alive_r, alive_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
        try:
            # stdout to /dev/null: a library that prints must not mix into the caller's JSON.
            self.process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(task_r), str(reply_w), str(alive_r), str(memory_bytes)],
                pass_fds=(task_r, reply_w, alive_r), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                env=env)
        except BaseException:
            for fd in (task_w, reply_r, alive_w):
                os.close(fd)
            raise
        finally:
            for fd in (task_r, reply_w, alive_r):
                os.close(fd)
        self.outbox = Connection(task_w, readable=False)
        self.inbox = Connection(reply_r, writable=False)
        self.alive = alive_w
        self.stopped = False
        self.tasks = 0
        self.owed = 0           # replies of calls sent ahead (send_ahead), read and dropped by run()
        self.outbox.send(list(sys.path))

    def send_ahead(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        """Start ``fn(*args)`` without waiting for it: the next :meth:`run` drops its reply first."""
        self.outbox.send((fn, args, dict(os.environ), os.getcwd()))
        self.owed += 1

    def run(self, fn: Callable[..., Any], args: tuple[Any, ...], deadline_s: float) -> tuple[Any, int] | None:
        """(reply, peak RSS), None at the deadline (the process is then killed); _Died if it died."""
        try:
            self.outbox.send((fn, args, dict(os.environ), os.getcwd()))
            end = time.monotonic() + deadline_s
            while True:
                if not self.inbox.poll(max(0.0, end - time.monotonic())):
                    self.stop(kill=True)
                    return None
                reply: tuple[Any, int] = self.inbox.recv()
                if not self.owed:
                    return reply
                self.owed -= 1
        except (EOFError, OSError) as exc:
            try:
                code = self.process.wait(5)
            except subprocess.TimeoutExpired:
                code = None
            raise _Died(_cause(code)) from exc

    def stop(self, kill: bool = False) -> None:
        if self.stopped:
            return          # closing a descriptor twice could close one reused by someone else
        self.stopped = True
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.outbox.send(None)
        for conn in (self.outbox, self.inbox):
            with contextlib.suppress(OSError):
                conn.close()
        with contextlib.suppress(OSError):
            os.close(self.alive)
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ChildPool:
    """Up to ``size`` reusable reader processes; :meth:`call` runs one function in one of them."""

    def __init__(self, size: int, limits: Limits | None = None, record_peaks: bool = False) -> None:
        """``record_peaks``: keep each call's peak RSS in ``peaks`` by name (the fuzz harness's figure;
        with ``child_max_tasks=1`` it is exactly that file's peak, else an upper bound)."""
        limits = limits or Limits.from_env()
        self.size = max(1, size)
        self.memory_bytes = limits.child_memory_bytes
        self.max_tasks = limits.child_max_tasks
        self.default_deadline_s = limits.file_timeout_s + limits.child_grace_s
        self._idle: list[_Worker] = []
        self._count = 0
        self._cond = threading.Condition()
        self._pid = os.getpid()
        self.record_peaks = record_peaks
        self.peaks: dict[str, int] = {}
        self._busy: set[_Worker] = set()
        self._cancelled: set[_Worker] = set()   # busy processes cancel() killed

    def call(self, fn: Callable[..., _T], *args: Any, name: str, deadline_s: float | None = None,
             on_timeout: Callable[[], VerifierError] | None = None) -> _T:
        """``fn(*args)`` in a reader process; its VerifierError is re-raised here.

        A process that died on its first call is the file's doing: ReaderCrashed. One that had read
        other files first may have died of what they left, so the call is tried once more in a
        fresh process. Past ``deadline_s`` (default: the file timeout plus the grace) the process
        is killed: ``on_timeout()`` or FileTimeout.
        """
        deadline_s = self.default_deadline_s if deadline_s is None else deadline_s
        while True:
            worker = self._checkout()
            fresh = worker.tasks == 0
            with self._cond:
                self._busy.add(worker)
            try:
                outcome = worker.run(fn, args, deadline_s)
            except _Died as died:
                worker.stop(kill=True)
                self._discard(worker)
                if worker in self._cancelled:
                    raise ReadingCancelled(file=name) from None
                if fresh:
                    raise ReaderCrashed(file=name, cause=str(died), limit_mb=self.memory_bytes // _MIB) from None
                continue
            except BaseException:
                worker.stop(kill=True)
                self._discard(worker)
                raise
            finally:
                with self._cond:
                    self._busy.discard(worker)
                    self._cancelled.discard(worker)
            if outcome is None:
                self._discard(worker)
                raise on_timeout() if on_timeout else FileTimeout(file=name, limit=round(deadline_s))
            (kind, *rest), peak = outcome
            if self.record_peaks:
                self.peaks[name] = peak
            worker.tasks += 1
            if kind == "memory" or worker.tasks >= self.max_tasks or peak > self.memory_bytes // 2:
                worker.stop()
                self._discard(worker)
            else:
                self._checkin(worker)
            if kind == "ok":
                result: _T = rest[0]
                return result
            if kind == "memory":
                raise MemoryLimit(file=name, limit_mb=self.memory_bytes // _MIB)
            if kind == "verifier":
                cls_name, file, detail, params = rest
                raise _error_class(cls_name)(file, one_line(detail), **params)
            raise CorruptFile(file=name, detail=one_line(f"{rest[0]}: {rest[1]}")[:160])

    def prestart(self, fn: Callable[..., Any], *args: Any) -> bool:
        """Start a reader process now, running ``fn(*args)`` (imports, OCR engines) while nobody
        waits, and make it idle at once: the first call it is given waits only for what is left of
        that, never for a second process started beside it. False when the pool already has an idle
        process or is full."""
        with self._cond:
            if self._idle or self._count >= self.size:
                return False
            self._count += 1
        try:
            worker = _Worker(self.memory_bytes)
            worker.send_ahead(fn, args)
        except BaseException:
            self._discard(None)
            raise
        worker.tasks = 1        # dying while warming up is no file's doing: the call is tried again
        self._checkin(worker)
        return True

    def cancel(self) -> int:
        """Kill the reader processes now running a call, from any thread; those calls raise
        ReadingCancelled. How many were running. Only the signal is sent here: the calling thread
        reaps its process and closes its pipes, so no descriptor is closed under its feet."""
        with self._cond:
            busy = list(self._busy)
            self._cancelled.update(busy)
        for worker in busy:
            with contextlib.suppress(OSError):
                worker.process.kill()
        return len(busy)

    def _checkout(self) -> _Worker:
        with self._cond:
            while not self._idle and self._count >= self.size:
                self._cond.wait()
            if self._idle:
                return self._idle.pop()
            self._count += 1
        try:
            return _Worker(self.memory_bytes)
        except BaseException:
            self._discard(None)
            raise

    def _checkin(self, worker: _Worker) -> None:
        with self._cond:
            self._idle.append(worker)
            self._cond.notify()

    def _discard(self, _worker: _Worker | None) -> None:
        with self._cond:
            self._count -= 1
            self._cond.notify()

    def close(self) -> None:
        """Stop the idle processes (busy ones stop when their caller returns them)."""
        if os.getpid() != self._pid:
            return      # inherited by a fork: the processes belong to the parent
        with self._cond:
            idle, self._idle = self._idle, []
            self._count -= len(idle)
        for worker in idle:
            worker.stop()


_shared: dict[tuple[int, int, int], ChildPool] = {}
_shared_lock = threading.Lock()


def shared_pool(limits: Limits | None = None, size: int = 0) -> ChildPool:
    """The process-wide pool (at least one process per core, or ``size``; processes made on demand).

    Shared rather than one per batch: a new reader process imports the readers and warms their
    caches, which costs more than reading a small file (benchmarks/extract_bench.py, section 4).
    """
    limits = limits or Limits.from_env()
    key = (os.getpid(), limits.child_memory_bytes, limits.child_max_tasks)
    with _shared_lock:
        pool = _shared.get(key)
        if pool is None:
            pool = _shared[key] = ChildPool(os.cpu_count() or 1, limits)
    with pool._cond:
        pool.size = max(pool.size, size)
    return pool


def run_isolated(fn: Callable[..., _T], *args: Any, name: str, deadline_s: float, limits: Limits | None = None,
                 on_timeout: Callable[[], VerifierError] | None = None) -> _T:
    """``fn(*args)`` in a process of the shared pool (see :meth:`ChildPool.call`)."""
    return shared_pool(limits).call(fn, *args, name=name, deadline_s=deadline_s, on_timeout=on_timeout)


@atexit.register
def _close_shared() -> None:
    for pool in list(_shared.values()):
        pool.close()
