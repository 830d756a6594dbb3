"""The numbering pattern engine: pure functions from a series pattern to a reference.

Tokens (README, "Configuration"): ``{seq}`` / ``{seq:03}`` (zero-padded to 3), ``{year}``, ``{yy}``,
``{month}`` (two digits), ``{month_roman}``, ``{unit}``, ``{series}``, ``{kind}``,
``{classification}``. ``{{`` and ``}}`` are literal braces. A series resets yearly, monthly or
never; the period key (``2026``, ``2026-11`` or ``""``) comes from the date of the injected clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desktop.core.errors import SettingsError
from desktop.core.i18n import _

TOKENS = ("seq", "year", "yy", "month", "month_roman", "unit", "series", "kind", "classification")
_TOKEN_RE = re.compile(r"\{\{|\}\}|\{([a-z_]+)(?::(0?)(\d{1,2}))?\}|[{}]")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class NumberContext:
    """Everything a pattern may print besides the number."""

    date: dt.date
    series: str = ""
    unit: str = ""
    kind: str = ""
    classification: str = ""


def month_roman(month: int) -> str:
    """Return the Roman numeral of a month (1 -> I, 11 -> XI)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    return _ROMAN[month - 1]


def period_key(reset: str, date: dt.date) -> str:
    """Return the counter period of ``date``: ``2026`` (yearly), ``2026-11`` (monthly), ``""``."""
    if reset == "yearly":
        return f"{date.year:04d}"
    if reset == "monthly":
        return f"{date.year:04d}-{date.month:02d}"
    if reset == "never":
        return ""
    raise SettingsError(
        _("reset '{reset}' is not one of yearly, monthly, never").format(reset=reset)
    )


def pattern_tokens(pattern: str) -> list[str]:
    """Return the tokens used by ``pattern``; refuse unknown tokens and stray braces."""
    found: list[str] = []
    for match in _TOKEN_RE.finditer(pattern):
        text = match.group(0)
        if text in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            raise SettingsError(
                _("numbering pattern '{pattern}' has a stray '{text}'").format(
                    pattern=pattern, text=text
                ),
                hint=_("Write {{ or }} for a literal brace."),
            )
        if name not in TOKENS:
            raise SettingsError(
                _("numbering pattern '{pattern}' uses unknown token '{token}'").format(
                    pattern=pattern, token="{" + name + "}"
                ),
                hint=_("Known tokens: {tokens}.").format(
                    tokens=", ".join("{" + t + "}" for t in TOKENS)
                ),
            )
        if match.group(3) is not None and name != "seq":
            raise SettingsError(
                _("numbering pattern '{pattern}': only {seq} takes a width").format(
                    pattern=pattern, seq="{seq}"
                )
            )
        found.append(name)
    return found


def validate_pattern(pattern: str, reset: str, *, series: str = "") -> None:
    """Check that ``pattern`` yields unique references for its reset period."""
    where = _("series '{series}': ").format(series=series) if series else ""
    tokens = pattern_tokens(pattern)
    if "seq" not in tokens:
        raise SettingsError(
            where
            + _("numbering pattern '{pattern}' has no {seq} token").format(
                pattern=pattern, seq="{seq}"
            )
        )
    has_year = "year" in tokens or "yy" in tokens
    has_month = "month" in tokens or "month_roman" in tokens
    if reset == "yearly" and not has_year:
        raise SettingsError(
            where
            + _("pattern '{pattern}' resets yearly but prints no {year} or {yy}").format(
                pattern=pattern, year="{year}", yy="{yy}"
            ),
            hint=_("Numbers would repeat every year."),
        )
    if reset == "monthly" and not (has_year and has_month):
        raise SettingsError(
            where
            + _("pattern '{pattern}' resets monthly but prints no year and month").format(
                pattern=pattern
            ),
            hint=_("Numbers would repeat every month."),
        )
    period_key(reset, dt.date(2000, 1, 1))


def format_reference(pattern: str, seq: int, context: NumberContext) -> str:
    """Return the reference for number ``seq`` (1-based) under ``pattern``."""
    if seq < 1:
        raise ValueError("sequence numbers start at 1")
    pattern_tokens(pattern)  # validate first
    date = context.date
    values = {
        "year": f"{date.year:04d}",
        "yy": f"{date.year % 100:02d}",
        "month": f"{date.month:02d}",
        "month_roman": month_roman(date.month),
        "unit": context.unit,
        "series": context.series,
        "kind": context.kind,
        "classification": context.classification,
    }

    def replace(match: re.Match[str]) -> str:
        text = match.group(0)
        if text == "{{":
            return "{"
        if text == "}}":
            return "}"
        name = match.group(1)
        if name == "seq":
            width = int(match.group(3) or 0)
            return f"{seq:0{width}d}" if width else str(seq)
        return values[name]

    return _TOKEN_RE.sub(replace, pattern)
