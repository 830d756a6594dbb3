"""The independent proofing corpus: its own shape, the scorer, and the proofer's targets.

The target tests (recall, grammar recall, no blocked correct letter, at most 0.5 notices per
correct letter) measure the proofer against passages written without reading its rules; on
failure they print every missed passage or everything flagged in each correct letter.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from independent_corpus import (
    ERROR_KINDS,
    LANGUAGES,
    LETTER_WORDS,
    MIN_LETTERS,
    MIN_PASSAGES,
    MIN_PER_KIND,
    CorpusError,
    LanguageScore,
    is_availability_notice,
    load,
    occurrences,
    overlaps,
    score,
)

from desktop.core.proofing import Issue, Proofer

MIN_RECALL = 0.9
MIN_GRAMMAR_RECALL = 0.7
MAX_NOTICES_PER_LETTER = 0.5


# --- the corpus itself ---------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_corpus_file_is_well_formed(language: str) -> None:
    """Each error occurs once in its text; sizes per kind and letter lengths meet the minimums."""
    corpus = load(language)  # raises CorpusError naming the entry if an error is not found once
    assert all(occurrences(p.text, p.error) == 1 for p in corpus.passages)
    assert len(corpus.passages) >= MIN_PASSAGES
    per_kind = {k: sum(p.kind == k for p in corpus.passages) for k in ERROR_KINDS}
    short = {k: n for k, n in per_kind.items() if n < MIN_PER_KIND[k]}
    assert not short, f"too few passages of a kind: {short} (minimums {MIN_PER_KIND})"
    texts = [p.text for p in corpus.passages]
    assert len(set(texts)) == len(texts), "a passage is repeated"
    assert len(corpus.letters) >= MIN_LETTERS
    low, high = LETTER_WORDS
    wrong = {
        letter.label: letter.words for letter in corpus.letters if not low <= letter.words <= high
    }
    assert not wrong, f"letters outside {low}-{high} words: {wrong}"
    assert {letter.kind for letter in corpus.letters} == {"letter", "email", "memo"}


def test_english_corpus_has_british_and_american_letters() -> None:
    """English has a letter checked as en-GB (British spelling) and US-spelling ones."""
    languages = {letter.language for letter in load("en").letters}
    assert languages == {"en", "en-GB"}


def test_corpus_rejects_an_error_that_is_not_in_the_text(tmp_path: Path) -> None:
    """A passage whose error is absent, or present twice, is refused with its place named."""
    (tmp_path / "en.yaml").write_text(
        "passages:\n"
        "  - {kind: grammar, text: 'We was late.', error: 'We was', fix: 'We were'}\n"
        "  - {kind: spelling, text: 'the the cat', error: 'the', fix: 'a'}\n"
        "correct_letters: []\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"en\.yaml, passages entry 2: error 'the' occurs 2"):
        load("en", tmp_path)


def test_overlap_counts_touching_spans_only_when_they_share_text() -> None:
    """An issue detects the error when their spans share at least one character."""
    error = (10, 15)

    def issue(offset: int, length: int) -> Issue:
        return Issue(offset, length, "grammar", "warning", "rule", "message")

    assert overlaps(issue(12, 1), *error)
    assert overlaps(issue(5, 6), *error)  # ends inside the error
    assert overlaps(issue(14, 10), *error)  # starts on its last character
    assert not overlaps(issue(5, 5), *error)  # ends just before it
    assert not overlaps(issue(15, 3), *error)  # starts just after it
    assert overlaps(issue(10, 0), *error)  # an empty issue counts at its offset


def test_availability_notices_are_told_apart_from_other_notices() -> None:
    """Notices about grammar engines do not count against a letter; others do."""
    assert is_availability_notice(
        "grammar checked by Missiva's built-in rules only (no grammar engine exists for Indonesian)"
    )
    assert is_availability_notice("LanguageTool is not reachable; grammar checking is limited")
    assert is_availability_notice("the pt-BR dictionary is not installed")
    assert not is_availability_notice("the letter has no closing")
    assert not is_availability_notice("3 words in capitals")


# --- the proofer against the corpus --------------------------------------------------------


@pytest.fixture(scope="module")
def scores(shared_proofer: Proofer) -> dict[str, LanguageScore]:
    """Score every language once for this module."""
    return {language: score(shared_proofer, language) for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_recall_per_language(scores: dict[str, LanguageScore], language: str) -> None:
    """At least 90% of the passages' errors are flagged (any issue overlapping the error)."""
    result = scores[language]
    by_kind = {k: round(result.recall(k), 2) for k in ERROR_KINDS}
    assert result.recall() >= MIN_RECALL, (
        f"{language}: recall {result.recall():.2f} < {MIN_RECALL} (by kind {by_kind}); "
        f"missed:\n{result.missed_report()}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_grammar_recall_per_language(scores: dict[str, LanguageScore], language: str) -> None:
    """At least 70% of the grammar passages' errors are flagged."""
    result = scores[language]
    missed = "\n".join(
        line for line in result.missed_report().splitlines() if line.startswith("grammar")
    )
    assert result.recall("grammar") >= MIN_GRAMMAR_RECALL, (
        f"{language}: grammar recall {result.recall('grammar'):.2f} < {MIN_GRAMMAR_RECALL}; "
        f"missed:\n{missed}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_correct_letter_is_blocked(scores: dict[str, LanguageScore], language: str) -> None:
    """No correct letter gets an issue of severity error (the gate would refuse it)."""
    result = scores[language]
    assert not result.blocked, (
        f"{language}: {len(result.blocked)} of {len(result.letters)} correct letters blocked:\n"
        f"{result.letters_report(blocking_only=True)}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_few_notices_on_correct_letters(scores: dict[str, LanguageScore], language: str) -> None:
    """Correct letters get at most 0.5 issues (plus non-availability notices) each on average."""
    result = scores[language]
    assert result.notices_per_letter() <= MAX_NOTICES_PER_LETTER, (
        f"{language}: {result.notices_per_letter():.2f} notices per correct letter > "
        f"{MAX_NOTICES_PER_LETTER}:\n{result.letters_report()}"
    )
