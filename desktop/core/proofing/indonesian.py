"""Indonesian morphology: which derived words are standard, and what a wrong one should be.

hunspell-id (Debian's ``id_ID``) misses many correct derived forms ("dikonfirmasi",
"ketidaksesuaian", "lengkapi") and accepts some wrong ones ("mempengaruhi"). This module
analyses a word into (prefix, root, suffix) by the rules of standard Indonesian (KBBI/PUEBI)
and accepts it only when the root is known **and** takes that affix:

* roots: PySastrawi's ``kata-dasar.txt`` (MIT, ~30,000 KBBI roots, read lazily once) plus the
  lower-case entries of hunspell-id's ``.dic`` and our supplement list;
* what a root combines with: hunspell-id's affix flags on the root (``kirim/B0…D0…M0…`` says
  *kirim* takes ber-, di-, meN-) — a root without a bare di-/meN- flag is not a verb root, so
  "dikantor" or "dirumah" do not pass, while "dirumahkan" does (-kan/-i derive verbs from any
  root);
* sound changes: meN-/peN- assimilate and drop k/p/t/s (mengirim, memakai, menulis, menyurat;
  not before clusters: memproses, mengkritik), menge-/penge- before one-syllable roots (mengecek);
  ber- is be- before r and "Cer" syllables (berenang, bekerja) and bel- before *ajar*; ter-/per-
  drop their r before r (terasa, perumahan); per- + ajar is pelajar.

Every analysis is checked by building the surface form back from the root (:func:`build`), so
the analyser and the generator cannot disagree; the same generator makes the suggestion for a
wrongly assimilated form ("mengkonfirmasi" -> "mengonfirmasi").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from desktop.core.paths import resource

PARTICLES = ("lah", "kah", "pun", "tah")
POSSESSIVES = ("nya", "ku", "mu")
SUFFIXES = ("kan", "an", "i")
VOWELS = frozenset("aeiou")
MIN_ROOT = 2
NASAL_START = re.compile(r"^[mp]e(?:ng|ny|m|n)")
# meN-/peN- written with the root's k/p/t/s kept before a vowel (KBBI drops it: mengonfirmasi)
UNELIDED = re.compile(r"^(?:meng|peng)k[aeiou]|^(?:mem|pem)p[aeiou]|^(?:men|pen)[ts][aeiou]")
MEMO_SIZE = 50_000

NUMERALS = frozenset(
    ("satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
     "sebelas", "seratus", "seribu", "sejuta", "semiliar")
)  # fmt: skip

# hunspell-id affix flags (see the comments in id_ID.aff): which bare prefixes a root takes.
FLAGS_DI = frozenset({"D0", "D1", "O0", "O1"})  # di-, ku-/kau-: transitive verb roots
FLAGS_MEN = frozenset({"M0", "M1", "MM", "M5", "MG", "M3", "MS", "M7"})  # me-, mem-, menge-…
FLAGS_TER = frozenset({"T0", "T1", "TE", "T3"})
FLAGS_PEN = frozenset({"P0", "P1", "PG", "P4", "PK", "P5", "PM", "P6", "PN", "P7", "PS", "P9"})
FLAGS_PE = frozenset({"PE", "P3", "Pf"})
FLAGS_PER = frozenset({"R0", "R1", "MR", "M6", "DR", "D3", "Mt", "Mu", "Du", "Dt"})
FLAGS_KE = frozenset({"K0", "K1"})
VERB_FLAGS = frozenset({"D0", "M0"})  # what id-verb-roots.txt gives its roots
# Roots whose k/p is kept after meN-/peN- in KBBI (mempunyai; mengkaji beside mengaji).
KEPT_INITIAL = frozenset({"punya", "kaji"})


class Analysis(NamedTuple):
    """One decomposition of a word: prefix (``meN``, ``di``, ``ke``, ``ke+ber``…), root, suffix.

    The suffix includes particles and possessives after a ``+`` (``kan+nya``); "" is none.
    """

    prefix: str
    root: str
    suffix: str


class Lexicon(NamedTuple):
    """Roots and what they combine with, built once per dictionary file."""

    roots: frozenset[str]
    flags: dict[str, frozenset[str]]


def syllables(root: str) -> int:
    """Return the number of vowels of a root: its syllables (ta-ut, ba-ik count two)."""
    return sum(1 for ch in root if ch in VOWELS)


def _cluster(root: str) -> bool:
    """Return whether a root starts with two consonants (proses, kritik, transfer, sponsor)."""
    return len(root) > 1 and root[0] not in VOWELS and root[1] not in VOWELS and root[1] != "y"


def nasal(head: str, root: str) -> str:
    """Return meN-/peN- (``head`` "me" or "pe") joined to ``root`` with the standard sound change."""
    first = root[:1]
    if syllables(root) == 1:
        return head + "nge" + root  # mengecek, pengecatan
    if first in "lmnrwy" or root.startswith(("ny", "ng")):
        return head + root
    if first in "bfv":
        return head + "m" + root
    if first == "p":
        keep = _cluster(root) or root in KEPT_INITIAL
        return head + "m" + (root if keep else root[1:])
    if first in "cdjz" or root.startswith("sy"):
        return head + "n" + root
    if first == "t":
        return head + "n" + (root if _cluster(root) else root[1:])
    if first == "s":
        return head + ("n" + root if _cluster(root) else "ny" + root[1:])
    if first == "k" and not (_cluster(root) or root in KEPT_INITIAL):
        return head + "ng" + root[1:]
    return head + "ng" + root  # vowels, g, h, kh, kr, kl, q, x


def _er_syllable(root: str) -> bool:
    """Return whether a root starts with r or with a closed syllable in -er (kerja, ternak)."""
    return root[:1] == "r" or (
        root[:1] not in VOWELS and root[1:3] == "er" and root[3:4] not in VOWELS
    )


def _ber(root: str) -> str:
    if root == "ajar":
        return "belajar"
    return ("be" if _er_syllable(root) else "ber") + root  # berenang, bekerja, bepergian


def _per(root: str) -> str:
    if root == "ajar":
        return "pelajar"
    return ("pe" if _er_syllable(root) else "per") + root  # perumahan, peternakan


def _ter(root: str) -> str:
    if root[:1] == "r" or (root.startswith("per") and root[3:4] not in VOWELS):
        return "te" + root  # terasa, tepercaya
    return "ter" + root


BUILDERS: dict[str, Callable[[str], str]] = {
    "": lambda r: r,
    "meN": lambda r: nasal("me", r),
    "peN": lambda r: nasal("pe", r),
    "di": lambda r: "di" + r,
    "ke": lambda r: "ke" + r,
    "se": lambda r: "se" + r,
    "ku": lambda r: "ku" + r,
    "kau": lambda r: "kau" + r,
    "pe": lambda r: "pe" + r,
    "ber": _ber,
    "ter": _ter,
    "per": _per,
    "memper": lambda r: "mem" + _per(r),
    "diper": lambda r: "di" + _per(r),
    "tidak": lambda r: "tidak" + r,
}
PREFIXES = ("meN", "peN", "di", "ter", "ke", "se", "ber", "per", "pe", "memper", "diper", "ku",
            "kau", "tidak")  # fmt: skip
# Prefixes of an inner stem that an outer affix may wrap (ke+ber+hasil+an, meN+ber+daya+kan).
INNER = {
    "ke": ("ber", "ter", "tidak", "peN", "pe", "per", "se"),
    "ber": ("peN", "ke", "per", "pe"),
    "meN": ("ber",),
    "di": ("ber",),
    "peN": ("ber",),
    "se": ("peN",),
}


def build(prefix: str, root: str, suffix: str = "") -> str:
    """Return the surface form of prefix(es) + root + suffix(es), e.g. ("meN", "kirim", "kan").

    Compound prefixes are written outermost first with ``+`` ("ke+ber"); so are suffixes
    ("kan+nya").
    """
    stem = root
    for part in reversed([p for p in prefix.split("+") if p]):
        stem = BUILDERS[part](stem)
    return stem + suffix.replace("+", "")


def _builds(prefix: str, root: str, stem: str) -> bool:
    """Return whether prefix + root is written ``stem`` (ber- keeps its r in bercermin too)."""
    if build(prefix, root) == stem:
        return True
    return prefix == "ber" and root[:1] != "r" and stem == "ber" + root and _er_syllable(root)


def _strip_clitics(word: str) -> Iterator[tuple[str, str]]:
    """Yield (base, clitics) for each way to strip particle and possessive (none too)."""
    yield word, ""
    for particle in ("", *PARTICLES):
        rest = word[: -len(particle)] if particle and word.endswith(particle) else word
        if particle and rest == word:
            continue
        for possessive in ("", *POSSESSIVES):
            if not particle and not possessive:
                continue
            base = rest[: -len(possessive)] if possessive and rest.endswith(possessive) else rest
            if possessive and base == rest:
                continue
            yield base, "+".join(p for p in (possessive, particle) if p)


def _head_roots(prefix: str, stem: str) -> Iterator[str]:
    """Yield the roots a prefix may have been joined to, to be confirmed by :func:`build`."""
    if prefix in ("meN", "peN"):
        head = prefix[0] + "e"
        if not stem.startswith(head):
            return
        rest = stem[2:]
        for nasal_part in ("nge", "ng", "ny", "m", "n", ""):
            if rest.startswith(nasal_part):
                after = rest[len(nasal_part) :]
                yield after
                if after[:1] in VOWELS:
                    yield from (c + after for c in "kpts")
        return
    surfaces = {
        "ber": ("ber", "be", "bel"),
        "ter": ("ter", "te"),
        "per": ("per", "pe", "pel"),
        "memper": ("memper", "mempe", "mempel"),
        "diper": ("diper", "dipe", "dipel"),
    }.get(prefix, (prefix,))
    for surface in surfaces:
        if stem.startswith(surface):
            yield stem[len(surface) :]
            if surface.endswith("pel") or surface == "bel":
                yield "ajar" if stem[len(surface) :] == "ajar" else ""


class Morphology:
    """The analyser: ``analyses(word)`` and the standard-form helpers, over one lexicon."""

    def __init__(self, lexicon: Lexicon, extra_roots: frozenset[str] = frozenset()) -> None:
        """Take the lexicon (see :func:`load_lexicon`) and extra roots (our supplement)."""
        self._roots = lexicon.roots | extra_roots
        self._extra = extra_roots
        self._flags = lexicon.flags
        self._memo: dict[str, tuple[Analysis, ...]] = {}

    def is_root(self, word: str) -> bool:
        """Return whether a word is a known root (not a derived form)."""
        return word in self._roots

    def is_entry(self, word: str) -> bool:
        """Return whether a word is a dictionary entry or one of our supplement words."""
        return word in self._flags or word in self._extra

    def takes(self, root: str, flags: frozenset[str]) -> bool:
        """Return whether hunspell-id marks a root with any of these affix flags."""
        return self._has(root, flags)

    def _has(self, root: str, flags: frozenset[str]) -> bool:
        return not flags.isdisjoint(self._flags.get(root, ()))

    def allowed(self, prefix: str, root: str, suffix: str) -> bool:
        """Return whether a known root takes this prefix with this (derivational) suffix.

        -kan/-i (causative, locative) and -an (nouns) are productive with any root; the bare
        verbal prefixes need a root marked for them, so di-/ke- + a noun of place is refused.
        """
        if root not in self._roots:
            return False
        if prefix in ("", "ber", "se") or (prefix == "ke" and suffix == "an"):
            return True
        if prefix in ("meN", "di", "ter", "ku", "kau", "memper", "diper", "per"):
            if suffix in ("kan", "i"):
                return True
            if suffix == "an":
                return prefix == "per"
            verb = self._has(root, FLAGS_DI) or self._has(root, FLAGS_MEN)
            if prefix == "di":  # di + a noun of place is the preposition: "di kantor"
                return self._has(root, FLAGS_DI) or (verb and root not in preposition_nouns())
            if prefix in ("meN", "ku", "kau"):
                return verb
            if prefix == "ter":
                return verb or self._has(root, FLAGS_TER)
            return self._has(root, FLAGS_PER)
        if prefix == "peN":
            if suffix == "an":
                return True
            return suffix == "" and self._has(root, FLAGS_PEN | FLAGS_MEN | FLAGS_DI)
        if prefix == "pe":
            return suffix in ("", "an") and self._has(root, FLAGS_PE)
        if prefix == "ke":
            return suffix == "" and (self._has(root, FLAGS_KE) or root in NUMERALS)
        return prefix == "tidak" and suffix == ""

    def analyses(self, word: str) -> tuple[Analysis, ...]:
        """Return the standard decompositions of a word (lower case), in the order found; () if none."""
        word = word.lower()
        cached = self._memo.get(word)
        if cached is not None:
            return cached
        found: list[Analysis] = []
        if glued_preposition(word):
            self._memo[word] = ()
            return ()
        for base, clitics in _strip_clitics(word):
            if len(base) < MIN_ROOT:
                continue
            for suffix in ("", *SUFFIXES):
                if suffix and not base.endswith(suffix):
                    continue
                stem = base[: len(base) - len(suffix)]
                for prefix, root in self._stem_readings(stem, suffix):
                    joined = "+".join(s for s in (suffix, clitics) if s)
                    found.append(Analysis(prefix, root, joined))
        result = tuple(dict.fromkeys(found))
        if len(self._memo) >= MEMO_SIZE:
            self._memo = {}
        self._memo[word] = result
        return result

    def _stem_readings(self, stem: str, suffix: str, depth: int = 0) -> Iterator[tuple[str, str]]:
        """Yield (prefix, root) for a stem that carries ``suffix``; prefixes may nest once."""
        if len(stem) < MIN_ROOT:
            return
        if self.allowed("", stem, suffix):
            yield "", stem
        for prefix in PREFIXES:
            if prefix == "tidak" and depth == 0:
                continue  # "tidak" + root is two words, except inside ke-…-an
            for root in _head_roots(prefix, stem):
                if len(root) < MIN_ROOT:
                    continue
                if _builds(prefix, root, stem) and self.allowed(prefix, root, suffix):
                    yield prefix, root
                if depth == 0 and prefix in INNER:
                    yield from self._nested(prefix, root, stem, suffix)

    def _nested(
        self, outer: str, inner_stem: str, stem: str, suffix: str
    ) -> Iterator[tuple[str, str]]:
        """Yield readings where ``outer`` wraps a derived stem.

        ke-…-an and peN-…-an wrap ber-/ter-/tidak-/peN- stems (keberhasilan, ketidaksesuaian,
        kepemimpinan, pemberdayaan); meN-/di-…-kan/-i wrap ber- stems (memberlakukan); ber- and
        se- take a derived noun in -an (berpengalaman, berkelanjutan).
        """
        if build(outer, inner_stem) != stem:
            return
        if outer in ("ber", "se"):
            inner_suffix = "an"
            if suffix != "an":
                return
        elif outer in ("ke", "peN"):
            inner_suffix = ""
            if suffix != "an":
                return
        else:
            inner_suffix = ""
            if suffix not in ("kan", "i"):
                return
        for inner, root in self._stem_readings(inner_stem, inner_suffix, depth=1):
            if inner in INNER[outer]:
                yield f"{outer}+{inner}", root
        if outer in ("meN", "di", "peN") and inner_stem.startswith("ke"):
            # a verb made of "ke" + place or root: mengesampingkan, dikemukakan, diketahui
            root = inner_stem[2:]
            if root in preposition_nouns() or root in self._roots:
                yield f"{outer}+ke", root

    def reduplication(self, word: str, known: Callable[[str], bool]) -> bool:
        """Return whether a hyphenated word is a standard reduplication.

        Full (kata-kata), with affixes around the repeated root (berbeda-beda, sebaik-baiknya,
        kebiru-biruan: P+r-r+S where P+r+S is a word) or with meN- on the second half
        (surat-menyurat, tolong-menolong).
        """
        left, sep, right = word.lower().partition("-")
        if not sep or "-" in right or not left or not right:
            return False
        if left == right:
            return known(left)
        for split in range(len(left) - MIN_ROOT + 1):
            root = left[split:]
            if (
                right.startswith(root)
                and (root in self._roots or known(root))
                and known(left[:split] + right)
            ):
                return True
        return left in self._roots and any(
            a.root == left and a.prefix == "meN" for a in self.analyses(right)
        )

    def misassimilated(self, word: str) -> str | None:
        """Return the standard form of a meN-/peN- word with the wrong nasal, or None.

        "mengkonfirmasi" -> "mengonfirmasi", "menkirim" -> "mengirim", "mempengaruhi" ->
        "memengaruhi". Only words with no standard analysis are considered.
        """
        lowered = word.lower()
        if self.analyses(lowered):
            return None
        for base, clitics in _strip_clitics(lowered):
            for suffix in ("", *SUFFIXES):
                if suffix and not base.endswith(suffix):
                    continue
                stem = base[: len(base) - len(suffix)]
                for prefix in ("meN", "peN"):
                    for root in _wrong_nasal_roots(stem, prefix):
                        if root in KEPT_INITIAL or not self.allowed(prefix, root, suffix):
                            continue
                        right = build(prefix, root) + suffix + clitics.replace("+", "")
                        if right != lowered:
                            return _same_case(word, right)
        return None


def _wrong_nasal_roots(stem: str, prefix: str) -> Iterator[str]:
    """Yield the roots written in full after a meN-/peN- nasal (menkirim, mengkonfirmasi).

    The usual misspellings keep the root whole: an unelided k/p/t/s (mempengaruhi) or the
    nasal of another letter (mengtulis, menbaca); restoring a dropped letter is not tried.
    """
    head = prefix[0] + "e"
    if not stem.startswith(head):
        return
    rest = stem[2:]
    for nasal_part in ("nge", "ng", "ny", "m", "n"):
        if rest.startswith(nasal_part) and len(rest) - len(nasal_part) >= 3:
            yield rest[len(nasal_part) :]


def _same_case(model: str, word: str) -> str:
    """Return ``word`` capitalised like ``model`` (all caps, initial capital or lower)."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@lru_cache(maxsize=1)
def preposition_nouns() -> frozenset[str]:
    """Return the nouns of place, direction and time (``id-preposition-nouns.txt``), once.

    Before them "di"/"ke" are prepositions written apart ("di kantor", "ke sana"), so the
    prefixes di-/ke- never take them bare.
    """
    return frozenset(w for w in word_list("id-preposition-nouns.txt") if not w.startswith("!"))


@lru_cache(maxsize=1)
def lookalike_words() -> frozenset[str]:
    """Return words that look like di/ke + a noun of place but are words (keluar, kemeja)."""
    return frozenset(w[1:] for w in word_list("id-preposition-nouns.txt") if w.startswith("!"))


def glued_preposition(word: str) -> bool:
    """Return whether a lower-case word is "di"/"ke" + a noun of place or time (dikantor)."""
    return (
        word[:2] in ("di", "ke")
        and word[2:] in preposition_nouns()
        and word not in lookalike_words()
    )


def word_list(name: str) -> list[str]:
    """Return the words of a shipped list in ``resources/dictionaries`` (comments skipped)."""
    path = resource("dictionaries", name)
    if not path.is_file():
        return []
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            words.append(text)
    return words


@lru_cache(maxsize=1)
def sastrawi_roots() -> frozenset[str]:
    """Return PySastrawi's root list (``Sastrawi/Stemmer/data/kata-dasar.txt``, MIT), once."""
    try:
        text = (
            resources.files("Sastrawi")
            .joinpath("Stemmer", "data", "kata-dasar.txt")
            .read_text("utf-8")
        )
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset()
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip())


def _read_dic(path: Path) -> dict[str, frozenset[str]]:
    """Return lower-case hunspell-id entries with their two-letter affix flags."""
    flags: dict[str, set[str]] = {}
    raw = path.read_bytes().decode("iso-8859-1", errors="replace")
    for line in raw.splitlines()[1:]:
        entry, _sep, tail = line.strip().partition("/")
        if not entry or not entry.islower() or entry.startswith("-") or entry.endswith("-"):
            continue
        flag_text = tail.split()[0] if tail.split() else ""
        flags.setdefault(entry, set()).update(
            flag_text[i : i + 2] for i in range(0, len(flag_text) - 1, 2)
        )
    return {w: frozenset(f) for w, f in flags.items()}


@lru_cache(maxsize=4)
def load_lexicon(dictionary: Path | None) -> Lexicon:
    """Return the roots (Sastrawi + hunspell-id entries) and their flags, built once per file.

    hunspell-id entries join the roots unless they are a preposition glued to a place noun
    ("diatas" style spellings): those are exactly what must not pass.
    """
    roots = {w for w in sastrawi_roots() if not glued_preposition(w)}
    flags: dict[str, frozenset[str]] = {}
    if dictionary is not None and dictionary.is_file():
        flags = _read_dic(dictionary)
        roots.update(w for w in flags if not glued_preposition(w))
    for verb in word_list("id-verb-roots.txt"):  # roots hunspell-id lacks as verbs
        roots.add(verb)
        flags[verb] = flags.get(verb, frozenset()) | VERB_FLAGS
    return Lexicon(frozenset(roots), flags)


def default_dictionary() -> Path | None:
    """Return the system hunspell-id ``.dic`` if there is one."""
    from desktop.core.proofing.dictionaries import find_dictionary, system_dictionary_dirs

    found = find_dictionary("id", system_dictionary_dirs())
    return found[0] / f"{found[1]}.dic" if found else None


class IndonesianMorphology:
    """Accept standard Indonesian derived words (the speller's fallback after Hunspell)."""

    def __init__(
        self,
        is_word: Callable[[str], bool],
        supplement: frozenset[str],
        dictionary: Path | None = None,
    ) -> None:
        """Take Hunspell's word test, our supplement words and the ``.dic`` whose flags to read.

        Args:
            is_word: whole-word test (Hunspell's ``spell``), used for parts of hyphenated words.
            supplement: our shipped supplement words (lower case); they count as roots.
            dictionary: the hunspell-id ``.dic``; ``None`` uses the system one, if any.
        """
        self._is_word = is_word
        self._supplement = supplement
        self._dictionary = dictionary
        self._morphology: Morphology | None = None
        self._memo: dict[str, bool] = {}

    @property
    def morphology(self) -> Morphology:
        """Return the analyser, built on first use (reads the root lists once)."""
        if self._morphology is None:
            path = self._dictionary if self._dictionary is not None else default_dictionary()
            self._morphology = Morphology(load_lexicon(path), self._supplement)
        return self._morphology

    def analyses(self, word: str) -> tuple[Analysis, ...]:
        """Return the standard decompositions of a word (see :meth:`Morphology.analyses`)."""
        return self.morphology.analyses(word)

    def known(self, word: str) -> bool:
        """Return whether ``word`` is standard by the supplement or the affix rules."""
        lowered = word.lower()
        if lowered in self._supplement:
            return True
        verdict = self._memo.get(lowered)
        if verdict is None:
            verdict = self._known(lowered)
            if len(self._memo) >= MEMO_SIZE:
                self._memo = {}
            self._memo[lowered] = verdict
        return verdict

    def _known(self, lowered: str) -> bool:
        if "-" not in lowered:
            return self._derived(lowered)
        parts = [p for p in lowered.split("-") if p]
        if parts and all(self._part(p) for p in parts):
            return True
        return self.morphology.reduplication(lowered, self._part)

    def _part(self, part: str) -> bool:
        return part in self._supplement or self._is_word(part) or self._derived(part)

    def _derived(self, word: str) -> bool:
        """Return whether a word has an analysis; a bare root must be a dictionary entry.

        Sastrawi's roots serve as bases of derived words, but a root alone is accepted only
        when the Hunspell dictionary (or our supplement) has it: the dictionary in use
        decides which plain words exist.
        """
        return any(
            a.prefix or a.suffix or self.morphology.is_entry(a.root) or self._is_word(a.root)
            for a in self.morphology.analyses(word)
        )


def read_pairs(lines: Iterable[str]) -> dict[str, str]:
    """Parse ``nonstandard<TAB>standard`` lines (``#`` comments, blank lines skipped)."""
    pairs: dict[str, str] = {}
    for line in lines:
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        wrong, _sep, right = text.partition("\t")
        if wrong.strip() and right.strip():
            pairs[wrong.strip().lower()] = right.strip()
    return pairs


@lru_cache(maxsize=1)
def nonstandard_pairs() -> dict[str, str]:
    """Return the non-standard -> standard table (``id-nonstandard.txt``), read once."""
    path = resource("dictionaries", "id-nonstandard.txt")
    if not path.is_file():
        return {}
    return read_pairs(path.read_text(encoding="utf-8").splitlines())


class StandardForms:
    """Find the standard form of a non-standard word: KBBI table, its roots, meN-/peN- forms."""

    def __init__(
        self, lexicon: Lexicon, pairs: dict[str, str], extra_roots: frozenset[str]
    ) -> None:
        """Build the analysers: the standard one and one that also knows the table's roots."""
        self.pairs = pairs
        self.standard = Morphology(lexicon, extra_roots)
        roots = {w: r for w, r in pairs.items() if " " not in r and r.isalpha()}
        flags = dict(lexicon.flags)
        for wrong, right in roots.items():
            flags[wrong] = lexicon.flags.get(right, frozenset()) | flags.get(wrong, frozenset())
        self._roots = frozenset(roots)
        self._wide = Morphology(Lexicon(lexicon.roots | self._roots, flags), extra_roots)
        self._memo: dict[str, tuple[str, str] | None] = {}
        by_length = sorted(self._roots, key=len, reverse=True)
        self._contains_root = re.compile("|".join(map(re.escape, by_length))) if by_length else None

    def suggestion(self, word: str) -> tuple[str, str] | None:
        """Return (standard form, kind) for a non-standard word, else None.

        kind is ``nonstandard`` (a KBBI non-standard spelling or a word built on one),
        ``unelided`` (meN-/peN- keeping a k/p/t/s that KBBI drops: mengkonfirmasi) or
        ``nasal`` (another wrong nasal: menkirim, mengtulis).
        """
        if word in self._memo:
            return self._memo[word]
        found = self._suggestion(word)
        if len(self._memo) >= MEMO_SIZE:
            self._memo = {}
        self._memo[word] = found
        return found

    def _suggestion(self, word: str) -> tuple[str, str] | None:
        lowered = word.lower()
        for base, clitics in _strip_clitics(lowered):
            right = self.pairs.get(base)
            if right is not None:
                return _same_case(word, right + clitics.replace("+", "")), "nonstandard"
        if self._contains_root is not None and self._contains_root.search(lowered):
            found = self._built_on_nonstandard(word, lowered)
            if found is not None:
                return found, "nonstandard"
        if not NASAL_START.match(lowered):
            return None
        fixed = self.standard.misassimilated(word)
        if fixed is None:
            return None
        return fixed, "unelided" if UNELIDED.match(lowered) else "nasal"

    def _built_on_nonstandard(self, word: str, lowered: str) -> str | None:
        """Return the standard form of a word derived from a non-standard root (perijinan)."""
        wide = self._wide.analyses(lowered)
        if wide and not any(a.root not in self._roots for a in self.standard.analyses(lowered)):
            for analysis in wide:
                if analysis.root in self._roots:
                    right = build(analysis.prefix, self.pairs[analysis.root], analysis.suffix)
                    if right != lowered:
                        return _same_case(word, right)
        return None
