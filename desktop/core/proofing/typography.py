"""Built-in grammar and typography rules that work in every language without an engine.

Repeated words, a missing capital at the start of a sentence, space before punctuation, double
spaces, repeated punctuation and unbalanced brackets or quotes. They run on every check, and are
the whole of the grammar check for Indonesian and whenever LanguageTool is absent.
"""

from __future__ import annotations

import re

from desktop.core.i18n import _
from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.text import URL, paragraphs, sentences

# a word repeated on the same line ("the the"); across a line break it is an address or a list
# ("Sumur Bandung\nBandung 40117"), not a slip
REPEATED_WORD = re.compile(r"\b([^\W\d_]+)([^\S\n]+)(\1)\b", re.IGNORECASE)
REPEAT_ALLOWED = {
    "en": frozenset({"had", "that", "is", "bye", "very", "no"}),
    "pt-BR": frozenset({"que", "se", "nós"}),
    "id": frozenset(),
}
SPACE_BEFORE = re.compile(r"(?<=[^\W_])([ \t]+)([,.;:!?])(?=\s|$|[\"'”’)\]])")
DOUBLE_SPACE = re.compile(r"(?<=\S)( {2,})(?=\S)")
REPEATED_PUNCT = re.compile(r"[!?]{2,}|,{2,}|;{2,}|:{2,}|(?<![.…])\.\.(?!\.)")
PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}
CLOSERS = frozenset(PAIRS.values())
BRACKETS = re.compile(r'[()\[\]{}“”«»"]')
LOWER_START = re.compile(r"[\"'“‘(\[]*([^\W\d_])(\S*)")
SENTENCE_CLOSE = re.compile(r"[.!?…][\"'”’)\]]*$")
LIST_MARKER = re.compile(r"[(\[]?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)\]]|[-–•*·]")


def _issue(start: int, length: int, category: str, severity: str, rule: str, message: str,
           suggestions: tuple[str, ...] = ()) -> Issue:  # fmt: skip
    return Issue(start, length, category, severity, rule, message, "", suggestions)


class TypographyChecker:
    """The language-independent rules (with small per-language exceptions)."""

    def check(self, item: CheckInput, *, paragraph_start: bool = True) -> list[Issue]:
        """Return every built-in typography and grammar issue in the text.

        Args:
            item: the text (a whole letter, or one paragraph of it).
            paragraph_start: whether to check the capital of the text's first sentence. A
                proofer checking a letter paragraph by paragraph passes False and checks the
                paragraphs' first sentences on the whole letter (:meth:`paragraph_starts`),
                since only the text before one tells whether it starts a sentence.
        """
        text = item.text
        found: list[Issue] = []
        found += self._repeated_words(item)
        found += self._capitals(item, paragraph_start)
        lang_key = "en" if item.language.startswith("en") else item.language
        for match in SPACE_BEFORE.finditer(text):
            if match.group(2) == ":" and lang_key == "id":
                continue  # "Nomor : 001/..." is the Indonesian header convention
            if item.is_protected(match.start(1), match.end(2)):
                continue
            found.append(
                _issue(
                    match.start(1),
                    match.end(2) - match.start(1),
                    "typography",
                    "warning",
                    "typography.space_before_punctuation",
                    _("Remove the space before '{mark}'.").format(mark=match.group(2)),
                    (match.group(2),),
                )
            )
        for match in DOUBLE_SPACE.finditer(text):
            if not item.is_protected(match.start(), match.end()):
                found.append(
                    _issue(
                        match.start(),
                        len(match.group(1)),
                        "typography",
                        "hint",
                        "typography.double_space",
                        _("Use a single space between words."),
                        (" ",),
                    )
                )
        for match in REPEATED_PUNCT.finditer(text):
            if item.is_protected(match.start(), match.end()) or _in_url(text, match.start()):
                continue
            found.append(
                _issue(
                    match.start(),
                    match.end() - match.start(),
                    "typography",
                    "warning",
                    "typography.repeated_punctuation",
                    _("Use one punctuation mark, not '{marks}'.").format(marks=match.group()),
                    (match.group()[-1] if match.group()[0] != "." else ".",),
                )
            )
        found += self._unbalanced(item)
        return found

    def _repeated_words(self, item: CheckInput) -> list[Issue]:
        allowed = REPEAT_ALLOWED.get("en" if item.language.startswith("en") else item.language,
                                     frozenset())  # fmt: skip
        found = []
        for match in REPEATED_WORD.finditer(item.text):
            word = match.group(1)
            if word.lower() in allowed or item.is_protected(match.start(), match.end()):
                continue
            found.append(
                _issue(
                    match.start(),
                    match.end() - match.start(),
                    "grammar",
                    "warning",
                    "grammar.repeated_word",
                    _("The word '{word}' is repeated.").format(word=word),
                    (word,),
                )
            )
        return found

    def paragraph_starts(self, item: CheckInput) -> list[Issue]:
        """Return the missing capitals at the start of the paragraphs of a whole letter."""
        firsts = []
        for p_start, p_end in paragraphs(item.text):
            spans = sentences(item.text, p_start, p_end)
            if spans:
                firsts.append(spans[0])
        return self._capitals(item, True, firsts)

    def _capitals(
        self,
        item: CheckInput,
        paragraph_start: bool,
        spans: list[tuple[int, int]] | None = None,
    ) -> list[Issue]:
        text = item.text
        found = []
        for start, end in sentences(text) if spans is None else spans:
            if not paragraph_start and not text[:start].strip():
                continue  # checked on the whole letter (paragraph_starts)
            match = LOWER_START.match(text, start, end)
            if not match or not match.group(1).islower():
                continue
            word = match.group(1) + match.group(2)
            if any(c.isupper() or c.isdigit() for c in word) or URL.match(word):
                continue  # iPhone, eBay, e-mail addresses, URLs
            if "@" in word or item.is_protected(match.start(1), match.end(2)):
                continue
            if not _after_sentence_end(text, start) or _abbreviation_like(word):
                continue  # a list item, a continued sentence, "a.n.", "d/a", "u.p."
            found.append(
                _issue(
                    match.start(1),
                    1,
                    "typography",
                    "warning",
                    "typography.sentence_capital",
                    _("Start the sentence with a capital letter."),
                    (match.group(1).upper(),),
                )
            )
        return found

    def _unbalanced(self, item: CheckInput) -> list[Issue]:
        text = item.text
        found = []
        for p_start, p_end in paragraphs(text):
            stack: list[tuple[str, int]] = []
            quotes: list[int] = []
            for mark in BRACKETS.finditer(text, p_start, p_end):
                pos, ch = mark.start(), mark.group()
                if item.is_protected(pos, pos + 1):
                    continue
                if ch in PAIRS:
                    stack.append((ch, pos))
                elif ch in CLOSERS:
                    if stack and PAIRS[stack[-1][0]] == ch:
                        stack.pop()
                    elif not _is_list_marker(text, pos):
                        found.append(self._unbalanced_issue(pos, ch))
                else:
                    quotes.append(pos)
            found += [self._unbalanced_issue(pos, ch) for ch, pos in stack]
            if len(quotes) % 2:
                found.append(self._unbalanced_issue(quotes[-1], '"'))
        return found

    @staticmethod
    def _unbalanced_issue(pos: int, mark: str) -> Issue:
        return _issue(pos, 1, "typography", "warning", "typography.unbalanced",
                      _("'{mark}' has no matching partner.").format(mark=mark))  # fmt: skip


def _in_url(text: str, pos: int) -> bool:
    return any(m.start() <= pos < m.end() for m in URL.finditer(text))


def _is_list_marker(text: str, pos: int) -> bool:
    """Return whether ``)`` closes a list marker such as "a)" or "1)" at a line start."""
    line_start = text.rfind("\n", 0, pos) + 1
    head = text[line_start:pos].strip()
    return len(head) <= 3 and head.isalnum()


def _after_sentence_end(text: str, start: int) -> bool:
    """Return whether a sentence starting at ``start`` follows a real sentence end (or nothing).

    Only then is a lowercase first letter a mistake. Text that ends without . ! ? before it
    (a salutation's comma, a colon announcing a list, a paragraph that breaks a sentence, a
    heading) is continued, and a lone list marker ("1.", "a)", "iv.") numbers an item.
    """
    before = text[max(0, start - 400) : start].rstrip()
    if not before:
        return start == 0 or not text[:start].strip()
    if not SENTENCE_CLOSE.search(before):
        return False
    line = before[before.rfind("\n") + 1 :].strip()
    return not LIST_MARKER.fullmatch(line)


def _abbreviation_like(word: str) -> bool:
    """Return whether a lowercase first word is an abbreviation: "a.n.", "u.p.", "d/a", "s.d."."""
    core = word.rstrip(".,:;")
    return "." in core or "/" in core
