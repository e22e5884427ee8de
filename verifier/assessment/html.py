"""Turning one cell of the scoring software's export into plain, normalised text.

The provincial software stores the rich-text editor's HTML in the explanation and opinion cells
(``<p>Giải trình:</p> <ul style="list-style-type: none"> - ...``) and sometimes wraps a whole row in
``<p>``. A person reads these cells, and the claims extractor runs regexes over them, so block tags
become line breaks, list items become "- " lines, and the editor's doubled bullets ("Giải trình: - - ")
are collapsed.
"""

from __future__ import annotations

import html
import re

from verifier.text import normalize

# A tag's body stops at the next "<" as well as at ">": with "[^>]*", every unclosed "<p " scanned
# to the end of the cell, quadratic in the cell (fuzz finding F06).
_LIST_ITEM = re.compile(r"<li\b[^<>]*>", re.I)
_BLOCK = re.compile(r"</?(?:p|div|ul|ol|li|br|tr|table|h[1-6])\b[^<>]*/?>", re.I)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# "Giải trình: - - Kế hoạch" and "- - 100%": the editor's empty bullet followed by the real one.
_DOUBLE_BULLET = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=:))(?:-\s+)+-\s+", re.M)
_BULLET_ALONE = re.compile(r"^-\s*$", re.M)


def clean_cell(raw: str) -> str:
    """Plain normalised text of one cell: tags removed, blocks on their own lines, bullets tidied."""
    if not raw:
        return ""
    text = raw
    if "<" in text:
        text = _LIST_ITEM.sub("\n- ", text)
        text = _BLOCK.sub("\n", text)
        text = _ANY_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = normalize(text)
    text = _DOUBLE_BULLET.sub("- ", text)
    text = _BULLET_ALONE.sub("", text)
    return normalize(text)
