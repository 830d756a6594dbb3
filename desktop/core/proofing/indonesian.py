"""Affix-aware acceptance of Indonesian derived words that the Hunspell list lacks.

hunspell-id knows roots and many derived forms but misses common standard ones ("lengkapi",
"ketidakpuasan", "ketidaksesuaian"). A word is accepted when stripping standard affixes in the
order Indonesian builds them (particles, possessives, suffixes, confixes, prefixes, including
the meN-/peN- nasal assimilation that drops k/p/t/s) leaves a known root. The supplement list
(``resources/dictionaries/id_supplement.txt``) adds words that are neither (e.g. "surel").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

PARTICLES = ("lah", "kah", "pun", "tah")
POSSESSIVES = ("nya", "ku", "mu")
SUFFIXES = ("kan", "an", "i")
SIMPLE_PREFIXES = ("di", "ke", "se", "ter", "te", "ber", "be", "bel", "per", "pe")
MIN_ROOT = 3
MAX_DEPTH = 3


def _nasal_roots(rest: str, with_nasal: str) -> Iterator[str]:
    """Yield possible roots after a meN-/peN- prefix (``rest`` follows "me"/"pe")."""
    if with_nasal == "":
        if rest[:1] in set("lmnrwy") or rest.startswith(("ny", "ng")):
            yield rest  # me+lihat, me+minta, me+rasa, me+nyanyi
    elif with_nasal == "m":
        if rest[:1] in set("bfv"):
            yield rest  # mem+baca
        if rest[:1] in set("aeiou"):
            yield "p" + rest  # mem+akai -> pakai
    elif with_nasal == "n":
        if rest[:1] in set("cdjz"):
            yield rest  # men+cari, men+dapat
        if rest[:1] in set("aeiou"):
            yield "t" + rest  # men+ulis -> tulis
    elif with_nasal == "ng":
        if rest[:1] in set("ghaeiou") or rest.startswith("kh"):
            yield rest  # meng+ganti, meng+ambil
        if rest[:1] in set("aeiou"):
            yield "k" + rest  # meng+irim -> kirim
    elif with_nasal == "ny":
        if rest[:1] in set("aeiou"):
            yield "s" + rest  # meny+elesai -> selesai
    elif with_nasal == "nge":
        yield rest  # menge+cek, penge+cat (one-syllable roots)


def _strip_prefixes(word: str) -> Iterator[str]:
    for prefix in ("ketidak", "memper", "diper", "keber", "keter"):
        if word.startswith(prefix):
            yield word[len(prefix) :]
    for head in ("me", "pe"):
        if word.startswith(head):
            after = word[2:]
            for nasal in ("nge", "ng", "ny", "m", "n", ""):
                if after.startswith(nasal):
                    yield from _nasal_roots(after[len(nasal) :], nasal)
    for prefix in SIMPLE_PREFIXES:
        if word.startswith(prefix):
            yield word[len(prefix) :]


def _strip_suffixes(word: str) -> Iterator[str]:
    for group in (PARTICLES, POSSESSIVES, SUFFIXES):
        for suffix in group:
            if word.endswith(suffix):
                yield word[: -len(suffix)]


def candidates(word: str, depth: int = 0) -> Iterator[str]:
    """Yield the roots that ``word`` may be built from (not including ``word`` itself)."""
    if depth >= MAX_DEPTH:
        return
    for stem in (*_strip_suffixes(word), *_strip_prefixes(word)):
        if len(stem) >= MIN_ROOT:
            yield stem
            yield from candidates(stem, depth + 1)


class IndonesianMorphology:
    """Accept Indonesian words whose root is known to Hunspell or to our supplement."""

    def __init__(self, is_root: Callable[[str], bool], supplement: frozenset[str]) -> None:
        """Take the root test (usually Hunspell's ``spell``) and our supplement list."""
        self._is_root = is_root
        self._supplement = supplement
        self._memo: dict[str, bool] = {}

    def known(self, word: str) -> bool:
        """Return whether ``word`` is a standard form by our supplement or affix rules."""
        lowered = word.lower()
        if lowered in self._supplement:
            return True
        if lowered in self._memo:
            return self._memo[lowered]
        result = False
        if "-" in lowered:
            parts = [p for p in lowered.split("-") if p]
            result = bool(parts) and all(self._part_known(p) for p in parts)
        else:
            result = any(
                stem in self._supplement or self._is_root(stem) for stem in candidates(lowered)
            )
        if len(self._memo) < 50_000:
            self._memo[lowered] = result
        return result

    def _part_known(self, part: str) -> bool:
        if part in self._supplement or self._is_root(part):
            return True
        return any(s in self._supplement or self._is_root(s) for s in candidates(part))
