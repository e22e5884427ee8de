"""The append-only, hash-chained audit log: append, verify, query, export."""
