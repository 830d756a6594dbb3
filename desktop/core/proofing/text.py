"""Text helpers shared by the checkers: paragraphs, sentences, words and things to skip.

Offsets are Python string indices (code points), the same unit the GUI editor and Harper use.
Several checkers ask for the same paragraph's sentences and skipped ranges, so those few
functions remember their last results (keyed by the exact text; results are immutable).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from desktop.core.proofing.dictionaries import sentence_abbreviations

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
CHUNK = re.compile(r"\S+")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
HYPHENATED = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*")
URL = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
CODE_MARK = re.compile(r"[\d/\\@]")
WORD_CHUNK = re.compile(r"\S*[^\W_]\S*")  # a whitespace-delimited chunk with a letter or digit
MEMO = 512  # paragraphs remembered by the helpers below
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "approx",
        "dept", "inc", "ltd", "co", "jr", "sr", "p", "pp", "ref", "encl", "enc", "tel",
        "sra", "srs", "dra", "av", "n", "nº", "art", "pág", "ex", "obs", "tb",
        "yth", "bpk", "jl", "hlm", "tgl", "dll", "dsb", "dst", "sdr", "ir", "s.h", "s.e",
        "drs", "h", "hj", "kab", "kec", "kel", "pt", "tbk", "u.p", "a.n",
    }
)  # fmt: skip
# Abbreviations that often end a sentence: followed by a capitalised word, the sentence ends
# ("… at 8 a.m. The driver …"). Titles and address words (Dr., Mr., Sra., Jl., No.) never end one.
TERMINAL_ABBREVIATIONS = frozenset(
    {
        "a.m", "p.m", "etc", "inc", "ltd", "co", "corp", "llc", "plc", "ltda", "s.a", "s/a",
        "dll", "dsb", "dst", "tbk", "cia", "bros", "jr",
    }
)  # fmt: skip
NEXT_CAPITAL = re.compile(r"\s+[\"'“‘(]*[^\W\d_]")


class Token(NamedTuple):
    """A word to check: its text and where it starts."""

    text: str
    start: int

    @property
    def end(self) -> int:
        """Return the offset just past the word."""
        return self.start + len(self.text)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each non-blank paragraph (blocks separated by blank lines)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


@lru_cache(maxsize=MEMO)
def skip_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Return ranges never checked for spelling: URLs, e-mail addresses and their like."""
    ranges: list[tuple[int, int]] = []
    if "://" in text or "www." in text.lower():
        ranges += [m.span() for m in URL.finditer(text)]
    if "@" in text:
        ranges += [m.span() for m in EMAIL.finditer(text)]
    return tuple(ranges)


def code_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Return the ranges of URLs, e-mail addresses, numbers and reference codes in a text.

    None of them contains white space, so a letter's ranges are its paragraphs' ranges:
    each paragraph is looked up in the memo, and only an edited one is scanned again.
    """
    spans = paragraphs(text)
    if len(spans) <= 1:
        return _code_ranges(text)
    return tuple(
        (start + s, start + e) for start, end in spans for s, e in _code_ranges(text[start:end])
    )


@lru_cache(maxsize=MEMO)
def _code_ranges(text: str) -> tuple[tuple[int, int], ...]:
    ranges = list(skip_ranges(text))
    ranges += [m.span() for m in CHUNK.finditer(text) if _is_code(m.group())]
    return tuple(sorted(ranges))


def _is_code(chunk: str) -> bool:
    """Return whether a whitespace-delimited chunk is a number, reference or code."""
    if CODE_MARK.search(chunk) or (not chunk.isascii() and any(c.isdigit() for c in chunk)):
        return True
    if "-" not in chunk:
        return False
    core = chunk.strip(".,;:!?\"'()[]{}“”‘’«»")
    return "-" in core and core.replace("-", "").isupper()


def words(text: str) -> Iterator[Token]:
    """Yield the words worth spell-checking (hyphenated words whole), skipping codes and URLs.

    Several checkers read the same paragraph's words: the tokens are made once per text.
    """
    return iter(_words(text))


@lru_cache(maxsize=MEMO)
def _words(text: str) -> tuple[Token, ...]:
    return tuple(_tokenise(text))


def _tokenise(text: str) -> Iterator[Token]:
    skips = skip_ranges(text)
    for chunk in CHUNK.finditer(text):
        if _is_code(chunk.group()):
            continue
        if any(chunk.start() < e and s < chunk.end() for s, e in skips):
            continue
        for match in HYPHENATED.finditer(chunk.group()):
            yield Token(match.group().replace("’", "'"), chunk.start() + match.start())


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the (start, end) of each sentence in ``text[start:end]``, paragraph-aware."""
    if start == 0 and end is None:
        return list(_all_sentences(text))
    return _sentences(text, start, len(text) if end is None else end)


@lru_cache(maxsize=MEMO)
def _all_sentences(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_sentences(text, 0, len(text)))


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text[start:end]):
        p_start += start
        p_end += start
        cursor = p_start
        for match in SENTENCE_END.finditer(text, p_start, p_end):
            if _ends_with_abbreviation(text, cursor, match.start(), match.group()):
                continue
            spans.append((cursor, match.end()))
            cursor = match.end()
        if text[cursor:p_end].strip():
            spans.append((cursor, p_end))
    return [_strip_span(text, s, e) for s, e in spans if text[s:e].strip()]


def _ends_with_abbreviation(text: str, start: int, dot: int, mark: str) -> bool:
    if not mark.startswith(".") or len(mark.rstrip("\"'”’)]")) > 1:
        return False
    before = text[start:dot].split()
    if not before:
        return False
    word = before[-1].lstrip("(\"'“")
    last = word.lower()
    if last in TERMINAL_ABBREVIATIONS:
        follow = NEXT_CAPITAL.match(text, dot + len(mark))
        return not (follow is not None and follow.group()[-1].isupper())
    if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
        return True
    listed = sentence_abbreviations()  # our abbreviation lists (titles, address words)
    return word in listed or ("." in last and last in listed)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, line) for each line of the text."""
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def word_count(text: str) -> int:
    """Return the number of words (anything between spaces with a letter or digit)."""
    return len(WORD_CHUNK.findall(text))
