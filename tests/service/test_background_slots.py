"""Full-text slots (workers/slots.py): all of a worker's processes but one may hold one, and a slot
whose holder dies is free again, however it died."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from workers.slots import Slots

HOLD = """
import sys, time
from pathlib import Path
from workers.slots import Slots
held = Slots(Path(sys.argv[1]), int(sys.argv[2])).take()
print("held" if held else "none", flush=True)
time.sleep(600)
"""
ROOT = Path(__file__).resolve().parents[2]


def _holder(slots: Slots) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(slots.folder), str(slots.count)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_one_process_of_two_may_read_full_text_and_a_killed_holder_frees_its_slot() -> None:
    slots = Slots.create(2)
    try:
        assert slots.count == 1
        holder = _holder(slots)
        assert slots.take() is None                  # the other process is left to the verdict queue
        holder.send_signal(signal.SIGKILL)           # a hard time limit: no cleanup runs
        holder.wait(timeout=10)
        held = slots.take()
        assert held is not None
        assert slots.take() is None
        held.close()
        assert slots.take() is not None
    finally:
        slots.remove()
    assert not slots.folder.exists()


def test_a_single_process_worker_still_reads_full_text() -> None:
    slots = Slots.create(1)
    try:
        assert slots.count == 1 and slots.take() is not None
    finally:
        slots.remove()


def test_three_processes_leave_one_free() -> None:
    slots = Slots.create(3)
    try:
        first, second = slots.take(), slots.take()
        assert first is not None and second is not None and slots.take() is None
    finally:
        slots.remove()
