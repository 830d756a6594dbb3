"""Load the independent proofing corpus and score a proofer on it (tests and bench share this).

The corpus lives in ``tests/data/proofing/independent/<language>.yaml`` (format and rules in the
README next to it). Scoring:

- A passage is checked as one paragraph of a document of its kind (``letter`` unless the entry
  says ``document: email`` or ``memo``): it is framed by the language's salutation and closing
  (:data:`FRAMES`), so that checks of a document's shape (no salutation, no closing) have a
  whole document to look at instead of firing on a bare sentence. The passage is **detected**
  when the proofer reports any issue, of any category and severity, whose span overlaps the
  passage's ``error`` substring and lies within the passage (an issue reaching into the frame
  is about the document, not about the error).
- A correct letter is **blocked** when the proofer reports at least one issue of severity
  ``error`` in it (the gate would refuse to issue it).
- **Notices** on a correct letter are its issues of any severity plus the report's notices that
  are not engine-availability notices (see :func:`is_availability_notice`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from desktop.core.proofing import Issue, Proofer, ProofingReport

CORPUS_DIR = Path(__file__).resolve().parents[2] / "data" / "proofing" / "independent"
LANGUAGES: tuple[str, ...] = ("en", "pt-BR", "id")
ERROR_KINDS: tuple[str, ...] = ("spelling", "grammar", "style")
DOCUMENT_KINDS: tuple[str, ...] = ("letter", "email", "memo")
# Minimum sizes of each language's file (checked by the corpus's own test).
MIN_PASSAGES = 66
MIN_PER_KIND = {"spelling": 18, "grammar": 28, "style": 18}
MIN_LETTERS = 6
LETTER_WORDS = (150, 300)
# A report notice that only says which grammar engines or dictionaries were (not) available says
# nothing about the text, so it does not count against a correct letter. Matched case-insensitively
# against the whole notice; everything else a report notices does count.
AVAILABILITY_NOTICE = re.compile(
    r"grammar check|grammar engine|languagetool|harper|built-in rules|"
    r"dictionar(y|ies)\b.*\b(not (found|installed|available)|missing|install)",
    re.IGNORECASE,
)


# Salutation before and closing after a passage, per language: a minimal, correct letter.
FRAMES: dict[str, tuple[str, str]] = {
    "en": ("Dear Ms. Carter,\n\n", "\n\nSincerely,\n\nCustomer Service\n"),
    "en-GB": ("Dear Ms Carter,\n\n", "\n\nYours sincerely,\n\nCustomer Service\n"),
    "pt-BR": ("Prezado cliente,\n\n", "\n\nAtenciosamente,\n\nCentral de Atendimento\n"),
    "id": ("Dengan hormat,\n\n", "\n\nHormat kami,\n\nLayanan Pelanggan\n"),
}


class CorpusError(ValueError):
    """A corpus file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Passage:
    """One labelled passage with exactly one error.

    Attributes:
        index: position of the passage in its file (0-based).
        text: the passage.
        kind: the kind of error: spelling, grammar or style.
        error: the wrong text, occurring exactly once in ``text``.
        fix: what it should be (for people; not scored).
        language: the language to check it in.
        document: the document kind to check it as (letter unless the entry says otherwise).
    """

    index: int
    text: str
    kind: str
    error: str
    fix: str
    language: str
    document: str = "letter"

    @property
    def start(self) -> int:
        """Return the offset of the error in the text."""
        return self.text.index(self.error)

    @property
    def end(self) -> int:
        """Return the offset just past the error."""
        return self.start + len(self.error)


@dataclass(frozen=True)
class Letter:
    """One fully correct letter, e-mail or memo."""

    index: int
    text: str
    kind: str
    language: str

    @property
    def words(self) -> int:
        """Return the number of whitespace-separated words."""
        return len(self.text.split())

    @property
    def label(self) -> str:
        """Return a short name for messages: kind, number and first line."""
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return f"{self.kind} #{self.index + 1} ({first[:50]!r})"


@dataclass(frozen=True)
class Corpus:
    """The passages and correct letters of one language."""

    language: str
    passages: tuple[Passage, ...]
    letters: tuple[Letter, ...]


def occurrences(text: str, needle: str) -> int:
    """Return how many times ``needle`` occurs in ``text``, overlapping occurrences included."""
    count, start = 0, text.find(needle)
    while start >= 0 and needle:
        count += 1
        start = text.find(needle, start + 1)
    return count


def _string(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CorpusError(f"{where}: '{key}' must be a non-empty string, got {value!r}.")
    return value


def _passage(entry: Any, index: int, language: str, path: Path) -> Passage:
    where = f"{path}, passages entry {index + 1}"
    if not isinstance(entry, dict):
        raise CorpusError(f"{where}: expected a mapping with text, kind, error and fix.")
    text, kind = _string(entry, "text", where), _string(entry, "kind", where)
    error, fix = _string(entry, "error", where), _string(entry, "fix", where)
    if kind not in ERROR_KINDS:
        raise CorpusError(f"{where}: kind {kind!r} is not one of {', '.join(ERROR_KINDS)}.")
    found = occurrences(text, error)
    if found != 1:
        raise CorpusError(f"{where}: error {error!r} occurs {found} times in the text, not once.")
    document = entry.get("document", "letter")
    if document not in DOCUMENT_KINDS:
        raise CorpusError(f"{where}: document {document!r} is not one of {DOCUMENT_KINDS}.")
    return Passage(index, text, kind, error, fix, entry.get("language", language), document)


def _letter(entry: Any, index: int, language: str, path: Path) -> Letter:
    where = f"{path}, correct_letters entry {index + 1}"
    if not isinstance(entry, dict):
        raise CorpusError(f"{where}: expected a mapping with kind and text.")
    text, kind = _string(entry, "text", where), _string(entry, "kind", where)
    if kind not in DOCUMENT_KINDS:
        raise CorpusError(f"{where}: kind {kind!r} is not one of {', '.join(DOCUMENT_KINDS)}.")
    return Letter(index, text, kind, entry.get("language", language))


def load(language: str, directory: Path = CORPUS_DIR) -> Corpus:
    """Read and validate the corpus of one language.

    Args:
        language: "en", "pt-BR" or "id" (the file name without ``.yaml``).
        directory: where the corpus files are.

    Returns:
        The passages and letters, in file order.

    Raises:
        CorpusError: the file is missing a section or an entry is malformed (the message names
            the file and the entry's number).
    """
    path = directory / f"{language}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping with 'passages' and 'correct_letters'.")
    file_language = data.get("language", language)
    for section in ("passages", "correct_letters"):
        if not isinstance(data.get(section), list):
            raise CorpusError(f"{path}: '{section}' must be a list.")
    return Corpus(
        file_language,
        tuple(_passage(e, i, file_language, path) for i, e in enumerate(data["passages"])),
        tuple(_letter(e, i, file_language, path) for i, e in enumerate(data["correct_letters"])),
    )


def overlaps(issue: Issue, start: int, end: int) -> bool:
    """Return whether an issue's span overlaps [start, end); an empty issue counts at its offset."""
    issue_end = max(issue.end, issue.offset + 1)
    return issue.offset < end and start < issue_end


def is_availability_notice(notice: str) -> bool:
    """Return whether a report notice only says which engines or dictionaries were available."""
    return bool(AVAILABILITY_NOTICE.search(notice))


def describe(report: ProofingReport, issues: Iterable[Issue]) -> list[str]:
    """Return one line per issue: severity, rule id, flagged text and message."""
    return [
        f"{i.severity} {i.rule_id} {report.flagged(i)!r}: {i.message}"
        for i in sorted(issues, key=lambda i: (i.offset, i.rule_id))
    ]


@dataclass
class LetterResult:
    """What the proofer reported on one correct letter."""

    letter: Letter
    issues: list[str]
    blocking: list[str]
    notices: list[str]  # the notices that count (not engine-availability ones)

    @property
    def count(self) -> int:
        """Return the notices that count against the letter: issues plus counted notices."""
        return len(self.issues) + len(self.notices)


@dataclass
class LanguageScore:
    """The scores of one language."""

    language: str
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ERROR_KINDS, 0))
    detected: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ERROR_KINDS, 0))
    missed: list[tuple[Passage, list[str]]] = field(default_factory=list)
    letters: list[LetterResult] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float:
        """Return the share of passages detected, overall or for one kind of error."""
        total = sum(self.total.values()) if kind is None else self.total[kind]
        found = sum(self.detected.values()) if kind is None else self.detected[kind]
        return found / total if total else 1.0

    @property
    def blocked(self) -> list[LetterResult]:
        """Return the correct letters with at least one blocking issue."""
        return [r for r in self.letters if r.blocking]

    def issues_per_letter(self) -> float:
        """Return the mean number of issues (any severity) per correct letter."""
        return sum(len(r.issues) for r in self.letters) / len(self.letters) if self.letters else 0.0

    def notices_per_letter(self) -> float:
        """Return the mean of issues plus counted report notices per correct letter."""
        return sum(r.count for r in self.letters) / len(self.letters) if self.letters else 0.0

    def summary(self) -> dict[str, Any]:
        """Return the figures as JSON-ready data (the bench's ``corpus`` section per language)."""
        return {
            "passages": sum(self.total.values()),
            "detected": sum(self.detected.values()),
            "recall": round(self.recall(), 3),
            "recall_by_kind": {k: round(self.recall(k), 3) for k in ERROR_KINDS},
            "passages_by_kind": dict(self.total),
            "correct_letters": len(self.letters),
            "blocked_letters": len(self.blocked),
            "issues_per_letter": round(self.issues_per_letter(), 3),
            "notices_per_letter": round(self.notices_per_letter(), 3),
            "missed": [f"{p.kind}: {p.error}" for p, _flagged in self.missed],
        }

    def missed_report(self) -> str:
        """Return the missed passages, one per line, with what was flagged in them instead."""
        lines = []
        for passage, flagged in self.missed:
            note = f" (flagged instead: {'; '.join(flagged)})" if flagged else ""
            lines.append(
                f"{passage.kind} #{passage.index + 1}: {passage.error!r} -> {passage.fix!r} "
                f"in {passage.text!r}{note}"
            )
        return "\n".join(lines)

    def letters_report(self, blocking_only: bool = False) -> str:
        """Return what was flagged in each letter that got anything, one block per letter."""
        blocks = []
        for result in self.letters:
            lines = result.blocking if blocking_only else result.issues + result.notices
            if lines:
                blocks.append(result.letter.label + ":\n  " + "\n  ".join(lines))
        return "\n".join(blocks)


def frame(passage: Passage) -> tuple[str, int]:
    """Return the passage inside its language's salutation and closing, and where it starts."""
    head, tail = FRAMES.get(passage.language) or FRAMES[passage.language.split("-")[0]]
    return head + passage.text + tail, len(head)


def check_passage(proofer: Proofer, passage: Passage) -> tuple[bool, ProofingReport, list[Issue]]:
    """Check one passage in its frame.

    Returns:
        Whether the error was detected, the report on the framed text, and the issues that lie
        within the passage.
    """
    text, shift = frame(passage)
    report = proofer.check_text(text, passage.language, kind=passage.document)
    inside = [i for i in report.issues if i.offset >= shift and i.end <= shift + len(passage.text)]
    start, end = shift + passage.start, shift + passage.end
    return any(overlaps(i, start, end) for i in inside), report, inside


def check_letter(proofer: Proofer, letter: Letter) -> LetterResult:
    """Check one correct letter and collect what the proofer reported."""
    report = proofer.check_text(letter.text, letter.language, kind=letter.kind)
    return LetterResult(
        letter,
        describe(report, report.issues),
        describe(report, report.blocking),
        [n for n in report.notices if not is_availability_notice(n)],
    )


def score(proofer: Proofer, language: str, corpus: Corpus | None = None) -> LanguageScore:
    """Check every passage and correct letter of a language and count the results."""
    corpus = corpus or load(language)
    result = LanguageScore(language)
    for passage in corpus.passages:
        result.total[passage.kind] += 1
        found, report, inside = check_passage(proofer, passage)
        if found:
            result.detected[passage.kind] += 1
            continue
        result.missed.append((passage, describe(report, inside)))
    result.letters = [check_letter(proofer, letter) for letter in corpus.letters]
    return result


def summary(proofer: Proofer, languages: Iterable[str] = LANGUAGES) -> dict[str, Any]:
    """Return the figures of every language, JSON-ready (the bench's ``corpus`` section)."""
    return {language: score(proofer, language).summary() for language in languages}
