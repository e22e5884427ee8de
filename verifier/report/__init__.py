"""Rendering results for people and machines: JSON objects and terminal tables."""
