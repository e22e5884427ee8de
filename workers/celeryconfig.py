"""The one reviewed Celery configuration. Every setting here was chosen on purpose; see
docs/service.md ("Workers and failure handling") for what each guards against.

Values that must agree with the API and the tests (time limits, visibility timeout, attempts) come
from service/config.py, which refuses a visibility timeout that does not outlast the hard limit.
"""

from __future__ import annotations

from service.config import load_settings

_settings = load_settings()

broker_url = _settings.broker_url or "redis://127.0.0.1:6379/0"

# JSON only. A pickle payload on an exposed Redis is remote code execution (paperless PR #12504);
# our tasks carry ids, never objects, so JSON loses nothing.
task_serializer = "json"
result_serializer = "json"
event_serializer = "json"
accept_content = ["json"]
result_accept_content = ["json"]

# Durable state lives in the database; the result backend would be a second, weaker copy.
task_ignore_result = True
result_backend = None

# Ack after the task ends, and put the message back when the worker process dies mid-task, so a
# crash loses nothing. Brokers do not count redeliveries, so on its own this would retry forever a
# file that kills its worker every time: service/jobs.extract_job keeps the attempt count in the
# database and quarantines the file after VERIFIER_MAX_ATTEMPTS deaths.
task_acks_late = True
task_reject_on_worker_lost = True

# One message at a time per process: a long OCR task must not sit on prefetched messages another
# idle process could run.
worker_prefetch_multiplier = 1

# Soft limit: SoftTimeLimitExceeded inside the task, time to clean up. Hard limit: the process is
# killed. Redis re-delivers an unacked message after the visibility timeout, which must therefore
# outlast the hard limit, or a slow task would run twice.
task_soft_time_limit = _settings.task_soft_limit_s
task_time_limit = _settings.task_hard_limit_s
broker_transport_options = {
    "visibility_timeout": _settings.visibility_timeout_s,
    # Sweep for abandoned messages (a SIGKILLed worker) on a period tied to the timeout, and scan on
    # every sweep, instead of kombu's default of every tenth sweep.
    "unacked_restore_interval": max(1, min(10, _settings.visibility_timeout_s // 4)),
    "unacked_restore_throttle": 1,
    # A free process takes the verdict queue's messages before the background queue's (the order of
    # -Q verifier,background), not round-robin: a round 2 must not queue behind full-text steps.
    "queue_order_strategy": "priority",
    # Without a bound, publishing to a dead broker loops forever (celery/celery#4296).
    "max_retries": 3,
    "socket_timeout": 30,
    "socket_connect_timeout": 10,
}
task_publish_retry_policy = {"max_retries": 3, "interval_start": 0.5, "interval_step": 1, "interval_max": 3}

# Readers leak (fragmented heaps after big scans): recycle each process after a bounded number of tasks.
worker_max_tasks_per_child = _settings.max_tasks_per_child

# The worker keeps reconnecting while Redis restarts. A task running during the outage finishes
# and writes its result to the database; its ack may be lost, so the message comes back after the
# visibility timeout and the task finds its job done (service/jobs.py is idempotent). Cancelling
# running tasks on connection loss would instead burn one of the file's quarantine attempts.
broker_connection_retry = True
broker_connection_retry_on_startup = True
broker_connection_max_retries = None
worker_cancel_long_running_tasks_on_connection_loss = False

# Lanes: "verifier" carries the wake-ups of the verification pipeline; "background" carries low-priority
# work (full-text completion, workers/fulltext.py). `verifier worker` consumes both, "verifier" listed first.
task_default_queue = "verifier"
BACKGROUND_QUEUE = "background"
task_track_started = False
worker_send_task_events = False
broker_channel_error_retry = True
