"""One page of a search, newest first, and how many entries match, counted up to a cap.

Counting every match was what made broad searches slow: "silva" matches 170,000 entries of a
million, and PostgreSQL must re-check each one against the table (a trigram index only narrows
the candidates). A search therefore counts at most :data:`COUNT_CAP` matches (more when the page
asked for lies further on) and reports a :class:`Total` that says "10,000+" beyond. The
unfiltered list keeps its exact total: PostgreSQL reads it from ``entry_totals`` (kept by
triggers), SQLite counts rows quickly enough.

How a page is found (decision 0008):

- no filter: the newest entries by primary key;
- SQLite, text alone: the FTS5 index answers both the capped count and the page (walking the
  index newest first) without touching the entries table;
- anything else: one query gathers up to cap + 1 matching ids in whatever order the index gives
  them, counts them and sorts the page out of them. Under the cap that is the whole answer,
  whatever the planner guesses about where the matches lie (matches bunched among the oldest
  entries made a newest-first walk of the primary key read the whole table). Past the cap the
  matches are dense, and the page comes from walking the primary key newest first, which stops
  as soon as the page is full.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, func, select, text, true
from sqlalchemy.orm import Session

from desktop.core.register.models import Entry
from desktop.core.register.search import (
    SearchFilters,
    filter_conditions,
    fts_only_match,
    fts_rowids,
)

COUNT_CAP = 10_000


class Total(int):
    """How many entries match a search: exact, or a lower bound when counting stopped early.

    A plain ``int`` to every caller (``len(rows) < total`` still means "more to fetch"); when
    ``exact`` is false the value is one more than the cap counted to, and :meth:`display`
    shows ``10,000+``.
    """

    exact: bool

    def __new__(cls, value: int, *, exact: bool = True) -> Total:
        """Make a total of ``value`` (``exact=False``: at least that many)."""
        total = super().__new__(cls, value)
        total.exact = exact
        return total

    def display(self) -> str:
        """Return the count for people: ``1,234``, or ``10,000+`` when it is a lower bound."""
        return f"{int(self):,}" if self.exact else f"{int(self) - 1:,}+"


def _newest_ids(conditions: list[Any], limit: int, offset: int) -> Select[Any]:
    stmt = select(Entry.id).where(*conditions).order_by(Entry.id.desc())
    return stmt.limit(limit).offset(offset)


def _exact_total(dialect: str) -> Select[Any]:
    if dialect == "postgresql":  # kept by triggers (migration 0003): count(*) visits every row
        return select(text("total")).select_from(text("entry_totals")).where(text("id = 1"))
    return select(func.count()).select_from(Entry)


def find_page(
    session: Session,
    filters: SearchFilters,
    *,
    dialect: str,
    today: dt.date,
    limit: int,
    offset: int,
) -> tuple[list[int], Total]:
    """Return the ids of one page of matches (in no particular order) and the total.

    Raises:
        RegisterError: an unknown status or direction in ``filters``.
    """
    conditions = filter_conditions(filters, dialect=dialect, today=today)
    if not conditions:
        total = Total(session.scalar(_exact_total(dialect)) or 0)
        return list(session.scalars(_newest_ids(conditions, limit, offset))), total
    cap = max(COUNT_CAP, offset + limit)
    match = fts_only_match(filters, dialect=dialect)
    if match is not None:
        capped = fts_rowids(match).limit(cap + 1).subquery()
        counted = session.scalar(select(func.count()).select_from(capped)) or 0
        page = fts_rowids(match).order_by(text("rowid DESC")).limit(limit).offset(offset)
        return list(session.scalars(page)), Total(counted, exact=counted <= cap)
    hits = select(Entry.id).where(*conditions).limit(cap + 1).cte("hits")
    hits = hits.prefix_with("MATERIALIZED")
    counted_q = select(func.count().label("total")).select_from(hits).subquery()
    page_q = select(hits.c.id).order_by(hits.c.id.desc()).limit(limit).offset(offset).subquery()
    rows = session.execute(
        select(counted_q.c.total, page_q.c.id).select_from(counted_q.outerjoin(page_q, true()))
    ).all()
    counted = rows[0].total
    if counted <= cap:
        return [row.id for row in rows if row.id is not None], Total(counted)
    return list(session.scalars(_newest_ids(conditions, limit, offset))), Total(
        counted, exact=False
    )
