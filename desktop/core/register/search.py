"""Search filters and the query they build, on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm).

Text is folded (no accents, case-folded) and split into words; every word must appear in the
reference, subject or correspondent. On SQLite words of three or more characters use the FTS5
trigram index; shorter ones, and every word on PostgreSQL, use ``LIKE`` on the folded column
(which pg_trgm's GIN index serves).

Every character of a word is taken literally, on both back ends: ``%`` and ``_`` are escaped
for ``LIKE``, and a word goes to FTS5 as one quoted string (its ``"`` doubled), so ``AND``,
``OR``, ``NOT``, ``NEAR``, ``*``, ``^``, ``-``, ``:`` and parentheses are text to find, never
operators. A word made of punctuation alone (``%``, ``&``) is a word like any other: it must
appear. A search that is not blank but folds to no word at all matches nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, false, func, or_, select, text

from desktop.core.errors import RegisterError
from desktop.core.register.codes import fold
from desktop.core.register.models import DIRECTIONS, STATUSES, Entry


@dataclass(frozen=True)
class SearchFilters:
    """What to list: every field is optional; blank means "any"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    direction: str = ""
    kind: str = ""
    status: str = ""
    series: str = ""
    correspondent: str = ""
    text: str = ""
    overdue: bool = False
    include_drafts: bool = True
    statuses: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        """Return the filters in words, for report headers ("all entries" when none)."""
        parts: list[str] = []
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else "…"
            end = self.date_to.isoformat() if self.date_to else "…"
            parts.append(f"dates {start} to {end}")
        for label, value in (
            ("direction", self.direction),
            ("kind", self.kind),
            ("status", self.status),
            ("series", self.series),
            ("correspondent", self.correspondent),
            ("text", self.text),
        ):
            if value:
                parts.append(f"{label} “{value}”")
        if self.overdue:
            parts.append("overdue incoming only")
        return "; ".join(parts) if parts else "all entries"


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_words(text: str) -> list[str]:
    """Return the folded words of a search, each to be found literally (``%`` included)."""
    return fold(text).split()


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable(value: str) -> bool:
    """Return whether ``value`` holds what no register text can (NUL, a lone surrogate)."""
    return _UNSTORABLE.search(value) is not None


def _fts_match(words: list[str]) -> str:
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def fts_only_match(filters: SearchFilters, *, dialect: str) -> str | None:
    """Return the FTS5 query when ``filters`` is text alone on SQLite (words of 3+ characters).

    Such searches are answered from the FTS index alone: the count without touching the
    entries table, and the page by walking the index newest first.
    """
    if dialect != "sqlite" or filters.text == "" or filters != SearchFilters(text=filters.text):
        return None
    words = search_words(filters.text)
    if not words or any(len(w) < 3 for w in words) or _unstorable(filters.text):
        return None
    return _fts_match(words)


def fts_rowids(match: str) -> Select[Any]:
    """Return ``SELECT rowid FROM entries_fts WHERE entries_fts MATCH`` ``match`` (SQLite)."""
    return (
        select(text("rowid"))
        .select_from(text("entries_fts"))
        .where(text("entries_fts MATCH :fts_query").bindparams(fts_query=match))
    )


def _text_condition(dialect: str, words: list[str]) -> list[Any]:
    conditions: list[Any] = []
    fts_words = [w for w in words if len(w) >= 3] if dialect == "sqlite" else []
    if fts_words:
        conditions.append(Entry.id.in_(fts_rowids(_fts_match(fts_words))))
    for word in words:
        if word not in fts_words:
            conditions.append(Entry.search_text.like(_like_pattern(word), escape="\\"))
    return conditions


def filter_conditions(filters: SearchFilters, *, dialect: str, today: dt.date) -> list[Any]:
    """Return the WHERE conditions for ``filters``; refuse unknown statuses and directions."""
    conds: list[Any] = []
    if filters.direction and filters.direction not in DIRECTIONS:
        raise RegisterError(f"unknown direction '{filters.direction}'", hint="Use out or in.")
    for status in (filters.status, *filters.statuses):
        if status and status not in STATUSES:
            raise RegisterError(
                f"unknown status '{status}'", hint="Use one of " + ", ".join(STATUSES) + "."
            )
    if any(_unstorable(v) for v in (filters.kind, filters.series, filters.correspondent)) or (
        _unstorable(filters.text)
    ):
        return [false()]  # no entry holds a NUL or a lone surrogate (and drivers refuse them)
    if filters.date_from:
        conds.append(Entry.entry_date >= filters.date_from)
    if filters.date_to:
        conds.append(Entry.entry_date <= filters.date_to)
    if filters.direction:
        conds.append(Entry.direction == filters.direction)
    if filters.kind:
        conds.append(Entry.kind == filters.kind)
    if filters.status:
        conds.append(Entry.status == filters.status)
    if filters.statuses:
        conds.append(Entry.status.in_(filters.statuses))
    if not filters.include_drafts and not filters.status:
        conds.append(Entry.status != "draft")
    if filters.series:
        conds.append(Entry.series == filters.series)
    if filters.correspondent:
        patterns = {
            _like_pattern(fold(filters.correspondent)),
            _like_pattern(filters.correspondent.lower()),
        }
        columns = (
            Entry.correspondent_name,
            Entry.correspondent_organisation,
            Entry.correspondent_email,
        )
        conds.append(
            or_(*(func.lower(c).like(p, escape="\\") for c in columns for p in sorted(patterns)))
        )
    if filters.text:
        words = search_words(filters.text)
        if words:
            conds.extend(_text_condition(dialect, words))
        elif filters.text.strip():
            conds.append(false())  # e.g. combining marks alone: nothing can contain them
    if filters.overdue:
        conds.append(
            and_(
                Entry.direction == "in",
                Entry.reply_by.is_not(None),
                Entry.reply_by < today,
                Entry.status.not_in(("replied", "void")),
            )
        )
    return conds


def entries_query(filters: SearchFilters, *, dialect: str, today: dt.date) -> Select[Any]:
    """Return ``SELECT entries`` for ``filters``, newest first."""
    conds = filter_conditions(filters, dialect=dialect, today=today)
    return select(Entry).where(*conds).order_by(Entry.id.desc())


def count_query(filters: SearchFilters, *, dialect: str, today: dt.date) -> Select[Any]:
    """Return ``SELECT count(*)`` for ``filters``."""
    conds = filter_conditions(filters, dialect=dialect, today=today)
    return select(func.count()).select_from(Entry).where(*conds)
