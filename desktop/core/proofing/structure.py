"""Whole-text house-style rules: letter structure, long sentences and paragraphs, names.

These need the whole letter (is there a salutation? does the closing fit it?), so they run on
the full text on every check; they are cheap regular expressions over its lines.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.core.i18n import _
from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.text import lines, paragraphs, sentences, word_count

# A sentence longer than this many words gets a hint to split it. LanguageTool's default for its
# too-long-sentence rule is 40 words in English; formal Portuguese and Indonesian run longer
# (a subordinate clause or two is normal in an ofício or surat dinas), so their house-style files
# set 50 and 45 (``structure.max_sentence_words``). This is the default for a file without one.
MAX_SENTENCE_WORDS = 40
MAX_PARAGRAPH_WORDS = 120
# A closing the pattern does not know is still a closing when it is a short line ending in a
# comma, followed only by a signature block (a few short lines: name, position, office, ID).
CLOSING_LINE = re.compile(r"^[^\W\d_][^,.;:!?]*,$")
MAX_CLOSING_WORDS = 6
MAX_SIGNATURE_LINES = 6
MAX_SIGNATURE_WORDS = 12


class StructureChecker:
    """Check salutation and closing, their match, lengths and names in salutations."""

    def __init__(self, data: dict[str, Any]) -> None:
        """Compile the ``structure`` section of a house-style file."""
        spec = data.get("structure", {})
        self._salutation = re.compile(spec["salutation"], re.IGNORECASE)
        self._closing = re.compile(spec["closing"], re.IGNORECASE)
        self._salutation_ok = _opt(spec.get("salutation_allowed"))
        self._closing_ok = _opt(spec.get("closing_allowed"))
        self._salutation_fix = spec.get("salutation_suggestion", "")
        self._closing_fix = spec.get("closing_suggestion", "")
        self._mismatches = [
            (re.compile(m["salutation"]), re.compile(m["closing"]), m["suggestion"])
            for m in spec.get("mismatches", [])
        ]
        self._named = _opt(spec.get("named_salutation"))
        self._generic = frozenset(w.lower() for w in spec.get("generic_addressees", []))
        self._messages: dict[str, str] = data.get("messages", {})
        self._max_sentence_words = int(spec.get("max_sentence_words", MAX_SENTENCE_WORDS))

    def _msg(self, key: str, default: str) -> str:
        return _(self._messages.get(key, default))

    def check(self, item: CheckInput) -> list[Issue]:
        """Return the whole-letter issues: names, salutation, closing and their match."""
        found = self._names(item)
        if item.kind != "letter":
            return found
        salutation, closing = self._find_parts(item.text)
        first = _first_line(item.text)
        if salutation is None:
            found.append(self._issue(first, "style.missing_salutation",
                                     self._msg("missing_salutation",
                                               "This letter has no salutation."),
                                     self._salutation_fix))  # fmt: skip
        else:
            found += self._check_salutation(item, *salutation)
        if closing is None:
            found.append(self._issue(_last_line(item.text), "style.missing_closing",
                                     self._msg("missing_closing", "This letter has no closing."),
                                     self._closing_fix))  # fmt: skip
        elif (
            self._closing_ok
            and self._closing.match(closing[1])
            and not self._closing_ok.match(closing[1])
        ):
            found.append(self._issue((closing[0], len(closing[1])), "style.closing",
                                     self._msg("closing", "Use a formal closing."),
                                     self._closing_fix))  # fmt: skip
        if salutation and closing:
            for sal_re, close_re, suggestion in self._mismatches:
                if sal_re.match(salutation[1]) and close_re.match(closing[1]):
                    found.append(self._issue((closing[0], len(closing[1])),
                                             "style.salutation_closing_mismatch",
                                             self._msg("mismatch", "The closing does not match "
                                                       "the salutation: use '{suggestion}'.")
                                             .format(suggestion=suggestion), suggestion))  # fmt: skip
        return found

    def _find_parts(self, text: str) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
        """Return (offset, line) of the salutation and of the (last) closing, if present."""
        salutation = closing = None
        for offset, line in lines(text):
            stripped = line.strip()
            start = offset + len(line) - len(line.lstrip())
            if salutation is None and self._salutation.match(stripped):
                salutation = (start, stripped)
            elif self._closing.match(stripped):
                closing = (start, stripped)
        if closing is None:
            closing = _signed_closing(text, salutation[0] if salutation else 0)
        return salutation, closing

    def name_zones(self, item: CheckInput) -> list[tuple[int, int]]:
        """Return where a letter's capitalised words are names: address, salutation, signature.

        That is the block before the salutation (inside address), the addressee's name in a
        named salutation ("Dear Ms Wulandari,") and the block after the closing (signature,
        copies). The name rule checks salutation names against the fields instead.
        """
        if item.kind != "letter":
            return []
        salutation, closing = self._find_parts(item.text)
        zones = []
        if salutation is not None:
            zones.append((0, salutation[0]))
            named = self._named.match(salutation[1]) if self._named else None
            if named:
                zones.append(
                    (salutation[0] + named.start("name"), salutation[0] + named.end("name"))
                )
        if closing is not None:
            zones.append((closing[0] + len(closing[1]), len(item.text)))
        return zones

    def _check_salutation(self, item: CheckInput, start: int, line: str) -> list[Issue]:
        found = []
        if self._salutation_ok and not self._salutation_ok.match(line):
            found.append(self._issue((start, len(line)), "style.salutation",
                                     self._msg("salutation", "Use the standard salutation."),
                                     self._salutation_fix))  # fmt: skip
        return found

    def _names(self, item: CheckInput) -> list[Issue]:
        """Flag a named addressee ("Dear Mr Silva,") that matches no field of this letter."""
        found: list[Issue] = []
        if not (self._named and item.has_fields):
            return found
        for offset, raw in lines(item.text):
            line = raw.strip()
            start = offset + len(raw) - len(raw.lstrip())
            named = self._named.match(line)
            if not named:
                continue
            name = named.group("name")
            name_start = start + named.start("name")
            generic = name.lower() in self._generic or name.split()[0].lower() in self._generic
            in_field = item.is_protected(name_start, name_start + len(name)) or any(
                name.lower() in value.lower() for value in item.field_values
            )
            if not generic and not in_field:
                found.append(
                    Issue(
                        name_start,
                        len(name),
                        "placeholder",
                        "warning",
                        "placeholder.name",
                        self._msg(
                            "unknown_name",
                            "'{name}' matches no field of this letter: "
                            "is it left over from another letter?",
                        ).format(name=name),
                    )
                )
        return found

    def lengths(self, item: CheckInput) -> list[Issue]:
        """Return the long-sentence and long-paragraph issues (paragraph-local, cacheable)."""
        found = []
        text = item.text
        for start, end in sentences(text):
            if word_count(text[start:end]) > self._max_sentence_words:
                found.append(
                    Issue(
                        start,
                        end - start,
                        "style",
                        "warning",
                        "style.long_sentence",
                        self._msg(
                            "long_sentence", "This sentence has more than {n} words: split it."
                        ).format(n=self._max_sentence_words),
                    )
                )
        for start, end in paragraphs(text):
            if word_count(text[start:end]) > MAX_PARAGRAPH_WORDS:
                found.append(
                    Issue(
                        start,
                        end - start,
                        "style",
                        "warning",
                        "style.long_paragraph",
                        self._msg(
                            "long_paragraph", "This paragraph has more than {n} words: split it."
                        ).format(n=MAX_PARAGRAPH_WORDS),
                    )
                )
        return found

    @staticmethod
    def _issue(span: tuple[int, int], rule: str, message: str, suggestion: str) -> Issue:
        return Issue(span[0], span[1], "style", "warning", rule, message, "",
                     (suggestion,) if suggestion else ())  # fmt: skip


def _signed_closing(text: str, after: int) -> tuple[int, str] | None:
    """Return (offset, line) of a closing found by its place, not its words, if there is one.

    That is the last line after ``after`` that is short, ends in a comma and is followed only by
    a signature block: at most :data:`MAX_SIGNATURE_LINES` non-blank short lines, at least one
    ("Sekretaris," above the name and ID number of an Indonesian surat dinas; "With best
    regards," above a name). Lines that end a sentence (. ! ?) inside the block are allowed
    only when short, as in "Pacific Air Service, Inc.".
    """
    found = [(o, line) for o, line in lines(text) if o > after and line.strip()]
    for index in range(len(found) - 2, max(-1, len(found) - MAX_SIGNATURE_LINES - 2), -1):
        offset, line = found[index]
        stripped = line.strip()
        if len(stripped.split()) <= MAX_CLOSING_WORDS and CLOSING_LINE.match(stripped):
            tail = found[index + 1 :]
            if all(len(t.split()) <= MAX_SIGNATURE_WORDS for _o, t in tail):
                return offset + len(line) - len(line.lstrip()), stripped
    return None


def _opt(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def _first_line(text: str) -> tuple[int, int]:
    for offset, line in lines(text):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            return offset + lead, len(line.strip())
    return 0, 0


def _last_line(text: str) -> tuple[int, int]:
    result = (0, 0)
    for offset, line in lines(text):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            result = (offset + lead, len(line.strip()))
    return result
