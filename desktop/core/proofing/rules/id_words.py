"""Built-in Indonesian word rules: preposition or prefix, non-standard and misbuilt forms.

* ``spelling.id_preposition_joined``: the prepositions *di*/*ke* written onto a noun of place,
  direction or time or onto a place name ("dikantor" -> "di kantor", "keSurabaya" ->
  "ke Surabaya"). The nouns are ``resources/dictionaries/id-preposition-nouns.txt``; place names
  are any capitalised word and ``id-places.txt``. "dimana"/"kemana" are the grammar rules'.
* ``spelling.id_prefix_apart``: the passive prefix *di-* written apart from a verb root
  ("di kirim" -> "dikirim"): the joined form must be a standard passive by the morphology and
  the next word must not be a noun of place or time ("di kantor" stays).
* ``spelling.nonstandard``: a KBBI non-standard spelling or a word built on one
  (``id-nonstandard.txt``: "ijin" -> "izin", "perijinan" -> "perizinan").
* ``spelling.id_affix``: a meN-/peN- form against the sound rules ("mengkonfirmasi" ->
  "mengonfirmasi", "menkirim" -> "mengirim").

All are writing (orthography) rules in PUEBI/EYD, so the category is ``spelling`` and the
severity ``error``; each issue carries its correction. The speller may flag the same word as
unknown: the proofer keeps the more specific of two issues on one range (ours).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from desktop.core.i18n import _
from desktop.core.proofing.indonesian import (
    FLAGS_DI,
    Lexicon,
    StandardForms,
    build,
    default_dictionary,
    load_lexicon,
    lookalike_words,
    nonstandard_pairs,
    preposition_nouns,
    word_list,
)
from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.text import words

RULE_JOINED = "spelling.id_preposition_joined"
RULE_APART = "spelling.id_prefix_apart"
RULE_NONSTANDARD = "spelling.nonstandard"
RULE_AFFIX = "spelling.id_affix"
DI_APART = re.compile(r"\b([Dd]i)[ \t]+([^\W\d_]+)\b")
# Words after a separate "di" that are not a verb there ("di mana" is the grammar rules').
# Modal words after which "di" + a noun-or-verb root is the passive ("akan di proses"); words
# like "yang", "sedang", "sudah" also come before places ("yang di kantor", "sedang di rapat").
AUXILIARIES = frozenset(
    ("akan", "telah", "harus", "perlu", "dapat", "bisa", "boleh", "segera", "belum", "mohon",
     "wajib", "mesti", "hendak", "sempat", "harap", "dimohon")
)  # fmt: skip
NOT_AFTER_DI = frozenset({"mana", "manakah", "sanalah", "sinilah", "situlah"})


@lru_cache(maxsize=1)
def place_names() -> dict[str, str]:
    """Return lower-case place name -> its spelling, from ``id-places.txt`` (read once)."""
    return {name.lower(): name for name in word_list("id-places.txt")}


class IndonesianWordRules:
    """The rule set: checks one paragraph; loads its word lists on first use."""

    name = "builtin-id_words"

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        """Take the lexicon to analyse with; ``None`` loads Sastrawi + the system hunspell-id."""
        self._lexicon = lexicon
        self._forms: StandardForms | None = None
        self._spell: Callable[[str], bool] = lambda word: False
        self._lock = threading.Lock()

    @property
    def forms(self) -> StandardForms:
        """Return the analysers (built once, on the first check)."""
        with self._lock:
            if self._forms is None:
                from desktop.core.proofing.dictionaries import supplement_words

                dictionary = default_dictionary()
                lexicon = self._lexicon or load_lexicon(dictionary)
                self._forms = StandardForms(lexicon, nonstandard_pairs(), supplement_words("id"))
                self._spell = _hunspell(dictionary)
            return self._forms

    def check(self, item: CheckInput) -> list[Issue]:
        """Return the issues of one paragraph (offsets relative to it)."""
        issues: list[Issue] = []
        for token in words(item.text):
            word = token.text.strip("'-")
            if len(word) < 3 or "-" in word:
                continue
            offset = token.start + token.text.find(word)
            if item.protected and item.is_protected(offset, offset + len(word)):
                continue
            found = self._joined(word) or self._nonstandard(word)
            if found is not None:
                rule, suggestion, message = found
                issues.append(_issue(offset, len(word), rule, message, suggestion))
        issues += self._apart(item)
        return issues

    def _joined(self, word: str) -> tuple[str, str, str] | None:
        """Return (rule, suggestion, message) for "di"/"ke" glued to a noun of place or time."""
        head, rest = word[:2], word[2:]
        if head.lower() not in ("di", "ke") or len(rest) < 2 or not head[1:].islower():
            return None
        lowered = word.lower()
        if lowered in lookalike_words():
            return None
        noun = rest.lower()
        if rest[:1].isupper() and not rest.isupper():
            target = rest  # diJakarta, keSurabaya
        elif noun in preposition_nouns():
            target = rest
        elif noun in place_names() and not self.forms.standard.analyses(lowered):
            target = place_names()[noun]
        else:
            return None
        suggestion = f"{head} {target}"
        message = _(
            "'{word}': '{prep}' here is a preposition and is written apart: write '{suggestion}'."
        ).format(word=word, prep=head.lower(), suggestion=suggestion)
        return RULE_JOINED, suggestion, message

    def _nonstandard(self, word: str) -> tuple[str, str, str] | None:
        """Return (rule, suggestion, message) for a non-standard or misbuilt word."""
        found = self.forms.suggestion(word)
        if found is None:
            return None
        suggestion, kind = found
        if kind == "nasal" and self._spell(word):
            return None  # an irregular form the dictionary knows (mengesampingkan)
        if kind in ("nasal", "unelided"):
            message = _(
                "'{word}' is not a standard meN-/peN- form (the prefix's nasal follows the "
                "root's first sound): write '{suggestion}'."
            ).format(word=word, suggestion=suggestion)
            return RULE_AFFIX, suggestion, message
        message = _("'{word}' is not standard spelling (KBBI): write '{suggestion}'.").format(
            word=word, suggestion=suggestion
        )
        return RULE_NONSTANDARD, suggestion, message

    def _apart(self, item: CheckInput) -> list[Issue]:
        """Return issues for the passive prefix di- written apart from its verb ("di kirim")."""
        issues: list[Issue] = []
        for match in DI_APART.finditer(item.text):
            verb = match.group(2)
            lowered = verb.lower()
            if not verb.islower() or lowered in NOT_AFTER_DI or lowered in preposition_nouns():
                continue
            if not self._passive_apart(item.text, match, lowered):
                continue
            start, end = match.start(), match.end()
            if item.protected and item.is_protected(start, end):
                continue
            suggestion = match.group(1) + lowered
            message = _(
                "'{words}': 'di' before a verb is the passive prefix and is joined to it: "
                "write '{suggestion}'."
            ).format(words=match.group(0), suggestion=suggestion)
            issues.append(_issue(start, end - start, RULE_APART, message, suggestion))
        return issues

    def _passive_apart(self, text: str, match: re.Match[str], word: str) -> bool:
        """Return whether "di" + ``word`` is a passive verb written in two words.

        A suffixed or diper- passive (di kirimkan, di lengkapi, di perhatikan) always is, unless
        the word is itself a root (di pantai). A bare root is when Hunspell marks it for di-
        (a transitive verb: kirim, bayar); a root it marks only for meN- is also a noun
        (mendunia, merapat), so "di" + it counts as a passive only after an auxiliary
        ("akan di proses") or before "oleh".
        """
        morphology = self.forms.standard
        readings = [
            a
            for a in morphology.analyses(build("di", word))
            if a.prefix.split("+")[0] in ("di", "diper")
        ]
        if any(a.root != word or a.prefix != "di" for a in readings):
            return not morphology.is_root(word)
        if not readings:
            return False
        if morphology.takes(word, FLAGS_DI):
            return True
        before = text[: match.start()].split()
        after = text[match.end() :].split()
        return (bool(before) and before[-1].lower() in AUXILIARIES) or (
            bool(after) and after[0].lower() == "oleh"
        )


def _hunspell(dictionary: Path | None) -> Callable[[str], bool]:
    """Return hunspell-id's word test for irregular forms, or one that knows nothing."""
    if dictionary is None:
        return lambda word: False
    try:
        import hunspell

        speller = hunspell.Hunspell(dictionary.stem, hunspell_data_dir=str(dictionary.parent))
    except Exception:  # a broken dictionary only costs this check
        return lambda word: False
    lock = threading.Lock()

    def spell(word: str) -> bool:
        try:
            with lock:
                return bool(speller.spell(word))
        except UnicodeError:
            return False

    return spell


def _issue(offset: int, length: int, rule: str, message: str, suggestion: str) -> Issue:
    return Issue(
        offset=offset,
        length=length,
        category="spelling",
        severity="error",
        rule_id=rule,
        message=message,
        suggestions=(suggestion,),
    )


def checker(language: str) -> IndonesianWordRules:
    """Return the rule set for a language (only Indonesian uses it)."""
    return IndonesianWordRules()
