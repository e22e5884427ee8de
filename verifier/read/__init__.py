"""Reading evidence files into per-page normalised text (OCR for scans)."""
