"""The speed-ups keep results exact: parallel Harper batches, caches, memos and suggestions."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from desktop.core.paths import AppPaths
from desktop.core.proofing import Proofer
from desktop.core.proofing.grammar import HarperChecker
from desktop.core.proofing.runner import GrammarRunner, _slot
from desktop.core.settings import Settings

needs_harper = pytest.mark.skipif(
    importlib.util.find_spec("harper") is None, reason="harper-py not installed"
)
needs_hunspell = pytest.mark.skipif(
    not Path("/usr/share/hunspell/en_US.dic").is_file(), reason="no system Hunspell dictionaries"
)

LETTER = "\n\n".join(
    [
        "Dear Mr Smith,",
        "We sent you a email last week about your order 4471.",
        "He have asked us to call you back tomorrow morning.",
        "Their is a problem with your account, and we are sorry.",
        "We will refund the full amount within five working days.",
        "Yours sincerely,",
    ]
)


def test_slots_are_halves_of_the_text() -> None:
    """A paragraph's slot is the part of the text it sits in, so it stays put while editing."""
    assert [_slot(s, s + 10, 100, 2) for s in (0, 30, 44, 46, 60, 90)] == [0, 0, 0, 1, 1, 1]
    assert _slot(0, 100, 100, 1) == 0
    assert _slot(0, 0, 0, 2) == 0


@needs_harper
def test_parallel_harper_batches_match_one_linter() -> None:
    """Two Linters on two batches find what one Linter finds, at the same offsets."""
    paras = []
    start = 0
    for block in LETTER.split("\n\n"):
        paras.append((start, start + len(block)))
        start += len(block) + 2
    one = GrammarRunner().run_offline(HarperChecker(False, linters=1), "en", LETTER, paras)
    two = GrammarRunner().run_offline(HarperChecker(False, linters=2), "en", LETTER, paras)
    key = lambda i: (i.offset, i.length, i.rule_id, i.message)  # noqa: E731
    assert sorted(two, key=key) == sorted(one, key=key)
    flagged = {LETTER[i.offset : i.end] for i in two}
    assert flagged >= {"a", "have", "Their"}, flagged
    assert "4471" not in flagged


@needs_harper
@needs_hunspell
def test_clear_caches_gives_the_same_report(tmp_path: Path) -> None:
    """A check after clearing every cache, Harper's included, reports exactly the same."""
    proofer = Proofer(Settings(), AppPaths(tmp_path / "data"))
    first = proofer.check_text(LETTER, "en")
    again = proofer.check_text(LETTER, "en")
    proofer.clear_caches(engines=True)
    cleared = proofer.check_text(LETTER, "en")
    assert first.issues == again.issues == cleared.issues
    assert any(i.rule_id.startswith("harper.") for i in cleared.issues)


@needs_harper
@needs_hunspell
def test_edited_paragraph_recheck_matches_full_check(tmp_path: Path) -> None:
    """Re-checking after an edit (other paragraphs cached) equals checking the text afresh."""
    proofer = Proofer(Settings(), AppPaths(tmp_path / "data"))
    proofer.check_text(LETTER, "en")
    edited = LETTER.replace("five working days", "fiev working days")
    incremental = proofer.check_text(edited, "en")
    fresh = Proofer(Settings(), AppPaths(tmp_path / "other")).check_text(edited, "en")
    assert incremental.issues == fresh.issues
    assert any(incremental.flagged(i) == "fiev" for i in incremental.issues)
