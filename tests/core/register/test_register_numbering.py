"""The numbering pattern engine: tokens, widths, Roman months, periods and validation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import SettingsError
from desktop.core.register.numbering import (
    NumberContext,
    format_reference,
    month_roman,
    pattern_tokens,
    period_key,
    validate_pattern,
)

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31))
seqs = st.integers(min_value=1, max_value=10**7)
literal = st.text(
    alphabet=st.characters(blacklist_characters="{}", blacklist_categories=("Cs",)), max_size=20
)
codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=5)


def test_numbering_design_examples() -> None:
    """The three numbering examples of the README (OUT, SAC and the CS series) come out exactly."""
    ctx = NumberContext(date=dt.date(2026, 11, 22), series="CS", unit="CS")
    assert format_reference("{seq:03}/{unit}/{month_roman}/{year}", 7, ctx) == "007/CS/XI/2026"
    sac = NumberContext(date=dt.date(2026, 11, 22), unit="SAC")
    assert format_reference("OFÍCIO Nº {seq}/{year}/{unit}", 7, sac) == "OFÍCIO Nº 7/2026/SAC"
    assert format_reference("OUT-{year}-{seq:05}", 7, ctx) == "OUT-2026-00007"


def test_numbering_every_token() -> None:
    """Every token prints its value."""
    ctx = NumberContext(
        date=dt.date(2027, 3, 9), series="S1", unit="HR", kind="memo", classification="CONF"
    )
    pattern = "{series}|{unit}|{kind}|{classification}|{yy}|{month}|{month_roman}|{year}|{seq:4}"
    assert format_reference(pattern, 12, ctx) == "S1|HR|memo|CONF|27|03|III|2027|0012"


def test_numbering_literal_braces() -> None:
    """Doubled braces print one literal brace."""
    ctx = NumberContext(date=dt.date(2026, 1, 1))
    assert format_reference("{{{seq}}}", 5, ctx) == "{5}"


@pytest.mark.parametrize(
    ("month", "roman"),
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (5, "V"),
        (6, "VI"),
        (7, "VII"),
        (8, "VIII"),
        (9, "IX"),
        (10, "X"),
        (11, "XI"),
        (12, "XII"),
    ],
)
def test_numbering_month_roman(month: int, roman: str) -> None:
    """Each month maps to its Roman numeral."""
    assert month_roman(month) == roman


@pytest.mark.parametrize("month", [0, 13])
def test_numbering_month_roman_rejects_out_of_range(month: int) -> None:
    """There is no month 0 or 13."""
    with pytest.raises(ValueError):
        month_roman(month)


@given(
    date=dates,
    seq=seqs,
    width=st.integers(min_value=1, max_value=9),
    prefix=literal,
    suffix=literal,
)
def test_numbering_seq_width_and_literals(
    date: dt.date, seq: int, width: int, prefix: str, suffix: str
) -> None:
    """Literal text is kept and {seq:0N} is zero-padded to at least N digits."""
    ref = format_reference(f"{prefix}{{seq:0{width}}}{suffix}", seq, NumberContext(date=date))
    assert ref.startswith(prefix) and ref.endswith(suffix)
    middle = ref[len(prefix) : len(ref) - len(suffix)]
    assert int(middle) == seq
    assert len(middle) == max(width, len(str(seq)))


@given(date=dates, a=seqs, b=seqs, unit=codes)
def test_numbering_distinct_numbers_give_distinct_references(
    date: dt.date, a: int, b: int, unit: str
) -> None:
    """Two numbers in one period never share a reference."""
    ctx = NumberContext(date=date, unit=unit)
    pattern = "{seq:03}/{unit}/{month_roman}/{year}"
    assert (format_reference(pattern, a, ctx) == format_reference(pattern, b, ctx)) == (a == b)


@given(date=dates)
def test_numbering_roman_month_pattern_shape(date: dt.date) -> None:
    """The Indonesian-style reference always reads NNN/UNIT/ROMAN/YYYY."""
    ref = format_reference(
        "{seq:03}/{unit}/{month_roman}/{year}", 1, NumberContext(date=date, unit="CS")
    )
    assert re.fullmatch(r"001/CS/(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)/\d{4}", ref)
    assert ref.split("/")[2] == month_roman(date.month)


@given(day=dates)
def test_numbering_period_keys(day: dt.date) -> None:
    """Yearly periods change on 1 January, monthly ones on the 1st; never does not reset."""
    assert period_key("yearly", day) == f"{day.year:04d}"
    assert period_key("monthly", day) == f"{day.year:04d}-{day.month:02d}"
    assert period_key("never", day) == ""


def test_numbering_period_changes_across_year_boundary() -> None:
    """31 December and 1 January fall in different yearly and monthly periods."""
    dec, jan = dt.date(2026, 12, 31), dt.date(2027, 1, 1)
    assert period_key("yearly", dec) != period_key("yearly", jan)
    assert period_key("monthly", dec) != period_key("monthly", jan)
    assert period_key("monthly", dt.date(2026, 12, 1)) == period_key("monthly", dec)


@given(name=st.from_regex(r"[a-z_]{1,12}", fullmatch=True))
def test_numbering_unknown_tokens_are_refused(name: str) -> None:
    """Any token that is not in the list is a settings error naming it."""
    if name in (
        "seq",
        "year",
        "yy",
        "month",
        "month_roman",
        "unit",
        "series",
        "kind",
        "classification",
    ):
        return
    with pytest.raises(SettingsError, match="unknown token"):
        pattern_tokens(f"A-{{{name}}}-{{seq}}")


@pytest.mark.parametrize("pattern", ["OUT-{seq", "OUT-}{seq}", "{year:03}-{seq}"])
def test_numbering_malformed_patterns_are_refused(pattern: str) -> None:
    """Stray braces and widths on tokens other than seq are refused."""
    with pytest.raises(SettingsError):
        pattern_tokens(pattern)


@pytest.mark.parametrize(
    ("pattern", "reset"),
    [
        ("OUT-{year}", "yearly"),
        ("OUT-{seq}", "yearly"),
        ("OUT-{year}-{seq}", "monthly"),
        ("X-{seq}", "weekly"),
    ],
)
def test_numbering_validate_refuses_repeating_patterns(pattern: str, reset: str) -> None:
    """A pattern whose references would repeat within or across periods is refused."""
    with pytest.raises(SettingsError):
        validate_pattern(pattern, reset, series="OUT")


@pytest.mark.parametrize(
    ("pattern", "reset"),
    [
        ("OUT-{year}-{seq:05}", "yearly"),
        ("CHAT-{yy}{month}-{seq:04}", "monthly"),
        ("N{seq}", "never"),
    ],
)
def test_numbering_validate_accepts_sound_patterns(pattern: str, reset: str) -> None:
    """The shipped kinds of pattern pass validation."""
    validate_pattern(pattern, reset)
