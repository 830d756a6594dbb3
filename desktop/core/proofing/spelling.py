"""Spelling with Hunspell (chunspell), our word lists and the Indonesian affix supplement.

One :class:`Speller` per language wraps one ``hunspell.Hunspell``; it is loaded lazily by the
proofer and kept. Hunspell objects are not documented as thread-safe, so calls go through a lock.
Suggestions are computed only on demand: our edit generator first (tens of milliseconds), then
Hunspell's own suggest for words it cannot fix (which can take seconds on long words).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

from desktop.core.i18n import _
from desktop.core.proofing.indonesian import IndonesianMorphology
from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.suggest import Suggester, read_hints
from desktop.core.proofing.text import words

RULE_UNKNOWN = "spelling.unknown"
MEMO_SIZE = 50_000
NOT_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")  # a letter of another script


class Speller:
    """Check words of one language against Hunspell plus accepted-word sets."""

    def __init__(
        self,
        language: str,
        folder: Path,
        stem: str,
        supplement: frozenset[str],
        accepted: Callable[[], frozenset[str]],
    ) -> None:
        """Load the Hunspell pair ``folder/stem.{aff,dic}``.

        Args:
            language: our language code ("en", "en-GB", "pt-BR", "id").
            folder: folder holding the pair.
            stem: file name without extension, e.g. ``pt_BR``.
            supplement: our shipped supplement words (lowercase).
            accepted: returns the personal/organisation/ignored words (read on each check so
                "add to dictionary" takes effect at once).
        """
        import hunspell

        self.language = language
        self.source = folder / stem
        self._lock = threading.Lock()
        self._hunspell = hunspell.Hunspell(stem, hunspell_data_dir=str(folder))
        self._supplement = supplement
        self._accepted = accepted
        self._morphology = (
            IndonesianMorphology(self._spell_raw, supplement, folder / f"{stem}.dic")
            if language == "id"
            else None
        )
        self._memo: dict[str, bool] = {}  # word -> verdict without the word lists
        self._suggester: Suggester | None = None  # built on the first suggest()

    def clear_cache(self) -> None:
        """Forget the remembered verdicts (they never go stale; this is for benchmarks)."""
        self._memo = {}

    def _spell_raw(self, word: str) -> bool:
        try:
            with self._lock:
                return bool(self._hunspell.spell(word))
        except UnicodeError:
            return False  # not writable in the dictionary's encoding, so not one of its words

    def known(self, word: str, extra: frozenset[str] = frozenset()) -> bool:
        """Return whether a word is correct (Hunspell, supplement, word lists, affix rules)."""
        if extra and (word in extra or word.lower() in extra):
            return True
        verdict = self._memo.get(word)
        if verdict is None:
            verdict = self._known_static(word)
            if len(self._memo) >= MEMO_SIZE:
                self._memo = {}
            self._memo[word] = verdict
        return verdict

    def _known_static(self, word: str) -> bool:
        """Return whether a word is correct by what never changes: dictionary and supplement."""
        if word.lower() in self._supplement:
            return True
        if self._spell_raw(word):
            return True
        if "-" in word:
            parts = [p for p in word.split("-") if p]
            if parts and all(self._spell_raw(p) or p.lower() in self._supplement for p in parts):
                return True
        if word.endswith("'s") and self._spell_raw(word[:-2]):
            return True
        return bool(self._morphology and self._morphology.known(word))

    def suggest(self, word: str) -> list[str]:
        """Return suggestions for a word, the likeliest first (see :mod:`.suggest`).

        Edits of the word that the dictionary accepts come first and fast; only a word with
        none goes to Hunspell's own suggest, which can take seconds on long words.
        """
        with self._lock:
            if self._suggester is None:
                self._suggester = Suggester(
                    read_hints(
                        self.source.parent / f"{self.source.name}.aff",
                        self.source.parent / f"{self.source.name}.dic",
                    ),
                    self._suggestible,
                    self._stems,
                    self._hunspell_suggest,
                )
            suggester = self._suggester
        return suggester.suggest(word)

    def _suggestible(self, word: str) -> bool:
        """Return whether a candidate is a word (dictionary, supplement, accepted lists)."""
        lowered = word.lower()
        if lowered in self._supplement or word in self._accepted():
            return True
        return self._spell_raw(word)

    def _stems(self, word: str) -> list[str]:
        try:
            with self._lock:
                return list(self._hunspell.stem(word))
        except UnicodeError:
            return []

    def _hunspell_suggest(self, word: str) -> list[str]:
        try:
            with self._lock:
                return list(self._hunspell.suggest(word))
        except UnicodeError:
            return []

    def check(self, item: CheckInput, skip_words: frozenset[str] = frozenset()) -> list[Issue]:
        """Return a spelling issue for each unknown word outside field values."""
        accepted = self._accepted() | skip_words if skip_words else self._accepted()
        issues: list[Issue] = []
        protected = item.protected
        for token in words(item.text):
            word = token.text.strip("'-")
            if len(word) < 2 or (protected and item.is_protected(token.start, token.end)):
                continue
            if not _latin(word):
                continue  # another script (a quoted name, Cyrillic, CJK): not this language's
            if word.isupper() and len(word) <= 6:
                continue  # acronyms: the house-style acronym rule handles them
            if any(c.isupper() for c in word[1:]) and not word.isupper():
                continue  # brand-like mixed case (iPhone, WhatsApp, eBay)
            if self.known(word, accepted):
                continue
            offset = token.start + token.text.find(word)
            issues.append(
                Issue(
                    offset=offset,
                    length=len(word),
                    category="spelling",
                    severity="error",
                    rule_id=RULE_UNKNOWN,
                    message=_("Possible spelling mistake: '{word}'.").format(word=word),
                )
            )
        return issues


def _latin(word: str) -> bool:
    """Return whether every letter of a word is Latin (ASCII, Latin-1 or Latin Extended)."""
    if word.isascii() or not NOT_LATIN.search(word):
        return True
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF for ch in word if ch.isalpha())
