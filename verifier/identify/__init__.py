"""Identifying a document: its own number, type, issuer, place, date and title, and its citations."""
