"""Verification codes, search folding, working days and safe file names."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.register.codes import (
    CODE_ALPHABET,
    add_working_days,
    fold,
    new_verification_code,
    normalise_code,
)
from desktop.core.services.issuing import safe_file_stem


def test_codes_shape_and_alphabet() -> None:
    """Codes read XXXX-XXXX without look-alike characters."""
    for _ in range(200):
        code = new_verification_code()
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
        assert not set(code) & set("01OIL")


def test_codes_are_random() -> None:
    """A thousand codes are all different."""
    assert len({new_verification_code() for _ in range(1000)}) == 1000


def test_codes_characters_are_uniform_at_every_position() -> None:
    """Each of the 31 characters appears about equally often at each of the 8 positions.

    15,500 codes: 500 expected per character and position, standard deviation ~22; the bounds
    (350-650) are more than six deviations away, so a fair generator does not fail them.
    """
    codes = [new_verification_code().replace("-", "") for _ in range(15_500)]
    for position in range(8):
        counts = Counter(code[position] for code in codes)
        assert set(counts) == set(CODE_ALPHABET)
        assert min(counts.values()) >= 350 and max(counts.values()) <= 650, (position, counts)


@given(raw=st.text(alphabet=CODE_ALPHABET, min_size=8, max_size=8))
def test_codes_normalise_forgives_case_and_dashes(raw: str) -> None:
    """Lower case, spaces and a missing dash still give the stored form."""
    assert normalise_code(f" {raw.lower()[:3]} {raw.lower()[3:]} ") == f"{raw[:4]}-{raw[4:]}"


def test_codes_normalise_rejects_wrong_codes() -> None:
    """Too short, too long or look-alike characters give an empty string."""
    assert normalise_code("ABC") == ""
    assert normalise_code("ABCD-EFGH-J") == ""
    assert normalise_code("ABCD-0FGH") == ""


def test_codes_fold_removes_accents_and_case() -> None:
    """São  PAULO folds to sao paulo."""
    assert fold("São  PAULO") == "sao paulo"
    assert fold("Ofício Nº 7") == "oficio no 7"


def test_codes_working_days_skip_weekends() -> None:
    """Five working days after a Friday is the next Friday."""
    friday = dt.date(2026, 11, 20)
    assert add_working_days(friday, 5) == dt.date(2026, 11, 27)
    assert add_working_days(friday, 1) == dt.date(2026, 11, 23)


def test_file_stem_example() -> None:
    """The reference and correspondent make the name; slashes become dashes."""
    assert safe_file_stem("OUT-2026-00007", "Silva & Filhos") == "OUT-2026-00007 Silva & Filhos"
    assert safe_file_stem("007/CS/XI/2026", "Ana") == "007-CS-XI-2026 Ana"


@given(reference=st.text(max_size=80), name=st.text(max_size=300))
def test_file_stem_is_safe_everywhere(reference: str, name: str) -> None:
    """No forbidden character, no control character, bounded length, never empty."""
    stem = safe_file_stem(reference, name)
    assert stem and stem == stem.strip() and not stem.endswith(".")
    assert not re.search(r'[\\/:*?"<>|\x00-\x1f\x7f]', stem)
    assert len(stem.encode("utf-8")) <= 150
    assert stem.upper() not in ("CON", "PRN", "AUX", "NUL")
