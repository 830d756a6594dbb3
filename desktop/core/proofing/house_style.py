"""House style: the organisation's rules as data (``resources/house_style/<lang>.yaml``).

Word and phrase rules (obscene and insulting words, informal or chat words, blaming phrasing,
Indonesian non-standard spellings), shouting, exclamation marks in letters, unexpanded acronyms
and unfilled placeholders. Messages are English in the data and translated through ``_()``.
Settings extend the data: ``proofing.extra_banned_words`` and ``proofing.glossary``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from desktop.core.errors import ProofingError
from desktop.core.i18n import _
from desktop.core.paths import resource
from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.text import code_ranges, skip_ranges

ROMAN = re.compile(r"^[IVXLCDM]+$")
# A state/province code is written after a place and a comma, hyphen or slash ("Newark, NJ",
# "São Paulo - SP", "Belo Horizonte/MG") or before a postal code ("NV 89502", "ON K1A 0B1").
ADDRESS_BEFORE = re.compile(r"[^\W\d_][.']?(?:,\s*|\s*[-–/]\s*|\s*\(\s*)$")
ADDRESS_AFTER = re.compile(r"[ \t]*(?:\d{4,6}(?:-\d{3,4})?\b|[A-Z]\d[A-Z] ?\d[A-Z]\d\b)")
# A heading is a short line written wholly in capitals ("MEMO INTERNAL", "SURAT EDARAN").
MAX_HEADING_WORDS = 6
ACRONYM = re.compile(r"(?<![\w-])([A-ZÀ-Ý][A-ZÀ-Ý0-9]*[A-ZÀ-Ý])(s?)(?![\w-])")
LETTER_KINDS = ("letter", "memo")


@dataclass(frozen=True)
class WordRule:
    """A list of words or phrases, each with an optional replacement, flagged by one rule."""

    rule_id: str
    category: str
    severity: str
    message: str
    pattern: re.Pattern[str] | None
    replacements: Mapping[str, str]
    sources: Mapping[str, str]

    def check(self, item: CheckInput) -> list[Issue]:
        """Return an issue for each listed word or phrase outside field values."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(item.text):
            if item.is_protected(match.start(), match.end()):
                continue
            word = match.group("w")
            key = _key(word)
            replacement = self.replacements.get(key, "")
            suffix = match.group("s") or ""
            if replacement and suffix:
                replacement += suffix
            message = _(self.message).format(
                word=match.group(), suggestion=replacement, source=self.sources.get(key, "")
            )
            found.append(
                Issue(
                    match.start(),
                    match.end() - match.start(),
                    self.category,
                    self.severity,
                    self.rule_id,
                    message.strip(),
                    "",
                    (replacement,) if replacement else (),
                )
            )
        return found


def _key(word: str) -> str:
    return " ".join(word.lower().replace("’", "'").split())


def _compile(words: list[str], *, case_sensitive: bool, suffixes: tuple[str, ...],
             patterns: tuple[str, ...] = ()) -> re.Pattern[str] | None:  # fmt: skip
    """Compile listed words and phrases (matched literally) and regular-expression ``patterns``.

    A pattern describes a class of phrases ("as we have already explained ... several times")
    instead of listing each; it must not use the group names ``w`` or ``s``.
    """
    if not words and not patterns:
        return None
    alternatives = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    escaped = [r"\s+".join(re.escape(part) for part in w.split()) for w in alternatives]
    escaped = [f"(?:{p})" for p in patterns] + escaped
    tail = "(?P<s>" + "|".join(suffixes) + ")?" if suffixes else "(?P<s>)"
    body = r"(?<![\w'’-])(?P<w>" + "|".join(escaped) + ")" + tail + r"(?![\w'’-]|-\w)"
    return re.compile(body, 0 if case_sensitive else re.IGNORECASE)


def load_house_style(language: str) -> dict[str, Any]:
    """Read ``resources/house_style/<language>.yaml`` (``en-GB`` uses ``en``)."""
    base = "en" if language.startswith("en") else language
    path = resource("house_style", f"{base}.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ProofingError(f"no house style for language '{language}'", file=path) from exc
    except yaml.YAMLError as exc:
        raise ProofingError(f"invalid house style data: {exc}", file=path) from exc
    if not isinstance(data, dict):
        raise ProofingError("house style data must be a mapping", file=path)
    return data


@lru_cache(maxsize=1)
def common_acronyms() -> frozenset[str]:
    """Return the acronyms every reader knows, in every language (``acronyms-common.txt``)."""
    text = resource("house_style", "acronyms-common.txt").read_text(encoding="utf-8")
    return frozenset(
        word for line in text.splitlines() if not line.startswith("#") for word in line.split()
    )


def build_word_rules(data: dict[str, Any], extra_banned: tuple[str, ...]) -> list[WordRule]:
    """Build the word and phrase rules of a language, adding the organisation's banned words."""
    rules = []
    for spec in data.get("word_rules", []):
        replacements: dict[str, str] = {}
        sources: dict[str, str] = {}
        entries = spec.get("words", {})
        if isinstance(entries, list):
            entries = {w: "" for w in entries}
        for word, value in entries.items():
            if isinstance(value, dict):
                replacements[_key(str(word))] = str(value.get("standard", ""))
                sources[_key(str(word))] = str(value.get("source", ""))
            else:
                replacements[_key(str(word))] = "" if value is None else str(value)
        words = list(entries)
        if spec["id"] == "style.obscene":
            words += list(extra_banned)
        suffixes = tuple(spec.get("suffixes", ()))
        rules.append(
            WordRule(
                rule_id=spec["id"],
                category=spec.get("category", "style"),
                severity=spec.get("severity", "warning"),
                message=spec["message"],
                pattern=_compile(
                    [str(w) for w in words],
                    case_sensitive=bool(spec.get("case_sensitive", False)),
                    suffixes=suffixes,
                    patterns=tuple(str(p) for p in spec.get("patterns", ())),
                ),
                replacements=replacements,
                sources=sources,
            )
        )
    return rules


class HouseStyleChecker:
    """Run a language's house-style rules over a text."""

    def __init__(
        self,
        language: str,
        data: dict[str, Any],
        glossary: Mapping[str, str],
        extra_banned: tuple[str, ...],
        is_word: Callable[[str], bool] | None,
    ) -> None:
        """Compile the rules of ``data`` (a loaded house-style file) for one language."""
        self.language = language
        self._data = data
        self._word_rules = build_word_rules(data, extra_banned)
        self._placeholders = [re.compile(p) for p in data.get("placeholders", [])]
        self._known = (
            frozenset(data.get("known_acronyms", [])) | frozenset(glossary) | common_acronyms()
        )
        self._capitals_ok = frozenset(data.get("capitals_allowed", []))
        self._is_word = is_word
        self._messages: dict[str, str] = data.get("messages", {})

    def _message(self, key: str, default: str) -> str:
        return _(self._messages.get(key, default))

    def check(self, item: CheckInput) -> list[Issue]:
        """Return the house-style issues local to a paragraph (words, placeholders, capitals)."""
        found: list[Issue] = []
        for rule in self._word_rules:
            found += rule.check(item)
        placeholders = self._placeholder_issues(item)
        found += placeholders
        found += [
            i
            for i in self._capital_issues(item)
            if not any(p.offset <= i.offset and i.end <= p.end for p in placeholders)
        ]
        skips = skip_ranges(item.text)
        if skips:
            found = [i for i in found if not any(s < i.end and i.offset < e for s, e in skips)]
        if item.kind in LETTER_KINDS:
            for match in re.finditer(r"!+", item.text):
                inside_link = any(s <= match.start() < e for s, e in skips)
                if inside_link or item.is_protected(match.start(), match.end()):
                    continue
                found.append(
                    Issue(
                        match.start(),
                        match.end() - match.start(),
                        "style",
                        "warning",
                        "style.exclamation",
                        self._message("exclamation", "Avoid exclamation marks in a letter."),
                        "",
                        (".",),
                    )
                )
        return found

    def _placeholder_issues(self, item: CheckInput) -> list[Issue]:
        found = []
        seen: set[tuple[int, int]] = set()
        for pattern in self._placeholders:
            for match in pattern.finditer(item.text):
                span = match.span()
                if span in seen or item.is_protected(*span):
                    continue
                seen.add(span)
                found.append(
                    Issue(
                        span[0],
                        span[1] - span[0],
                        "placeholder",
                        "error",
                        "placeholder.unfilled",
                        self._message(
                            "placeholder",
                            "Unfilled placeholder '{text}': replace it with the real value.",
                        ).format(text=match.group()),
                    )
                )
        return found

    def _capital_issues(self, item: CheckInput) -> list[Issue]:
        """Flag shouting (capitalised ordinary words) and acronyms used without expansion."""
        found = []
        text = item.text
        codes = code_ranges(text)
        for match in ACRONYM.finditer(text):
            word = match.group(1)
            if item.is_protected(match.start(), match.end()) or ROMAN.match(word):
                continue
            if any(s <= match.start() < e for s, e in codes):
                continue
            if word in self._known or word in self._capitals_ok or len(word) < 2:
                continue
            if _heading_line(text, match.start()) or _address_code(text, match, word):
                continue
            if self._is_word is not None and len(word) >= 2 and self._is_word(word.lower()):
                found.append(
                    Issue(
                        match.start(),
                        match.end() - match.start(),
                        "style",
                        "warning",
                        "style.shouting",
                        self._message(
                            "shouting",
                            "Words in capitals read as shouting: write '{word}' in lower case.",
                        ).format(word=word),
                        "",
                        (match.group().lower(),),
                    )
                )
        return found

    def acronym_issues(self, item: CheckInput) -> list[Issue]:
        """Flag the first use of each acronym that is neither expanded nor in the glossary."""
        found = []
        text = item.text
        seen: set[str] = set()
        inside = [p.span() for pattern in self._placeholders for p in pattern.finditer(text)]
        inside += code_ranges(text)
        for match in ACRONYM.finditer(text):
            word = match.group(1)
            if word in seen or item.is_protected(match.start(), match.end()):
                continue
            if any(s <= match.start() and match.end() <= e for s, e in inside):
                continue
            seen.add(word)
            if ROMAN.match(word) or word in self._known or word in self._capitals_ok:
                continue
            if _address_code(text, match, word):
                continue
            if self._is_word is not None and self._is_word(word.lower()):
                continue  # shouting, reported by the capitals rule
            if _expanded(text, match.start(), match.end()):
                continue
            found.append(
                Issue(
                    match.start(),
                    len(word),
                    "style",
                    "warning",
                    "style.acronym",
                    self._message(
                        "acronym",
                        "Explain the acronym '{word}' on first use, "
                        "e.g. 'Full Name ({word})', or add it to the glossary.",
                    ).format(word=word),
                )
            )
        return found


@lru_cache(maxsize=1)
def subdivision_codes() -> frozenset[str]:
    """Return the state/province codes (``resources/dictionaries/subdivision-codes.txt``)."""
    path = resource("dictionaries", "subdivision-codes.txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def _address_code(text: str, match: re.Match[str], word: str) -> bool:
    """Return whether a word in capitals is a state/province code written in an address."""
    if match.group(2) or word not in subdivision_codes():
        return False
    start, end = match.start(), match.end()
    line_start = text.rfind("\n", 0, start) + 1
    return bool(ADDRESS_BEFORE.search(text, line_start, start) or ADDRESS_AFTER.match(text, end))


def _heading_line(text: str, position: int) -> bool:
    """Return whether the line at ``position`` is a heading: short, its words in capitals.

    A heading does not end a sentence: a line in capitals ending in . ! ? is shouting.

    Words of one or two letters ("nº", "de") and numbers may be in lower case
    ("MEMORANDO nº 27/2027").
    """
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) >= 3]
    return (
        bool(words)
        and all(w.isupper() for w in words)
        and len(line.split()) <= MAX_HEADING_WORDS
        and not line.rstrip().endswith((".", "!", "?"))
    )


def _expanded(text: str, start: int, end: int) -> bool:
    """Return whether an acronym is written "Full Name (ABC)" or "ABC (Full Name)"."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    if before.endswith("(") and after.startswith(")"):
        return True
    return bool(after.startswith("(") and len(after.split(")", 1)[0].split()) >= 2)
