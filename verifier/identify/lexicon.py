"""Restoring OCR-damaged accents in issuer and place names from a closed vocabulary.

Tesseract's `vie` model most often loses the stacked marks of names ("KON RẪY" read as "RẤY",
"TỈNH" as "TÍNH") and sometimes a space ("TƯPHÁP"). Issuing bodies and place names come from a
closed set, written as data: body words in rules/lexicon.yaml, the names of every province, former
province and listed unit in rules/provinces.yaml. Longer phrases are tried first, so a name is
repaired as a whole even when one of its words folds ambiguously across provinces ("ĐĂK HÀ" and
"ĐẮK LẮK" share "dak"); a single word is put back only when its accent-free form names exactly one
vocabulary word ("SỞ"/"SỐ", "HÀ"/"HẠ" are left as read). Only OCR'd text is touched.

Two OCR damages go beyond accents: a letter printed twice with different marks ("RÃẪY"), put
back when the word with the letter once is a vocabulary word, and a letter lost with its space
("KONRY" for "KON RẪY"), put back when the run is one edit from exactly one fused pair of
vocabulary words of at least six letters. Single words are never matched at one edit: a syllable
one letter from another is usually another word ("TRÌNH" is not "TỈNH").
"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from verifier.rules import yamlio
from verifier.rules.registry import PACKAGED_RULES, load_registry
from verifier.text import fold, normalize

LEXICON = PACKAGED_RULES / "lexicon.yaml"
_LONGEST = 5          # words in the longest phrase tried
_NEAR_MIN = 6         # letters a fused pair needs before a one-edit repair is tried
_DOUBLED = re.compile(r"(.)\1")


def vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(body phrases, place phrases) the repair knows, upper-case, as the data files list them.

    Places include "TỈNH <name>" for every province, so "TÍNH KON TUM" is repaired as a phrase.
    """
    data = yamlio.load(Path(LEXICON).read_text(encoding="utf-8")) or {}
    bodies = [normalize(str(b)).upper() for b in data.get("bodies", ())]
    registry = load_registry(PACKAGED_RULES)
    # the words that begin a unit's name, per level of the registry ("huyen", "thi tran", "dac khu")
    unit_words = {w for level in registry.levels for w in level.units}
    places: list[str] = []
    for p in registry.provinces:
        for name in p.names:
            places.append(f"{'THÀNH PHỐ' if p.type == 'thanh_pho' else 'TỈNH'} {normalize(name).upper()}")
    for name in registry.place_names():
        upper = normalize(name).upper()
        places.append(upper)
        words = upper.split()
        for lead in (1, 2):     # "HUYỆN KON RẪY" -> "KON RẪY"; "THỊ TRẤN ĐĂK RVE" -> "ĐĂK RVE"
            if len(words) > lead and " ".join(fold(w) for w in words[:lead]) in unit_words:
                places.append(" ".join(words[lead:]))
    return tuple(dict.fromkeys(bodies)), tuple(dict.fromkeys(places))


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Accent-free phrase -> phrase, word -> word, fused pair -> 'WORD WORD'; ambiguous folds dropped.

    At word level a body word wins over a place word that folds the same way ("TỈNH" over the
    "TĨNH" of "HÀ TĨNH"): bodies are on every header, a clashing place word is repaired as a phrase.
    """
    bodies, places = vocabulary()
    phrases: dict[str, set[str]] = {}
    pairs: dict[str, set[str]] = {}
    tiers: list[dict[str, set[str]]] = [{}, {}]
    for tier, group in enumerate((bodies, places)):
        for phrase in group:
            parts = phrase.split()
            if len(parts) > 1:
                phrases.setdefault(" ".join(fold(w) for w in parts), set()).add(phrase)
            for w in parts:
                tiers[tier].setdefault(fold(w), set()).add(w)
            for a, b in itertools.pairwise(parts):
                pairs.setdefault(fold(a) + fold(b), set()).add(f"{a} {b}")
    unique_phrases = {k: next(iter(v)) for k, v in phrases.items() if len(v) == 1}
    unique = {k: next(iter(v)) for k, v in tiers[1].items() if len(v) == 1 and k not in tiers[0]}
    unique.update({k: next(iter(v)) for k, v in tiers[0].items() if len(v) == 1})
    fused = {k: next(iter(v)) for k, v in pairs.items() if len(v) == 1 and k not in unique}
    return unique_phrases, unique, fused


def _cased(word: str, like: str) -> str:
    if like.isupper():
        return word
    if like[:1].isupper():
        return word[:1] + word[1:].lower()
    return word.lower()


def _core(token: str) -> str:
    return token.strip(".,;:-")


def _near(key: str, unique: dict[str, str], fused: dict[str, str]) -> str | None:
    """The one vocabulary word or pair ``key`` (accent-free) is an OCR slip away from, else None."""
    single = _DOUBLED.sub(r"\1", key)
    if single != key and (single in unique or single in fused):
        return unique.get(single) or fused[single]
    if len(key) < _NEAR_MIN - 1:
        return None
    near = {v for k, v in fused.items() if len(k) >= _NEAR_MIN and abs(len(k) - len(key)) <= 1
            and Levenshtein.distance(k, key, score_cutoff=1) <= 1}
    return next(iter(near)) if len(near) == 1 else None


def restore(text: str) -> str:
    """The text with vocabulary words' accents restored; unknown and ambiguous words untouched."""
    phrases, unique, fused = _tables()
    tokens = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(_LONGEST, len(tokens) - i), 1, -1):
            cores = [_core(t) for t in tokens[i:i + n]]
            key = " ".join(fold(c) for c in cores)
            if all(cores) and key in phrases:
                for token, core, word in zip(tokens[i:i + n], cores, phrases[key].split(), strict=True):
                    out.append(token.replace(core, _cased(word, core)))
                i += n
                break
        else:
            token = tokens[i]
            core = _core(token)
            key = fold(core).replace(" ", "")
            if core and key in unique:
                out.append(token.replace(core, _cased(unique[key], core)))
            elif core and key in fused:
                out.append(token.replace(core, _cased(fused[key], core)))
            elif core.isalpha() and (near := _near(key, unique, fused)) is not None:
                out.append(token.replace(core, _cased(near, core)))
            else:
                out.append(token)
            i += 1
    return " ".join(out)
