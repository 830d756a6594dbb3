"""Reading side of the register: sessions, lookup, search, integrity walk and exports.

:class:`RegisterReader` holds the engine and clock; :class:`~desktop.core.register.store.Register`
adds the writes. Entries returned are detached ORM objects with their files and history loaded.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partialmethod
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy import exc as sqlalchemy_exc
from sqlalchemy.orm import Session, selectinload

from desktop.core.errors import RegisterError
from desktop.core.i18n import _
from desktop.core.register import exports
from desktop.core.register.chain import ChainReport, ChainWalker, file_sha256
from desktop.core.register.codes import normalise_code
from desktop.core.register.db import SQLITE_BEGIN, writer_lock
from desktop.core.register.models import ChainHead, Entry, OutputFile
from desktop.core.register.paging import Total, find_page
from desktop.core.register.search import (
    SearchFilters,
    count_query,
    entries_query,
    filter_conditions,
)


@dataclass(frozen=True)
class Verification:
    """The answer to "is this file (or code) ours?": genuine, void, changed or unknown."""

    result: str
    entry: Entry | None = None
    sha256: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data: result, reference, status, date, subject, correspondent."""
        data: dict[str, Any] = {"result": self.result}
        if self.sha256:
            data["sha256"] = self.sha256
        if self.entry is not None:
            data.update(entry_record(self.entry))
        return data


def entry_record(entry: Entry) -> dict[str, Any]:
    """Return the main facts of an entry as JSON-ready data (CLI ``--json``, the window)."""
    return {
        "id": entry.id,
        "reference": entry.reference,
        "direction": entry.direction,
        "kind": entry.kind,
        "status": entry.status,
        "date": entry.entry_date.isoformat() if entry.entry_date else None,
        "subject": entry.subject,
        "correspondent": entry.correspondent_name,
        "organisation": entry.correspondent_organisation,
        "email": entry.correspondent_email,
        "series": entry.series,
        "channel": entry.channel,
        "issued_at": entry.issued_at.isoformat() if entry.issued_at else None,
        "received": entry.received_at.isoformat() if entry.received_at else None,
        "reply_by": entry.reply_by.isoformat() if entry.reply_by else None,
        "verification_code": entry.verification_code,
        "override_reason": entry.override_reason,
    }


@contextmanager
def database_errors(engine: Engine) -> Iterator[None]:
    """Turn a locked, unreachable or failing database into a RegisterError a person can act on."""
    try:
        yield
    except sqlalchemy_exc.OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        detail = str(exc.orig or exc).strip().splitlines()[0]
        if "locked" in detail or "busy" in detail:
            raise RegisterError(
                _("the register database is locked by another program and did not free up in time"),
                file=where,
                hint=_("Close the other program (or wait for its batch to finish) and try again."),
            ) from exc
        raise RegisterError(
            _("the register database failed: {error}").format(error=detail), file=where
        ) from exc


class RegisterReader:
    """Everything that reads the register (the base of :class:`Register`)."""

    def __init__(self, engine: Engine, *, clock: Callable[[], dt.datetime]) -> None:
        self.engine = engine
        self.clock = clock
        self.dialect = engine.dialect.name

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def now(self) -> dt.datetime:
        """Return the injected clock's time (aware)."""
        value = self.clock()
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

    def today(self) -> dt.date:
        """Return the local date of the injected clock (the date numbers and periods use)."""
        return self.now().astimezone().date()

    # -- transactions ------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Open a write transaction; commit when the block ends, roll back on an exception."""
        options = {SQLITE_BEGIN: "IMMEDIATE"} if self.dialect == "sqlite" else {}
        with (
            database_errors(self.engine),
            writer_lock(self.engine),
            self.engine.connect().execution_options(**options) as conn,
            conn.begin(),
            Session(bind=conn, expire_on_commit=False) as session,
        ):
            yield session
            session.flush()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """Open a read-only session (objects stay usable after the block)."""
        with database_errors(self.engine), Session(self.engine, expire_on_commit=False) as session:
            yield session

    # -- lookup ------------------------------------------------------------------------------

    def _lookup(self, session: Session, key: int | str, *, lock: bool = False) -> Entry | None:
        options = (selectinload(Entry.files), selectinload(Entry.history))
        stmt = select(Entry).options(*options)
        if lock:
            stmt = stmt.with_for_update(of=Entry)
        if isinstance(key, int):
            return session.scalars(stmt.where(Entry.id == key)).first()
        text = key.strip()
        found = session.scalars(stmt.where(Entry.reference == text)).first()
        if found is None and text.lstrip("#").isdigit():
            found = session.scalars(stmt.where(Entry.id == int(text.lstrip("#")))).first()
        return found

    def find(self, ref_or_id: int | str) -> Entry | None:
        """Return the entry with this reference or id, or ``None``."""
        with self.reading() as session:
            return self._lookup(session, ref_or_id)

    def get(self, ref_or_id: int | str) -> Entry:
        """Return the entry with this reference or id; raise :class:`RegisterError` if none."""
        found = self.find(ref_or_id)
        if found is None:
            raise RegisterError(_("no register entry '{reference}'").format(reference=ref_or_id))
        return found

    def _find_where(self, *conditions: Any) -> Entry | None:
        with self.reading() as session:
            stmt = select(Entry).options(selectinload(Entry.files), selectinload(Entry.history))
            return session.scalars(stmt.where(*conditions).order_by(Entry.id)).first()

    def find_by_code(self, code: str) -> Entry | None:
        """Return the entry with this verification code (typed loosely), or ``None``."""
        normal = normalise_code(code)
        return self._find_where(Entry.verification_code == normal) if normal else None

    def find_by_sha256(self, digest: str) -> Entry | None:
        """Return the entry one of whose files has this SHA-256, or ``None``."""
        sub = select(OutputFile.entry_id).where(OutputFile.sha256 == digest.strip().lower())
        return self._find_where(Entry.id.in_(sub))

    def find_by_idempotency_key(self, key: str) -> Entry | None:
        """Return the entry issued with this idempotency key, or ``None``."""
        return self._find_where(Entry.idempotency_key == key)

    # -- search and integrity ------------------------------------------------------------------

    def search(
        self, filters: SearchFilters, page: int = 1, page_size: int = 50
    ) -> tuple[list[Entry], Total]:
        """Return one page of matching entries (newest first) and how many match.

        The total is exact up to :data:`~desktop.core.register.paging.COUNT_CAP` matches (and
        always for the unfiltered list); beyond, it is a lower bound with ``exact`` false.
        """
        page, page_size = max(page, 1), max(min(page_size, 10_000), 1)
        with self.reading() as session:
            ids, total = find_page(
                session,
                filters,
                dialect=self.dialect,
                today=self.today(),
                limit=page_size,
                offset=(page - 1) * page_size,
            )
            if not ids:
                return [], total
            stmt = select(Entry).where(Entry.id.in_(ids)).order_by(Entry.id.desc())
            return list(session.scalars(stmt.options(selectinload(Entry.files)))), total

    def iter_entries(self, filters: SearchFilters, *, batch: int = 2000) -> Iterator[Entry]:
        """Yield every matching entry, newest first, in batches (for exports)."""
        today = self.today()
        last_id: int | None = None
        while True:
            stmt = entries_query(filters, dialect=self.dialect, today=today).limit(batch)
            if last_id is not None:
                stmt = stmt.where(Entry.id < last_id)
            with self.reading() as session:
                rows = list(session.scalars(stmt))
            if not rows:
                return
            yield from rows
            last_id = rows[-1].id

    def iter_rows(self, filters: SearchFilters, *, batch: int = 5000) -> Iterator[Any]:
        """Yield matching entries as light rows (the export columns only), newest first."""
        today = self.today()
        columns = [getattr(Entry, name) for name in exports.EXPORT_FIELDS]
        conds = filter_conditions(filters, dialect=self.dialect, today=today)
        last_id: int | None = None
        while True:
            stmt = select(*columns).where(*conds).order_by(Entry.id.desc()).limit(batch)
            if last_id is not None:
                stmt = stmt.where(Entry.id < last_id)
            with self.engine.connect() as conn:
                rows = conn.execute(stmt).all()
            if not rows:
                return
            yield from rows
            last_id = rows[-1].id

    def count(self, filters: SearchFilters) -> int:
        """Return how many entries match ``filters``."""
        with self.reading() as session:
            return (
                session.scalar(count_query(filters, dialect=self.dialect, today=self.today())) or 0
            )

    def verify_chain(self, *, check_files: bool = True) -> ChainReport:
        """Walk the chain, the history and the files; report every problem found."""
        walker = ChainWalker(check_files=check_files)
        with self.reading() as session:
            stmt = (
                select(Entry)
                .where(Entry.chain_seq.is_not(None))
                .order_by(Entry.chain_seq)
                .options(selectinload(Entry.files), selectinload(Entry.history))
                .execution_options(yield_per=500)
            )
            for entry in session.scalars(stmt):
                walker.feed(entry)
            head = session.get(ChainHead, 1)
        return walker.finish(head.last_seq if head else 0, head.last_hash if head else "")

    def check_file(self, path: Path) -> Verification:
        """Say whether ``path`` is an issued file as registered (by SHA-256, then by name)."""
        try:
            digest = file_sha256(path)
        except OSError as exc:
            raise RegisterError(
                _("cannot read the file: {error}").format(error=exc.strerror), file=path
            ) from exc
        entry = self.find_by_sha256(digest)
        if entry is not None:
            return Verification("void" if entry.status == "void" else "genuine", entry, digest)
        same_name = OutputFile.path.endswith(path.name, autoescape=True)
        entry = self._find_where(Entry.id.in_(select(OutputFile.entry_id).where(same_name)))
        if entry is not None and any(Path(f.path).name == path.name for f in entry.files):
            return Verification("changed", entry, digest)
        return Verification("unknown", None, digest)

    def check_code(self, code: str) -> Verification:
        """Say whether a verification code belongs to a registered entry (and if it is void)."""
        entry = self.find_by_code(code)
        if entry is None:
            return Verification("unknown")
        return Verification("void" if entry.status == "void" else "genuine", entry)

    # -- exports -----------------------------------------------------------------------------

    def export(
        self,
        fmt: str,
        filters: SearchFilters,
        path: Path,
        progress: exports.Progress | None = None,
        cancel: threading.Event | None = None,
        *,
        title: str = "Correspondence register",
    ) -> int:
        """Export matching entries as ``csv``, ``xlsx`` or a ``pdf`` report; return the count.

        ``title`` heads the PDF report (the other formats have no title).
        """
        rows, total = self.iter_rows(filters), self.count(filters)
        if fmt == "pdf":
            return exports.write_pdf(
                rows,
                path,
                title=title,
                description=filters.describe(),
                printed=self.today().isoformat(),
                total=total,
                progress=progress,
                cancel=cancel,
            )
        writers = {"csv": exports.write_csv, "xlsx": exports.write_xlsx}
        if fmt not in writers:
            raise RegisterError(
                _("unknown export format '{format}'").format(format=fmt),
                hint=_("Use csv, xlsx or pdf."),
            )
        return writers[fmt](rows, path, total=total, progress=progress, cancel=cancel)

    export_csv = partialmethod(export, "csv")
    export_xlsx = partialmethod(export, "xlsx")
    export_pdf = partialmethod(export, "pdf")
