"""Celery workers running the verification pipeline (service/jobs.py) on Redis."""
