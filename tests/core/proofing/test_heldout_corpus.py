"""The held-out proofing corpus is well-formed (no recall targets: it is for measurement only).

The files in ``tests/data/proofing/heldout`` were written after the rules and must never be used
to tune them; ``bench/proofing.py --corpus-only --heldout`` reports the proofer's figures on them.
"""

from __future__ import annotations

import pytest
from independent_corpus import (
    CORPUS_DIR,
    ERROR_KINDS,
    LANGUAGES,
    LETTER_WORDS,
    MIN_LETTERS,
    MIN_PASSAGES,
    MIN_PER_KIND,
    load,
    occurrences,
)

HELDOUT_DIR = CORPUS_DIR.parent / "heldout"


@pytest.mark.parametrize("language", LANGUAGES)
def test_heldout_file_is_well_formed(language: str) -> None:
    """The loader accepts the file; each error occurs once; sizes and letter lengths suffice."""
    corpus = load(language, HELDOUT_DIR)  # raises CorpusError naming a malformed entry
    assert corpus.language == language
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


def test_heldout_english_has_a_british_letter() -> None:
    """One English letter is checked as en-GB, the others as en."""
    languages = [letter.language for letter in load("en", HELDOUT_DIR).letters]
    assert "en-GB" in languages and "en" in languages


@pytest.mark.parametrize("language", LANGUAGES)
def test_heldout_passages_differ_from_the_independent_corpus(language: str) -> None:
    """No held-out passage or letter is copied from the independent (development) corpus."""
    heldout, development = load(language, HELDOUT_DIR), load(language)
    shared = {p.text for p in heldout.passages} & {p.text for p in development.passages}
    assert not shared, f"passages also in the independent corpus: {sorted(shared)}"
    shared_letters = {x.text for x in heldout.letters} & {x.text for x in development.letters}
    assert not shared_letters


def test_heldout_folder_says_what_it_is() -> None:
    """The folder's README marks it as a held-out set not to be used for tuning."""
    text = (HELDOUT_DIR / "README.md").read_text(encoding="utf-8")
    assert "held-out" in text and "Do not use it for tuning" in text
