"""Dates, times and counts as the interface language writes them (Babel), in local time.

The register stores dates as ISO dates and moments in UTC; people read "4 de dez. de 2026"
or "4 Des 2026", and a moment in their own time zone. Everything here reads the active
interface language at call time, so a live language switch needs no restart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.i18n import ui_language

# Babel locale of each interface language ("en" reads day-month like the British templates).
BABEL_LOCALES = {"en": "en_GB", "pt_BR": "pt_BR", "id": "id"}


def babel_locale() -> str:
    """Return the Babel locale name of the active interface language."""
    return BABEL_LOCALES.get(ui_language(), "en_GB")


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _as_moment(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, dt.datetime):
        try:
            value = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return None
    if value.tzinfo is None:  # the register keeps naive moments in UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone()


def ui_date(value: Any, *, short: bool = False) -> str:
    """Return a date (``date``, ``datetime`` or ISO text) in the interface language; "" if none.

    ``short`` gives the numeric form for table columns ("24/11/2026"); otherwise the month is
    written out ("24 de nov. de 2026", "24 Nov 2026").
    """
    from babel.dates import format_date

    day = _as_date(value)
    if day is None:
        return str(value or "")
    return format_date(day, format="short" if short else "medium", locale=babel_locale())


def ui_datetime(value: Any) -> str:
    """Return a moment in local time, in the interface language ("4 Dec 2026, 10:00")."""
    from babel.dates import format_date, format_time

    moment = _as_moment(value)
    if moment is None:
        return str(value or "")
    locale = babel_locale()
    day = format_date(moment.date(), format="medium", locale=locale)
    return f"{day} {format_time(moment.time(), format='short', locale=locale)}"


def ui_count(value: int) -> str:
    """Return a count with the interface language's digit grouping ("1,234", "1.234")."""
    from babel.numbers import format_decimal

    exact = getattr(value, "exact", True)
    shown = int(value) if exact else int(value) - 1
    text = format_decimal(shown, locale=babel_locale())
    return text if exact else text + "+"


def qt_date_format() -> str:
    """Return the interface language's numeric date format for date inputs ("dd/MM/yyyy").

    Taken from Qt's locale data; a two-digit year is widened to four, so typing a date never
    guesses the century.
    """
    from PySide6.QtCore import QLocale

    pattern = QLocale(babel_locale()).dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "yyyy")
    return pattern
