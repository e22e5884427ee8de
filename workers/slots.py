"""How many of a worker's processes may read full text at once: all but one.

A full-text step holds its process until its page is read (service/fulltext.py gives way between
pages, not within one). With every process in such a step, a round 2's files wait for a page to
end; with one process always left to the verdict queue they are taken at once (docs/service.md,
"Round 2"). The cost: on an idle worker the full text is read by one process fewer.

Slots are lock files, one per slot, taken with ``flock``: the kernel drops the lock of a process
that dies, however it dies (a hard time limit's SIGKILL included), so a slot is never lost. The
folder is made by the worker's main process before it forks its pool, which inherits its path.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO


class Slots:
    """``count`` slots in ``folder``; :meth:`take` one without waiting, or get None."""

    def __init__(self, folder: Path, count: int) -> None:
        self.folder, self.count = folder, count
        self.creator = os.getpid()

    @classmethod
    def create(cls, processes: int) -> Slots:
        """Slots for a worker of ``processes`` processes: one fewer, at least one."""
        return cls(Path(tempfile.mkdtemp(prefix="verifier-background-")), max(1, processes - 1))

    def take(self) -> IO[bytes] | None:
        """A held slot (close it to give it back), or None when every slot is held."""
        for n in range(self.count):
            fh = (self.folder / f"slot-{n}").open("ab")
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.close()
                continue
            return fh
        return None

    def remove(self) -> None:
        """Delete the folder (by the process that made it; its forked children share the object)."""
        if os.getpid() == self.creator:
            shutil.rmtree(self.folder, ignore_errors=True)
