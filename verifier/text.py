"""Vietnamese text normalisation: done once, at the boundary where text enters the verifier.

Everything a reader returns and everything a rule file holds goes through :func:`normalize`, so
every later regex and fuzzy match can assume NFC, one dash, one kind of space. :func:`fold` builds
a separate accent-free *matching key*; it is never shown to a person.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def normalize(text: str) -> str:
    """NFC, one dash, Đ for its look-alike, plain spaces, collapsed blanks; keeps line breaks."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00d0", "Đ").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\x00", "")
    text = _ZERO_WIDTH.sub("", text)
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", text).strip()


def one_line(text: str) -> str:
    """The normalised text with every line break turned into a space."""
    return " ".join(normalize(text).split())


class _Marks(dict[int, int | None]):
    """Code point -> None for a combining mark (category Mn), else itself; learnt as met.

    ``str.translate`` then drops the marks in C: a Python test per character cost a warm check of
    a district about a second (docs/reading.md, header-first reading).
    """

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)) == "Mn" else code
        if len(self) < _MARKS_KEPT:       # a text of countless distinct characters cannot grow it without end
            self[code] = kept
        return kept


_MARKS_KEPT = 1 << 16
_MARKS = _Marks()


def fold(text: str) -> str:
    """Accent-free, lower-case matching key: 'Kế hoạch Đăk' -> 'ke hoach dak'."""
    decomposed = unicodedata.normalize("NFD", normalize(text))
    stripped = decomposed.translate(_MARKS)
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.lower().split())
