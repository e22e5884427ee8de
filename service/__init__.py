"""The verification service: storage, audit log, auth, HTTP API and the in-process runner."""
