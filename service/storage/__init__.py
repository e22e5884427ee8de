"""Durable storage: SQLAlchemy models, sessions and migrations, content-addressed blobs."""
