"""Small pure helpers of the register: verification codes and text folding for search.

A verification code is random, short and human-typable: 8 characters from an alphabet without
the look-alikes 0/O, 1/I/L, shown as ``XXXX-XXXX``. Search text is folded (accents removed,
case folded) the same way when stored and when searched, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_verification_code() -> str:
    """Return a fresh random code such as ``K7QM-4XPA``.

    One uniform draw below ``len(CODE_ALPHABET) ** CODE_LENGTH`` written in that base: every
    character is uniform and independent, as with one draw per character, for one read of the
    system's random source instead of eight.
    """
    base = len(CODE_ALPHABET)
    number = secrets.randbelow(base**CODE_LENGTH)
    chars = []
    for _ in range(CODE_LENGTH):
        number, digit = divmod(number, base)
        chars.append(CODE_ALPHABET[digit])
    raw = "".join(chars)
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str) -> str:
    """Return the stored form of a typed code (case, spaces and dashes forgiven), or ""."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return f"{raw[:4]}-{raw[4:]}"


def fold(text: str) -> str:
    """Return ``text`` without accents, case-folded, with runs of white space collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def search_text_of(*parts: str | None) -> str:
    """Return the folded search text of an entry from its reference, subject and correspondent."""
    return fold(" ".join(p for p in parts if p))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """Return the date ``days`` working days (Monday to Friday) after ``start``."""
    current = start
    remaining = max(days, 0)
    while remaining:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current
