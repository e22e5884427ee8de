"""PAR evidence verifier: read evidence files, identify documents, check them against criteria rules.

The core library knows nothing of Celery, HTTP or databases; the service wraps it.
"""

__version__ = "0.1.0"
