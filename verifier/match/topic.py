"""Does a text speak of a topic? Phrases matched on accent-folded text, exactly or with rapidfuzz.

Both sides are folded (verifier.text.fold) so "Cải cách hành chính", "CẢI CÁCH HÀNH CHÍNH" and an
OCR'd "cai cách hành chính" meet. A phrase counts when it occurs as whole words; failing that,
when the rule's rapidfuzz scorer reaches the rule's threshold. Exclusions (``none``) are
whole-word only: a fuzzy scorer sees "quy i" inside "quy iii" and would exclude everything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from verifier.rules.model import Topic

_YEAR = re.compile(r"\{y([+-]\d)?\}")
_SCORERS: dict[str, Callable[..., float]] = {
    "ratio": fuzz.ratio,
    "partial_ratio": fuzz.partial_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "partial_token_set_ratio": fuzz.partial_token_set_ratio,
    "WRatio": fuzz.WRatio,
}
MAX_TEXT = 4000   # characters of folded text a fuzzy scorer looks at (keeps evaluate() fast)


@dataclass(frozen=True)
class TopicMatch:
    ok: bool
    missing: tuple[str, ...] = ()      # phrases of ``all``/``any`` that did not match
    excluded: tuple[str, ...] = ()     # phrases of ``none`` that did


def with_year(phrase: str, year: int) -> str:
    """'{y}' -> '2023', '{y-1}' -> '2022' (phrases are folded, hence lower-case)."""
    return _YEAR.sub(lambda m: str(year + int(m.group(1) or 0)), phrase)


@lru_cache(maxsize=4096)
def _word_rx(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def has_words(phrase: str, folded: str) -> bool:
    return bool(_word_rx(phrase).search(folded))


def phrase_matches(phrase: str, folded: str, scorer: str = "partial_ratio", threshold: float = 85.0) -> bool:
    """Whole words, or a fuzzy score at or above ``threshold``; ``folded`` is already folded."""
    if not phrase:
        return True
    if has_words(phrase, folded):
        return True
    score = _SCORERS[scorer](phrase, folded[:MAX_TEXT], score_cutoff=threshold)
    return bool(score and score >= threshold)


def match_topic(topic: Topic, folded: str, year: int) -> TopicMatch:
    """Check one topic against folded text, with ``{Y}`` placeholders resolved for ``year``."""
    def ok(p: str) -> bool:
        return phrase_matches(with_year(p, year), folded, topic.scorer, topic.threshold)

    missing = [p for p in topic.all if not ok(p)]
    if topic.any and not any(ok(p) for p in topic.any):
        missing.append(" | ".join(topic.any))
    excluded = tuple(p for p in topic.none if has_words(with_year(p, year), folded))
    return TopicMatch(not missing and not excluded, tuple(missing), excluded)
