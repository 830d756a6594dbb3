"""Spelling with Hunspell (chunspell), our word lists and the Indonesian affix supplement.

One :class:`Speller` per language wraps one ``hunspell.Hunspell``; it is loaded lazily by the
proofer and kept. Hunspell objects are not documented as thread-safe, so calls go through a lock.
Suggestions are computed only on demand: our edit generator first (tens of milliseconds), then
Hunspell's own suggest for words it cannot fix (which can take seconds on long words).

Besides the dictionary, a word is correct when it is one of the words of place and country
names (``places.txt``) or, with the dot the list asks for, one of the language's abbreviations
(``abbreviations-<language>.txt``). An unknown capitalised word inside a sentence is most likely
a name. Letters are full of people's names, so such a word is accepted silently unless it looks
like a misspelling of a dictionary word: it has at least :data:`NEAR_MIN_LENGTH` letters and its
lowercase form is one edit (a letter inserted, deleted, replaced, or two neighbours swapped) from
a stem of the dictionary's ``.dic`` file. Then it gets a hint (``spelling.probable_name``), not an
error. The stems are read once into a 2 MB bit filter on first need, so the check is a few
hundred hash look-ups per word (memoized per word), with a Hunspell call (about 50 µs) only to
confirm a hit. The trade-off: a
misspelt capitalised word inside a sentence that is not one edit from a stem (two mistakes, or a
misspelt inflected form) passes unflagged. At the start of a sentence the capital says nothing,
so an unknown word there stays an error.

Plain English with no variant chosen has two dictionaries, US and British: a word either knows
is correct, and :meth:`Speller.variant_words` tells the words only one of them spells that way
(the proofer hints when a letter mixes both).
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop.core.i18n import _
from desktop.core.proofing.dictionaries import Abbreviations
from desktop.core.proofing.indonesian import IndonesianMorphology
from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.suggest import Suggester, read_hints
from desktop.core.proofing.text import sentences, words

RULE_UNKNOWN = "spelling.unknown"
RULE_PROBABLE_NAME = "spelling.probable_name"
MEMO_SIZE = 50_000
NEAR_MIN_LENGTH_SENTENCE_START = 4  # a misspelt first word ("Plese") still blocks
NEAR_MIN_LENGTH = 6  # shorter unknown capitalised words are names (Lim, Priya, Andi)
ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyz"
STEM_LINE = re.compile(
    rf"^([^/\t\n]{{{NEAR_MIN_LENGTH_SENTENCE_START - 1},}}?)[ \t]*(?:[/\t]|$)", re.MULTILINE
)
FILTER_BITS = 1 << 24  # the stem filter's size: 2 MB, about 0.1 % false hits for 300 000 stems
NOT_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")  # a letter of another script
FIRST_LETTER = re.compile(r"[^\W\d_]")
# How British spellings become US ones (colour/color, apologise/apologize, centre/center,
# analyse/analyze, catalogue/catalog, licence/license, travelled/traveled, programme/program,
# judgement/judgment, ageing/aging, paediatric/pediatric, cheque/check); reversed for US words.
BRITISH_TO_US: tuple[tuple[str, str], ...] = (
    ("our", "or"), ("is", "iz"), ("ys", "yz"), ("re", "er"), ("ogue", "og"), ("ce", "se"),
    ("se", "ce"), ("ll", "l"), ("mme", "m"), ("gement", "gment"), ("eing", "ing"), ("ae", "e"),
    ("oe", "e"), ("que", "ck"),
)  # fmt: skip
US_TO_BRITISH = tuple((us, british) for british, us in BRITISH_TO_US)


class Speller:
    """Check words of one language against Hunspell plus accepted-word sets."""

    def __init__(
        self,
        language: str,
        folder: Path,
        stem: str,
        supplement: frozenset[str],
        accepted: Callable[[], frozenset[str]],
        *,
        alternate: tuple[Path, str] | None = None,
        names: frozenset[str] = frozenset(),
        abbreviations: Abbreviations | None = None,
    ) -> None:
        """Load the Hunspell pair ``folder/stem.{aff,dic}`` (and the alternate pair, if any).

        Args:
            language: our language code ("en", "en-GB", "pt-BR", "id").
            folder: folder holding the pair.
            stem: file name without extension, e.g. ``pt_BR``.
            supplement: our shipped supplement words (lowercase).
            accepted: returns the personal/organisation/ignored words (read on each check so
                "add to dictionary" takes effect at once).
            alternate: (folder, stem) of a second dictionary whose words are correct too: en_GB
                beside en_US for English with no variant chosen. :meth:`variant` then tells
                the words only one of them knows (the first is taken as US, this as British).
            names: words of proper names accepted as written or in capitals (places).
            abbreviations: the language's abbreviations (see :class:`.Abbreviations`).
        """
        import hunspell

        self.language = language
        self.source = folder / stem
        self._lock = threading.Lock()
        self._hunspell = hunspell.Hunspell(stem, hunspell_data_dir=str(folder))
        self._alternate = (
            hunspell.Hunspell(alternate[1], hunspell_data_dir=str(alternate[0]))
            if alternate is not None
            else None
        )
        self._names = names
        self._abbreviations = abbreviations or Abbreviations()
        self._variants: dict[str, str] = {}  # word -> "US", "British" or ""
        self._paragraph_variants: dict[str, tuple[tuple[int, str, str], ...]] = {}
        self._supplement = supplement
        self._accepted = accepted
        self._morphology = (
            IndonesianMorphology(self._spell_raw, supplement, folder / f"{stem}.dic")
            if language == "id"
            else None
        )
        self._memo: dict[str, bool] = {}  # word -> verdict without the word lists
        self._suggester: Suggester | None = None  # built on the first suggest()
        self._stem_bits: bytearray | None = None  # filter of the .dic stems, on first need
        self._near: dict[str, bool] = {}  # word -> one edit from a stem

    def clear_cache(self) -> None:
        """Forget the remembered verdicts (they never go stale; this is for benchmarks)."""
        self._memo = {}
        self._variants = {}
        self._paragraph_variants = {}

    @property
    def has_variants(self) -> bool:
        """Return whether this speller holds two spellings of the language (US and British)."""
        return self._alternate is not None

    def _spell_raw(self, word: str) -> bool:
        try:
            with self._lock:
                if self._hunspell.spell(word):
                    return True
                return bool(self._alternate is not None and self._alternate.spell(word))
        except UnicodeError:
            return False  # not writable in the dictionary's encoding, so not one of its words

    def _spell_in(self, which: int, word: str) -> bool:
        """Spell with the first (0) or the alternate (1) dictionary only."""
        dictionary = self._hunspell if which == 0 else self._alternate
        if dictionary is None:
            return False
        try:
            with self._lock:
                return bool(dictionary.spell(word))
        except UnicodeError:
            return False

    def _is_name(self, word: str) -> bool:
        """Return whether a word is a word of a place or country name (as written or capitals)."""
        if word in self._names:
            return True
        return len(word) > 1 and word.isupper() and word[0] + word[1:].lower() in self._names

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
        if self._spell_raw(word) or self._is_name(word):
            return True
        if "-" in word:
            parts = [p for p in word.split("-") if p]
            if parts and all(
                self._spell_raw(p) or p.lower() in self._supplement or self._is_name(p)
                for p in parts
            ):
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

    def _stem_filter(self) -> bytearray:
        """Return a bit filter of the lowercase ``.dic`` stems, built once (empty if unreadable).

        Two bits per stem in a fixed 2 MB table (a Bloom filter): a look-up is one hash, and a
        hit is confirmed with Hunspell, so a false hit costs one spell call, never a wrong hint.
        A set of the stems would take tens of megabytes for pt-BR's 300 000.
        """
        if self._stem_bits is None:
            bits = bytearray(FILTER_BITS // 8)
            path = self.source.parent / f"{self.source.name}.dic"
            try:
                raw = path.read_bytes()
                aff = path.with_suffix(".aff").read_bytes()
            except OSError:
                raw = aff = b""
            text = raw.decode(_aff_encoding(aff), errors="replace").lower() if raw else ""
            del raw
            mask = FILTER_BITS - 1
            for stem in STEM_LINE.findall(text):
                value = hash(stem) & 0xFFFFFFFFFFFF
                low, high = value & mask, (value >> 24) & mask
                bits[low >> 3] |= 1 << (low & 7)
                bits[high >> 3] |= 1 << (high & 7)
            self._stem_bits = bits
        return self._stem_bits

    def near_stem(self, word: str, min_length: int = 0) -> bool:
        """Return whether a word looks like a misspelling of a dictionary word.

        True when it has at least :data:`NEAR_MIN_LENGTH` letters and its lowercase form is one
        edit (insertion, deletion, substitution, transposition) from a stem of the dictionary
        that Hunspell accepts in lower case. Memoized per word.
        """
        if len(word) < (min_length or NEAR_MIN_LENGTH):
            return False
        verdict = self._near.get(word)
        if verdict is None:
            lowered = word.lower()
            bits = self._stem_filter()
            letters = ASCII_LETTERS + "".join(sorted({c for c in lowered if not c.isascii()}))
            verdict = any(
                all(bits[b >> 3] & (1 << (b & 7)) for b in _filter_bits(c)) and self._spell_raw(c)
                for c in one_edit(lowered, letters)
            )
            if len(self._near) >= MEMO_SIZE:
                self._near = {}
            self._near[word] = verdict
        return verdict

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

    def variant(self, word: str) -> str:
        """Return "US" or "British" for a spelling only that variant uses, else "".

        Only with an alternate dictionary. A word is a variant spelling when one dictionary
        knows it, the other does not, and the other knows its counterpart (colour/color,
        apologise/apologize, centre/center): a word one list simply lacks is not a variant.
        """
        if self._alternate is None:
            return ""
        found = self._variants.get(word)
        if found is None:
            found = self._classify(word)
            if len(self._variants) >= MEMO_SIZE:
                self._variants = {}
            self._variants[word] = found
        return found

    def _classify(self, word: str) -> str:
        if not (word.islower() or (word[:1].isupper() and word[1:].islower())):
            return ""  # names, acronyms and brands are not variant spellings
        lowered = word.lower()
        us, british = self._spell_in(0, lowered), self._spell_in(1, lowered)
        if us == british:
            return ""
        if british:
            return "British" if self._counterpart(lowered, BRITISH_TO_US, 0) else ""
        return "US" if self._counterpart(lowered, US_TO_BRITISH, 1) else ""

    def _counterpart(self, word: str, pairs: tuple[tuple[str, str], ...], which: int) -> bool:
        """Return whether dictionary ``which`` knows ``word`` with one of the swaps applied."""
        for old, new in pairs:
            index = word.find(old)
            while index >= 0:
                if self._spell_in(which, word[:index] + new + word[index + len(old) :]):
                    return True
                index = word.find(old, index + 1)
            if word.count(old) > 1 and self._spell_in(which, word.replace(old, new)):
                return True
        return False

    def variant_words(self, item: CheckInput) -> tuple[tuple[int, str, str], ...]:
        """Return (offset, word, "US"/"British") for the variant spellings outside field values.

        Empty without an alternate dictionary. Remembered per paragraph text when nothing in
        it is protected (most paragraphs), like the proofer's paragraph cache.
        """
        if self._alternate is None:
            return ()
        if not item.protected:
            cached = self._paragraph_variants.get(item.text)
            if cached is not None:
                return cached
        found: list[tuple[int, str, str]] = []
        for token in words(item.text):
            word = token.text.strip("'-")
            if len(word) < 4 or (item.protected and item.is_protected(token.start, token.end)):
                continue
            label = self.variant(word)
            if label:
                found.append((token.start + token.text.find(word), word, label))
        result = tuple(found)
        if not item.protected:
            if len(self._paragraph_variants) >= 512:
                self._paragraph_variants = {}
            self._paragraph_variants[item.text] = result
        return result

    def check(self, item: CheckInput, skip_words: frozenset[str] = frozenset()) -> list[Issue]:
        """Return a spelling issue for each unknown word outside field values.

        An unknown word that is capitalised (or in capitals) and not the first word of its
        sentence is probably a name: it gets a hint (``spelling.probable_name``), which never
        blocks. Every other unknown word gets an error (``spelling.unknown``).
        """
        accepted = self._accepted() | skip_words if skip_words else self._accepted()
        issues: list[Issue] = []
        protected = item.protected
        starts: frozenset[int] | None = None  # sentences' first letters, found when needed
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
            offset = token.start + token.text.find(word)
            if self.known(word, accepted):
                continue
            if self._abbreviations.accepts(
                word, item.text[offset + len(word) : offset + len(word) + 1] == "."
            ):
                continue
            if word[0].isupper():
                if starts is None:
                    starts = sentence_starts(item.text)
                if offset not in starts:
                    if self.near_stem(word):
                        issues.append(_probable_name(offset, word))
                    continue  # otherwise a name, accepted silently
                if not self.near_stem(word, NEAR_MIN_LENGTH_SENTENCE_START):
                    # the first word of a sentence, unknown, and not one edit from a word of
                    # the dictionary ("Priya will call"): a name, so a hint, never a block
                    issues.append(_probable_name(offset, word))
                    continue
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


def _aff_encoding(aff: bytes) -> str:
    """Return the Python codec of a dictionary from its ``.aff`` SET line (ISO8859-1 if none)."""
    match = re.search(rb"^\s*SET\s+(\S+)", aff.lstrip(b"\xef\xbb\xbf"), re.MULTILINE)
    name = match.group(1).decode("ascii", "replace") if match else "ISO8859-1"
    try:
        return codecs.lookup("utf-8" if name.upper() in ("UTF-8", "UTF8") else name).name
    except LookupError:
        return "utf-8"


def _filter_bits(word: str) -> tuple[int, int]:
    """Return the two filter positions of a word (from one hash; stable within a process)."""
    value = hash(word) & 0xFFFFFFFFFFFF
    return value & (FILTER_BITS - 1), (value >> 24) & (FILTER_BITS - 1)


def one_edit(word: str, letters: str) -> Iterator[str]:
    """Yield the strings one edit from a word: deletions, swaps, substitutions, insertions."""
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]
        if i + 1 < len(word):
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    for i in range(len(word) + 1):
        for letter in letters:
            if i < len(word) and letter != word[i]:
                yield word[:i] + letter + word[i + 1 :]
            yield word[:i] + letter + word[i:]


def _probable_name(offset: int, word: str) -> Issue:
    return Issue(
        offset=offset,
        length=len(word),
        category="spelling",
        severity="hint",
        rule_id=RULE_PROBABLE_NAME,
        message=probable_name_message(word),
    )


def probable_name_message(word: str) -> str:
    """Return the message of a probable-name hint."""
    return _("'{word}' is not in the dictionary; it looks like a name: check its spelling.").format(
        word=word
    )


def names_inside_sentences(text: str) -> frozenset[str]:
    """Return the capitalised words that stand inside a sentence (not first) of a text."""
    starts = sentence_starts(text)
    return frozenset(
        token.text
        for token in words(text)
        if token.text[:1].isupper() and token.start not in starts
    )


def sentence_starts(text: str) -> frozenset[int]:
    """Return the offsets of the first letter of each sentence of a text."""
    found = set()
    for start, end in sentences(text):
        match = FIRST_LETTER.search(text, start, end)
        if match is not None:
            found.add(match.start())
    return frozenset(found)


def _latin(word: str) -> bool:
    """Return whether every letter of a word is Latin (ASCII, Latin-1 or Latin Extended)."""
    if word.isascii() or not NOT_LATIN.search(word):
        return True
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF for ch in word if ch.isalpha())
