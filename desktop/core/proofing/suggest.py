"""Fast spelling suggestions: likely edits of a word, kept when the speller accepts them.

Hunspell's ``suggest`` tries similar edits first, but under a time limit, and when they run
out of time or find nothing it compares the word with every stem of the dictionary (n-grams).
With pt-BR's 300 000 stems that takes 1-3 s on a long word, and whether it happens depends on
the machine's load. We generate the same kinds of edits, in Hunspell's order, from the
dictionary's own ``.aff`` data (its REP table of common mistakes, its MAP groups of related
letters such as a/á/ã and c/ç, its TRY letters and keyboard rows): capitalisation, REP, MAP,
swapped letters, a letter next on the keyboard, an extra, a missing or a wrong letter, two
words run together. Every edit is checked with the speller (about 20 µs each); a word with no
such neighbour goes to Hunspell's ``suggest`` (the slow n-gram search) as before. Words the
dictionary marks NOSUGGEST (vulgar words, for example) are never offered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_SUGGESTIONS = 15  # Hunspell's own maximum
SPECIFIC_REP = 3  # a REP pattern this long names one mistake, not a pattern of many
DEFAULT_KEYBOARD = "qwertyuiop|asdfghjkl|zxcvbnm"
MAP_UNIT = re.compile(r"\(([^)]*)\)|(.)")


@dataclass(frozen=True)
class DictionaryHints:
    """What a Hunspell ``.aff``/``.dic`` pair says about likely mistakes."""

    try_chars: str = ""
    replacements: tuple[tuple[str, str], ...] = ()
    related: tuple[tuple[str, ...], ...] = ()
    keyboard: tuple[str, ...] = tuple(DEFAULT_KEYBOARD.split("|"))
    no_suggest: frozenset[str] = frozenset()


def _encoding(raw: bytes) -> str:
    match = re.search(rb"^\s*SET\s+(\S+)", raw.lstrip(b"\xef\xbb\xbf"), re.MULTILINE)
    name = match.group(1).decode("ascii", "replace") if match else "ISO8859-1"
    return "utf-8-sig" if name.upper() in ("UTF-8", "UTF8") else name


def _split_flags(field: str, flag_type: str) -> list[str]:
    if flag_type == "long":
        return [field[i : i + 2] for i in range(0, len(field), 2)]
    if flag_type == "num":
        return [f.strip() for f in field.split(",") if f.strip()]
    return list(field)


def read_hints(aff: Path, dic: Path) -> DictionaryHints:
    """Read TRY, REP, MAP, KEY and the NOSUGGEST stems of a dictionary (tolerant of oddities)."""
    try:
        raw = aff.read_bytes()
        text = raw.decode(_encoding(raw), errors="replace").lstrip("\ufeff")
    except (OSError, LookupError):
        return DictionaryHints()
    values: dict[str, list[list[str]]] = {}
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] in ("TRY", "REP", "MAP", "KEY", "FLAG", "NOSUGGEST", "AF"):
            values.setdefault(parts[0], []).append(parts[1:])
    first = {key: rows[0][0] for key, rows in values.items() if rows and rows[0]}
    replacements = tuple(
        (row[0], row[1].replace("_", " "))
        for row in values.get("REP", [])
        if len(row) >= 2 and row[0] != row[1]
    )
    related = tuple(
        tuple(m.group(1) or m.group(2) for m in MAP_UNIT.finditer(row[0]))
        for row in values.get("MAP", [])
        if row and not row[0].isdigit()
    )
    keyboard = tuple(first.get("KEY", DEFAULT_KEYBOARD).split("|"))
    no_suggest: frozenset[str] = frozenset()
    if "NOSUGGEST" in first:
        aliases = [row[0] for row in values.get("AF", []) if row and not row[0].isdigit()]
        no_suggest = _no_suggest_stems(
            dic, _encoding(raw), first.get("FLAG", ""), first["NOSUGGEST"], aliases
        )
    return DictionaryHints(first.get("TRY", ""), replacements, related, keyboard, no_suggest)


def _no_suggest_stems(
    dic: Path, encoding: str, flag_type: str, flag: str, aliases: list[str]
) -> frozenset[str]:
    """Return the stems of a ``.dic`` that carry the NOSUGGEST flag."""
    try:
        text = dic.read_text(encoding=encoding, errors="replace")
    except (OSError, LookupError):
        return frozenset()
    needles = [flag] + [str(i + 1) for i, a in enumerate(aliases) if flag in a]
    pattern = re.compile(r"^[^\n/]*/[^\n]*?(?:" + "|".join(map(re.escape, needles)) + ")", re.M)
    stems = set()
    for match in pattern.finditer(text):  # only the lines that may carry the flag
        end = text.find("\n", match.start())
        line = text[match.start() : end if end >= 0 else None]
        head = line.split(None, 1)[0] if line.strip() else ""
        word, slash, field = head.partition("/")
        if not slash:
            continue
        if aliases and field.isdigit():
            field = aliases[int(field) - 1] if 0 < int(field) <= len(aliases) else ""
        if flag in _split_flags(field, flag_type):
            stems.add(word.lower())
    return frozenset(stems)


class Suggester:
    """Suggest corrections for one language's misspelt words."""

    def __init__(
        self,
        hints: DictionaryHints,
        is_word: Callable[[str], bool],
        stems: Callable[[str], list[str]],
        fallback: Callable[[str], list[str]],
    ) -> None:
        """Remember the dictionary hints and how to check, stem and fall back.

        Args:
            hints: the dictionary's TRY/REP/MAP/KEY data and NOSUGGEST stems.
            is_word: whether a candidate is a correct word (Hunspell and our word lists).
            stems: a word's dictionary stems (to recognise NOSUGGEST words' inflections).
            fallback: Hunspell's own (slow) suggest, used when no edit gives a word.
        """
        self._hints = hints
        self._is_word = is_word
        self._stems = stems
        self._fallback = fallback
        self._letters = "".join(
            dict.fromkeys(c for c in hints.try_chars.lower() if c.isalpha() or c in "-'")
        )
        self._neighbours: dict[str, str] = {}
        for row in hints.keyboard:
            for i, char in enumerate(row):
                self._neighbours[char] = (
                    self._neighbours.get(char, "") + row[i - 1 : i] + row[i + 1 : i + 2]
                )

    def suggest(self, word: str) -> list[str]:
        """Return up to 15 suggestions, the likeliest first; Hunspell's when we find none."""
        if not word:
            return []
        recase: Callable[[str], str]
        if word.isupper() and len(word) > 1:
            base, recase = word.lower(), str.upper
        elif word[0].isupper() and word[1:].islower():
            base, recase = word.lower(), _capitalise
        else:
            base, recase = word, _same
        found: dict[str, None] = {}
        joined: dict[str, None] = {}  # new hyphens: Hunspell accepts any two words joined so
        proper = word.capitalize()  # "brazil" -> "Brazil"
        if recase is _same and word.islower() and not self._is_word(word) and self._accept(proper):
            found[proper] = None
        hyphens = word.count("-")
        likely = False  # the dictionary's REP or MAP data explained the mistake
        for stage in (self._likely_edits, self._other_edits, self._splits):
            if stage == self._splits and likely:
                break  # as Hunspell: no run-together words when REP or MAP found one
            for candidate in stage(base):
                cased = recase(candidate)
                if cased == word or cased in found or cased in joined:
                    continue
                if not self._accept(cased):
                    continue
                (joined if cased.count("-") > hyphens else found)[cased] = None
                likely = likely or stage == self._likely_edits
            if len(found) >= MAX_SUGGESTIONS:
                break
        if not found:  # nothing one edit away: Hunspell's n-gram search (slow)
            found = dict.fromkeys(self._fallback(word))
        return list({**found, **({} if likely else joined)})[:MAX_SUGGESTIONS]

    def _accept(self, candidate: str) -> bool:
        """Return whether every part of a candidate is a word the dictionary lets us suggest."""
        return all(
            part and self._is_word(part) and not self._unsuggestible(part)
            for part in candidate.split(" ")
        )

    def _unsuggestible(self, word: str) -> bool:
        """Return whether a word only comes from NOSUGGEST stems (vulgar words, lone letters)."""
        banned = self._hints.no_suggest
        if not banned:
            return False
        stems = self._stems(word)
        if stems:
            return all(stem.lower() in banned for stem in stems)
        return word.lower() in banned

    def _likely_edits(self, word: str) -> Iterator[str]:
        """Yield the dictionary's own likely mistakes: REP substitutions, then MAP letters."""
        yield from self._replacement_table(word, spaced=False)
        yield from self._related(word, 1)
        yield from self._related(word, 2)

    def _other_edits(self, word: str) -> Iterator[str]:
        """Yield one-letter edits, likeliest kind first, in Hunspell's order."""
        for i in range(len(word) - 1):  # swapped neighbours
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i, char in enumerate(word):  # a key next to the right one
            for near in self._neighbours.get(char, ""):
                yield word[:i] + near + word[i + 1 :]
        # Like Hunspell: commonest letters first, and positions from the end of the word.
        for i in reversed(range(len(word))):  # an extra letter
            yield word[:i] + word[i + 1 :]
        for i in range(len(word) - 3):  # a doubled pair: "vacacation"
            if word[i : i + 2] == word[i + 2 : i + 4]:
                yield word[: i + 2] + word[i + 4 :]
        for char in self._letters:  # a missing letter
            for i in reversed(range(len(word) + 1)):
                yield word[:i] + char + word[i:]
        for char in self._letters:  # a wrong letter
            for i in reversed(range(len(word))):
                if word[i] != char:
                    yield word[:i] + char + word[i + 1 :]
        for i in range(len(word)):  # letters swapped further apart
            for j in range(i + 2, min(len(word), i + 5)):
                yield word[:i] + word[j] + word[i + 1 : j] + word[i] + word[j + 1 :]

    def _splits(self, word: str) -> Iterator[str]:
        """Yield the word cut in two: by short REP entries ("a" -> "a "), then at each place."""
        yield from self._replacement_table(word, spaced=True)
        for i in range(1, len(word)):
            yield word[:i] + " " + word[i:]

    def _replacement_table(self, word: str, *, spaced: bool) -> Iterator[str]:
        """Yield the dictionary's REP substitutions (``^``/``$`` anchor to the word's ends).

        A short entry that inserts a space ("a" -> "a ", pt-BR has dozens) splits almost any
        word into two real ones, so those come with the other splits (``spaced``), after
        the one-letter edits; a longer entry ("alot" -> "a lot") is specific and comes first.
        """
        for old, new in self._hints.replacements:
            start_only, end_only = old.startswith("^"), old.endswith("$") and len(old) > 1
            core = old[1 if start_only else 0 : -1 if end_only else None]
            if not core or spaced != (
                len(core) < SPECIFIC_REP and new.count(" ") > core.count(" ")
            ):
                continue
            at = word.find(core)
            while at >= 0:
                if (not start_only or at == 0) and (not end_only or at + len(core) == len(word)):
                    yield word[:at] + new + word[at + len(core) :]
                at = word.find(core, at + 1)

    def _related(self, word: str, changes: int) -> Iterator[str]:
        """Yield words with one or two letters swapped for a related one (MAP: a/á/ã, c/ç)."""
        options = []
        for i, char in enumerate(word):
            for group in self._hints.related:
                if char in group:
                    options += [
                        (i, alt)
                        for alt in group
                        if alt != char and len(alt) == 1 and alt.isupper() == char.isupper()
                    ]
        if changes == 1:
            for i, alt in options:
                yield word[:i] + alt + word[i + 1 :]
            return
        for a, (i, first) in enumerate(options):
            for j, second in options[a + 1 :]:
                if j > i:
                    yield word[:i] + first + word[i + 1 : j] + second + word[j + 1 :]


def _same(word: str) -> str:
    return word


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]
