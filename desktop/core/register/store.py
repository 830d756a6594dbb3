"""The :class:`Register`: numbering, entries, drafts, incoming items and status history.

Every write runs in one transaction (:meth:`Register.transaction`): on SQLite it starts with
``BEGIN IMMEDIATE`` (one writer at a time, others wait up to the busy timeout); on PostgreSQL
the counter row and the chain head are locked with ``SELECT ... FOR UPDATE``/``UPDATE``. A number
is taken in the same transaction that writes its entry, so numbers are gapless per series and
period: a rolled-back or killed transaction takes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import JSON, Table, bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from desktop.core.errors import RegisterError
from desktop.core.i18n import _
from desktop.core.register.chain import entry_digest, history_digest
from desktop.core.register.codes import new_verification_code, search_text_of
from desktop.core.register.models import ChainHead, Counter, Entry, OutputFile, StatusChange
from desktop.core.register.numbering import (
    NumberContext,
    format_reference,
    period_key,
    validate_pattern,
)
from desktop.core.register.queries import WITNESS_PENDING, RegisterReader
from desktop.core.register.witness import code_digest
from desktop.core.settings import Series

INCOMING_SERIES = Series(id="IN", pattern="IN-{year}-{seq:05}", reset="yearly")
_LATER = ("sent", "printed", "replied", "void")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("void",),
    "issued": _LATER,
    "received": ("replied", "void"),
    "sent": _LATER,
    "printed": _LATER,
    "replied": ("sent", "printed", "void"),
    "void": (),
}


def _counter_upsert(insert: Any) -> Any:
    return (
        insert(Counter)
        .values(series=bindparam("series"), period=bindparam("period"), value=1)
        .on_conflict_do_update(
            index_elements=[Counter.series, Counter.period], set_={"value": Counter.value + 1}
        )
        .returning(Counter.value)
    )


# Built once: building them anew for every letter cost more than running them (decision 0008).
_TAKE_NUMBER = {"postgresql": _counter_upsert(pg_insert), "sqlite": _counter_upsert(sqlite_insert)}
_LOCK_CHAIN_HEAD = select(ChainHead).where(ChainHead.id == 1).with_for_update()
# Appending an entry writes its rows with these statements (no ORM unit of work: decision 0009).
_READ_CHAIN_HEAD = (
    select(ChainHead.last_seq, ChainHead.last_hash).where(ChainHead.id == 1).with_for_update()
)
_MOVE_CHAIN_HEAD = (
    update(ChainHead)
    .where(ChainHead.id == 1)
    .values(last_seq=bindparam("new_seq"), last_hash=bindparam("new_hash"))
)
_SEE_CHAIN_HEAD = select(ChainHead.last_seq, ChainHead.last_hash).where(ChainHead.id == 1)
_INSERT_ENTRY = insert(cast(Table, Entry.__table__))
_INSERT_FILE = insert(cast(Table, OutputFile.__table__))
_INSERT_CHANGE = insert(cast(Table, StatusChange.__table__))


@functools.cache
def _scalar_defaults(table: Table) -> tuple[tuple[str, Any], ...]:
    found = []
    for column in table.columns:
        if isinstance(column.default, ScalarElementColumnDefault):
            found.append((column.key, column.default.arg))
    return tuple(found)


@functools.cache
def _insert_columns(table: Table) -> tuple[tuple[str, bool], ...]:
    """Return the columns an INSERT of ``table`` sets (not ``id``), each with "is JSON"."""
    return tuple(
        (column.key, isinstance(column.type, JSON))
        for column in table.columns
        if column.key != "id"
    )


def _row(item: Any) -> dict[str, Any]:
    """Return the column values of a new model object, as the ORM's flush would insert them.

    A JSON attribute never set is left out (SQL NULL); one set to None is written as the JSON
    text ``null``, like the ORM does.
    """
    values = {}
    state = vars(item)  # the attributes set on the object
    for key, is_json in _insert_columns(item.__table__):
        if is_json and key not in state:
            continue
        values[key] = getattr(item, key)
    return values


def _apply_defaults(item: Any) -> None:
    for key, value in _scalar_defaults(item.__table__):
        if getattr(item, key) is None:
            setattr(item, key, value)


@functools.cache
def current_user() -> str:
    """Return the OS user name (the author of entries), or "" when unknown (asked once)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


@dataclass
class Reservation:
    """A number taken inside an open write transaction (see :meth:`Register.reserve`)."""

    register: Register
    session: Session
    series: str
    period: str
    seq: int
    reference: str
    now: dt.datetime
    today: dt.date

    def record(self, entry: Entry, *, status: str = "issued", note: str = "") -> Entry:
        """Give ``entry`` this number, append it to the chain and write it (not yet committed)."""
        entry.reference = self.reference
        entry.series, entry.period, entry.seq = self.series, self.period, self.seq
        return self.register.append(self.session, entry, status=status, note=note)


class Register(RegisterReader):
    """The correspondence register on one database (build with :func:`open_register`)."""

    # -- numbering ---------------------------------------------------------------------------

    def _context(
        self, series: Series, unit: str | None, kind: str | None, classification: str | None
    ) -> NumberContext:
        return NumberContext(
            date=self.today(),
            series=series.id,
            unit=series.unit if unit is None else unit,
            kind=kind or "",
            classification=series.classification if classification is None else classification,
        )

    def preview_next_reference(
        self,
        series: Series,
        *,
        unit: str | None = None,
        kind: str | None = None,
        classification: str | None = None,
        ahead: int = 0,
    ) -> str:
        """Return the reference the next letter in ``series`` would get; consumes nothing.

        ``ahead`` looks further: 1 is the reference after the next one.
        """
        value = self.counter_value(series)
        return self.reference_for(
            series, value + 1 + ahead, unit=unit, kind=kind, classification=classification
        )

    def counter_value(self, series: Series) -> int:
        """Return the last number ``series`` handed out in its current period (0 if none)."""
        validate_pattern(series.pattern, series.reset, series=series.id)
        period = period_key(series.reset, self.today())
        with self.reading() as session:
            value = session.scalar(
                select(Counter.value).where(Counter.series == series.id, Counter.period == period)
            )
        return int(value or 0)

    def reference_for(
        self,
        series: Series,
        seq: int,
        *,
        unit: str | None = None,
        kind: str | None = None,
        classification: str | None = None,
    ) -> str:
        """Return the reference number ``seq`` of ``series`` gets today (nothing is read)."""
        validate_pattern(series.pattern, series.reset, series=series.id)
        return format_reference(
            series.pattern, seq, self._context(series, unit, kind, classification)
        )

    def _take_number(self, session: Session, series: str, period: str) -> int:
        """Increment the counter row (created at 1 if new) and return the new value.

        One upsert statement: it takes the row lock on PostgreSQL; SQLite already holds the
        database write lock (``BEGIN IMMEDIATE``).
        """
        upsert = _TAKE_NUMBER[self.dialect]
        params = {"series": series, "period": period}
        return int(session.connection().execute(upsert, params).scalar_one())

    @contextmanager
    def reserve(
        self,
        series: Series,
        *,
        unit: str | None = None,
        kind: str | None = None,
        classification: str | None = None,
    ) -> Iterator[Reservation]:
        """Take the next number of ``series`` in a write transaction committed when the block ends.

        Yields a :class:`Reservation`; call :meth:`Reservation.record` with the entry. If the
        block raises, the transaction rolls back and the number is not consumed.
        """
        validate_pattern(series.pattern, series.reset, series=series.id)
        context = self._context(series, unit, kind, classification)
        period = period_key(series.reset, context.date)
        with self.transaction() as session:
            seq = self._take_number(session, series.id, period)
            reference = format_reference(series.pattern, seq, context)
            yield Reservation(
                self, session, series.id, period, seq, reference, self.now(), context.date
            )

    # -- writing entries ---------------------------------------------------------------------

    def _history(
        self, session: Session, entry: Entry, new: str, note: str, *, first: bool = False
    ) -> None:
        previous = None
        if not first:
            previous = session.scalars(
                select(StatusChange)
                .where(StatusChange.entry_id == entry.id)
                .order_by(StatusChange.id.desc())
                .limit(1)
            ).first()
        change = StatusChange(
            entry_id=entry.id,
            from_status=previous.to_status if previous else "",
            to_status=new,
            note=note,
            changed_at=self.now(),
            changed_by=current_user(),
        )
        change.row_hash = history_digest(change, previous.row_hash if previous else "")
        session.add(change)
        session.flush()

    def _prepare(self, entry: Entry) -> None:
        for item in (entry, *entry.files):  # apply scalar defaults now: the hash sees them
            _apply_defaults(item)
        now = self.now()
        entry.created_at = entry.created_at or now
        entry.entry_date = entry.entry_date or self.today()
        entry.author = entry.author or current_user()
        entry.search_text = search_text_of(
            entry.reference,
            entry.subject,
            entry.correspondent_name,
            entry.correspondent_organisation,
            entry.correspondent_email,
        )

    def append(self, session: Session, entry: Entry, *, status: str, note: str = "") -> Entry:
        """Write ``entry`` at the end of the hash chain inside ``session``'s transaction.

        The entry, its files, the chain head and the first status change are written with
        four prepared statements on the session's connection; ``entry`` (and its files) get
        their ids but stay outside the session (read them, do not change them).
        """
        self._prepare(entry)
        entry.status = status
        if entry.direction == "out" and status != "draft":
            entry.issued_at = entry.issued_at or entry.created_at
        if entry.direction == "out" and status != "draft" and not entry.verification_code:
            entry.verification_code = new_verification_code()
        connection = session.connection()
        last_seq, last_hash = connection.execute(_READ_CHAIN_HEAD).one()
        entry.chain_seq = last_seq + 1
        entry.prev_hash = last_hash
        entry.entry_hash = entry_digest(entry, entry.files, entry.prev_hash)
        try:
            inserted = connection.execute(_INSERT_ENTRY, _row(entry)).inserted_primary_key
            entry.id = int(inserted[0]) if inserted is not None else 0
        except IntegrityError as exc:
            raise RegisterError(
                _("the register refused entry {reference}: {error}").format(
                    reference=entry.reference, error=exc.orig
                )
            ) from exc
        for item in entry.files:
            item.entry_id = entry.id
        if entry.files:
            connection.execute(_INSERT_FILE, [_row(item) for item in entry.files])
        connection.execute(
            _MOVE_CHAIN_HEAD, {"new_seq": entry.chain_seq, "new_hash": entry.entry_hash}
        )
        change = StatusChange(
            entry_id=entry.id,
            from_status="",
            to_status=status,
            note=note,
            changed_at=self.now(),
            changed_by=current_user(),
        )
        change.row_hash = history_digest(change, "")
        connection.execute(_INSERT_CHANGE, _row(change))
        if self.witness is not None:
            checkpoint: dict[str, Any] = {
                "seq": entry.chain_seq,
                "hash": entry.entry_hash,
                "kind": "append",
                "ref": entry.reference or "",
                "files": sorted({item.sha256 for item in entry.files}),
            }
            if entry.verification_code:
                checkpoint["code"] = code_digest(entry.verification_code)
            session.info.setdefault(WITNESS_PENDING, []).append(checkpoint)
        return entry

    def note_head(self, session: Session) -> None:
        """Note the chain head as seen in the witness once ``session``'s transaction commits."""
        if self.witness is None:
            return
        seq, digest = session.connection().execute(_SEE_CHAIN_HEAD).one()
        session.info.setdefault(WITNESS_PENDING, []).append(
            {"seq": seq, "hash": digest, "kind": "seen"}
        )

    def start_witness(self) -> bool:
        """Start the witness at the current chain head if it has no file yet; say if it did.

        A register used before witnesses existed (or whose witness file was never made) is
        witnessed from its current head on: what happened before that cannot be checked.
        """
        if self.witness is None or self.witness.exists():
            return False
        with self.transaction() as session:  # under the writer lock: no append in between
            if self.witness.exists():
                return False
            seq, digest = session.connection().execute(_SEE_CHAIN_HEAD).one()
            session.info.setdefault(WITNESS_PENDING, []).append(
                {"seq": seq, "hash": digest, "kind": "start"}
            )
        return True

    def add_draft(self, entry: Entry, *, note: str = "") -> int:
        """Save a draft (no number, not chained); return its id."""
        with self.transaction() as session:
            self._prepare(entry)
            entry.status, entry.direction = "draft", entry.direction or "out"
            session.add(entry)
            session.flush()
            self._history(session, entry, "draft", note, first=True)
            return entry.id

    def update_draft(self, entry_id: int, **values: Any) -> None:
        """Change fields of a draft (refused once it is issued)."""
        with self.transaction() as session:
            entry = session.get(Entry, entry_id, with_for_update=True)
            if entry is None or entry.status != "draft":
                raise RegisterError(
                    _("draft #{number} does not exist or is no longer a draft").format(
                        number=entry_id
                    )
                )
            for key, value in values.items():
                setattr(entry, key, value)
            self._prepare(entry)

    def delete_draft(self, entry_id: int) -> None:
        """Delete a draft (issued entries are never deleted: void them)."""
        with self.transaction() as session:
            entry = session.get(Entry, entry_id, with_for_update=True)
            if entry is None or entry.status != "draft":
                raise RegisterError(
                    _("draft #{number} does not exist or is no longer a draft").format(
                        number=entry_id
                    )
                )
            session.delete(entry)

    def add_incoming(
        self,
        entry: Entry,
        *,
        series: Series = INCOMING_SERIES,
        note: str = "",
        before_record: Callable[[Reservation, Entry], None] | None = None,
    ) -> Entry:
        """Record an incoming item with its own reference (``IN-2026-00001`` by default).

        ``before_record`` runs inside the transaction once the reference is known (to copy the
        item's file under a name carrying the reference, for example); if it raises, nothing
        is recorded.
        """
        entry.direction = "in"
        entry.received_at = entry.received_at or self.today()
        entry.entry_date = entry.received_at
        with self.reserve(series, kind=entry.kind) as reservation:
            if before_record is not None:
                before_record(reservation, entry)
            return reservation.record(entry, status="received", note=note)

    # -- status ------------------------------------------------------------------------------

    def change_status(self, session: Session, entry: Entry, status: str, note: str = "") -> None:
        """Move ``entry`` to ``status`` inside ``session``'s transaction, keeping history."""
        allowed = TRANSITIONS.get(entry.status, ())
        if status not in allowed:
            raise RegisterError(
                _("{reference} is '{status}' and cannot become '{new_status}'").format(
                    reference=entry.display_reference, status=entry.status, new_status=status
                ),
                hint=_("Allowed: {statuses}.").format(statuses=", ".join(allowed))
                if allowed
                else _("It can no longer change."),
            )
        entry.status = status
        if status == "sent":
            entry.sent_at = self.now()
        elif status == "printed":
            entry.printed_at = self.now()
        session.flush()
        self._history(session, entry, status, note)
        self.note_head(session)

    def set_status(self, entry: Entry | int | str, status: str, note: str = "") -> Entry:
        """Change an entry's status (history kept); return the updated entry."""
        with self.transaction() as session:
            row = self.lookup_locked(session, entry)
            self.change_status(session, row, status, note)
        return self.get(row.id)

    def void(self, ref: Entry | int | str, reason: str) -> Entry:
        """Void an entry: it keeps its number, with the reason in its history."""
        if not reason.strip():
            raise RegisterError(_("a reason is required to void an entry"), field="reason")
        return self.set_status(ref, "void", reason.strip())

    def lookup_locked(self, session: Session, ref: Entry | int | str) -> Entry:
        """Return the entry ``ref`` locked for update in ``session``; raise if unknown."""
        key = ref.id if isinstance(ref, Entry) else ref
        found = self._lookup(session, key, lock=True)
        if found is None:
            raise self.unknown_entry(session, key)
        return found
