"""Reading side of the register: sessions, lookup, search, integrity walk and exports.

:class:`RegisterReader` holds the engine and clock; :class:`~desktop.core.register.store.Register`
adds the writes. Entries returned are detached ORM objects with their files and history loaded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partialmethod
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy import exc as sqlalchemy_exc
from sqlalchemy.orm import Session, selectinload

from desktop.core.durable import TEMP_PREFIX
from desktop.core.errors import RegisterError, sentence
from desktop.core.i18n import _
from desktop.core.register import exports
from desktop.core.register.chain import ChainReport, ChainWalker, Problem, file_sha256, path_key
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
from desktop.core.register.witness import Checkpoint, Witness, WitnessProblem
from desktop.core.settings import OrganisationProfile

logger = logging.getLogger(__name__)
WITNESS_PENDING = "missiva_witness"  # session.info key: checkpoints to note after the commit
_WITNESS_BATCH = 2000
_REPORTED_MAX = 50  # problems of one kind listed one by one; the rest are counted


LOOKUP_SAMPLE = 5000  # references a missing one is compared with (the newest)


@dataclass(frozen=True)
class Verification:
    """The answer to "is this file (or code) ours?": genuine, void, changed or unknown.

    ``genuine`` is for what the organisation issued; a file logged with an incoming item
    (``missiva incoming add``) is ``registered_incoming``: registered as received, not issued.
    """

    result: str  # genuine | registered_incoming | void | changed | unknown | lost
    entry: Entry | None = None
    sha256: str = ""
    witnessed: Checkpoint | None = None  # lost: what the witness noted when it was issued

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data: result, reference, status, date, subject, correspondent."""
        data: dict[str, Any] = {"result": self.result}
        if self.sha256:
            data["sha256"] = self.sha256
        if self.entry is not None:
            data.update(entry_record(self.entry))
            data["chain_seq"] = self.entry.chain_seq
        if self.witnessed is not None:
            data["reference"] = self.witnessed.reference
            data["chain_seq"] = self.witnessed.seq
            data["issued_at"] = self.witnessed.at
        return data


def _found(entry: Entry) -> str:
    """Return the verification result of a registered entry that matched (file or code)."""
    if entry.status == "void":
        return "void"
    return "registered_incoming" if entry.direction == "in" else "genuine"


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

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], dt.datetime],
        witness: Witness | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.dialect = engine.dialect.name
        self.witness = witness

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
        with database_errors(self.engine), writer_lock(self.engine):
            with (
                self.engine.connect().execution_options(**options) as conn,
                conn.begin(),
                Session(bind=conn, expire_on_commit=False) as session,
            ):
                yield session
                session.flush()
            # committed: note the chain heads it wrote or saw in the witness (still holding
            # SQLite's writer lock, so the witness gets them in commit order there)
            self._witness_after_commit(session.info.pop(WITNESS_PENDING, None))

    def _witness_after_commit(self, records: list[dict[str, Any]] | None) -> None:
        if not records or self.witness is None:
            return
        try:
            self.witness.append(records, at=self.now())
        except OSError as exc:  # the entry is committed: say so, verify reports the lag
            logger.warning("cannot write the register witness %s: %s", self.witness.path, exc)

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
        with self.reading() as session:
            found = self._lookup(session, ref_or_id)
            if found is None:
                raise self.unknown_entry(session, ref_or_id)
        return found

    def unknown_entry(self, session: Session, key: int | str) -> RegisterError:
        """Return the error for a reference the register does not have, with a useful hint.

        The hint names the closest references among the newest :data:`LOOKUP_SAMPLE` (never the
        one typed), else the newest reference, else says the register is empty.
        """
        text = str(key).strip()
        newest: list[str] = [
            ref
            for ref in session.scalars(
                select(Entry.reference)
                .where(Entry.reference.is_not(None))
                .order_by(Entry.id.desc())
                .limit(LOOKUP_SAMPLE)
            )
            if ref
        ]
        close = [
            ref
            for ref in difflib.get_close_matches(text.upper(), newest, n=4, cutoff=0.75)
            if ref != text
        ][:3]
        if close:
            hint = _("Did you mean {references}?").format(
                references=", ".join(f"'{ref}'" for ref in close)
            )
        elif newest and newest[0] != text:
            hint = _("The newest entry is {reference}.").format(reference=newest[0])
        elif newest:
            hint = _("Give a reference as printed on the letter.")
        else:
            hint = _("The register has no entries yet.")
        return RegisterError(
            sentence(_("no register entry '{reference}'").format(reference=text)), hint=hint
        )

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
        columns = exports.export_columns()
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

    def verify_chain(
        self, *, check_files: bool = True, folders: Iterable[Path] = ()
    ) -> ChainReport:
        """Walk the chain, the history and the files; report every problem found.

        With a witness (decision 0015) its checkpoints are checked against the database too: a
        witnessed sequence number the register no longer has (its newest entries removed, an
        older copy restored) or holds with another hash is a problem, and so is a damaged
        witness line. Files in ``folders`` (the data folder's issued and incoming files) that no
        entry claims are problems too. A clean report notes the chain head it saw in the
        witness.
        """
        scan = tuple(folders)
        walker = ChainWalker(check_files=check_files, collect_paths=bool(scan))
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
        head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, "")
        report = walker.finish(head_seq, head_hash)
        if self.witness is not None:
            report = report.with_problems(self._witness_problems(walker.last_seq), chain=True)
        if scan:
            report = report.with_problems(self._unregistered(scan, walker.paths))
        if report.ok and self.witness is not None:
            self._witness_after_commit([{"seq": head_seq, "hash": head_hash, "kind": "seen"}])
        return report

    def _witness_problems(self, last_seq: int) -> list[Problem]:
        """Compare every witness checkpoint with the database (batches of sequence numbers)."""
        assert self.witness is not None
        where = self.witness.path
        problems: list[Problem] = []
        lost: list[Checkpoint] = []
        batch: list[Checkpoint] = []

        def check(batch: list[Checkpoint]) -> None:
            seqs = sorted({c.seq for c in batch})
            with self.reading() as session:
                rows = session.execute(
                    select(Entry.chain_seq, Entry.entry_hash).where(Entry.chain_seq.in_(seqs))
                ).all()
            held = {int(seq or 0): digest for seq, digest in rows}
            for point in batch:
                have = held.get(point.seq)
                if have is None:
                    lost.append(point)
                elif have != point.hash:
                    problems.append(
                        Problem(
                            "witness_mismatch",
                            _(
                                "the witness noted entry {seq} with another hash on {at} "
                                "({where}, line {line}): the register was rewritten from "
                                "there, or replaced by another copy"
                            ).format(seq=point.seq, at=point.at, where=where, line=point.line),
                            reference=point.reference,
                            chain_seq=point.seq,
                        )
                    )

        for item in self.witness.scan():
            if isinstance(item, WitnessProblem):
                problems.append(
                    Problem(
                        "witness_damaged",
                        _("the witness {where}, line {line}, {detail}").format(
                            where=where, line=item.line, detail=item.detail
                        ),
                    )
                )
            elif item.seq > 0:
                batch.append(item)
                if len(batch) >= _WITNESS_BATCH:
                    check(batch)
                    batch = []
        if batch:
            check(batch)
        return _lost_problems(lost, last_seq) + problems

    def _unregistered(self, folders: tuple[Path, ...], known: set[int]) -> list[Problem]:
        """Return a problem for each file in ``folders`` that no entry claims."""
        problems: list[Problem] = []
        extra = 0
        for folder in folders:
            if not folder.is_dir():
                continue
            for root, _dirs, names in os.walk(folder):
                for name in sorted(names):
                    if TEMP_PREFIX in name:
                        continue  # a letter being issued (or left for recovery)
                    path = Path(root) / name
                    if path_key(path) in known:
                        continue
                    if len(problems) >= _REPORTED_MAX:
                        extra += 1
                        continue
                    problems.append(self._unregistered_problem(path))
        if extra:
            problems.append(
                Problem(
                    "unregistered_file",
                    _("and {count} more files no register entry claims").format(count=extra),
                )
            )
        return problems

    def _unregistered_problem(self, path: Path) -> Problem:
        point = None
        if self.witness is not None:
            try:
                point = self.witness.find_file(file_sha256(path))
            except OSError:
                point = None
        if point is not None:
            return Problem(
                "unregistered_file",
                _(
                    "{path} was issued as {reference} (entry {seq}, {at}) but the register "
                    "has lost that entry: restored from an older copy?"
                ).format(path=path, reference=point.reference, seq=point.seq, at=point.at),
                reference=point.reference,
                chain_seq=point.seq,
            )
        return Problem(
            "unregistered_file",
            _("{path} is in the data folder but no register entry has it").format(path=path),
        )

    def _lost(self, found: Checkpoint | None, digest: str = "") -> Verification:
        if found is None:
            return Verification("unknown", None, digest)
        return Verification("lost", None, digest, found)

    def check_file(self, path: Path) -> Verification:
        """Say whether ``path`` is an issued file as registered (by SHA-256, then by name).

        A file the register does not know but its witness does is ``lost``: it was issued, and
        its entry is gone from the database.
        """
        try:
            digest = file_sha256(path)
        except OSError as exc:
            raise RegisterError(
                _("cannot read the file: {error}").format(error=exc.strerror), file=path
            ) from exc
        entry = self.find_by_sha256(digest)
        if entry is not None:
            return Verification(_found(entry), entry, digest)
        if self.witness is not None:
            found = self.witness.find_file(digest)
            if found is not None and self.find_by_chain_seq(found.seq, found.hash) is None:
                return self._lost(found, digest)
        same_name = OutputFile.path.endswith(path.name, autoescape=True)
        entry = self._find_where(Entry.id.in_(select(OutputFile.entry_id).where(same_name)))
        if entry is not None and any(Path(f.path).name == path.name for f in entry.files):
            return Verification("changed", entry, digest)
        return Verification("unknown", None, digest)

    def check_code(self, code: str) -> Verification:
        """Say whether a verification code belongs to a registered entry (and if it is void)."""
        entry = self.find_by_code(code)
        if entry is None:
            if self.witness is not None and normalise_code(code):
                found = self.witness.find_code(normalise_code(code))
                if found is not None and self.find_by_chain_seq(found.seq, found.hash) is None:
                    return self._lost(found)
            return Verification("unknown")
        return Verification(_found(entry), entry)

    def find_by_chain_seq(self, seq: int, entry_hash: str = "") -> Entry | None:
        """Return the entry at chain position ``seq`` (with this hash, if given), or ``None``."""
        conditions = [Entry.chain_seq == seq]
        if entry_hash:
            conditions.append(Entry.entry_hash == entry_hash)
        return self._find_where(*conditions)

    # -- exports -----------------------------------------------------------------------------

    def export(
        self,
        fmt: str,
        filters: SearchFilters,
        path: Path,
        progress: exports.Progress | None = None,
        cancel: threading.Event | None = None,
        *,
        title: str = "",
        language: str = "",
        profile: OrganisationProfile | None = None,
    ) -> int:
        """Export matching entries as ``csv``, ``xlsx`` or a ``pdf`` report; return the count.

        ``language`` is the export's ("" = the active interface language): headers, statuses,
        directions and kinds are printed in it. ``title`` heads the PDF report ("" = the
        register's title in that language) under ``profile``'s letterhead when given.
        """
        rows, total = self.iter_rows(filters), self.count(filters)
        if fmt == "pdf":
            return exports.write_pdf(
                rows,
                path,
                filters=filters,
                title=title,
                printed=self.today().isoformat(),
                profile=profile,
                total=total,
                progress=progress,
                cancel=cancel,
                language=language,
            )
        writers = {"csv": exports.write_csv, "xlsx": exports.write_xlsx}
        if fmt not in writers:
            raise RegisterError(
                _("unknown export format '{format}'").format(format=fmt),
                hint=_("Use csv, xlsx or pdf."),
            )
        return writers[fmt](
            rows, path, total=total, progress=progress, cancel=cancel, language=language
        )

    export_csv = partialmethod(export, "csv")
    export_xlsx = partialmethod(export, "xlsx")
    export_pdf = partialmethod(export, "pdf")


def _lost_problems(lost: list[Checkpoint], last_seq: int) -> list[Problem]:
    """Return problems for witnessed entries the register no longer has (newest first)."""
    problems: list[Problem] = []
    newest = sorted({c.seq: c for c in lost}.values(), key=lambda c: c.seq, reverse=True)
    for point in newest[:_REPORTED_MAX]:
        what = f"{point.seq} ({point.reference})" if point.reference else str(point.seq)
        if point.seq > last_seq:
            detail = _(
                "the register has lost entry {what}, noted by the witness on {at} (line {line}): "
                "the register ends at entry {last}; its newest entries were removed or an "
                "older copy of the database was restored"
            ).format(what=what, at=point.at, line=point.line, last=last_seq)
        else:
            detail = _(
                "the register has lost entry {what}, noted by the witness on {at} (line {line})"
            ).format(what=what, at=point.at, line=point.line)
        problems.append(Problem("lost", detail, reference=point.reference, chain_seq=point.seq))
    if len(newest) > _REPORTED_MAX:
        problems.append(
            Problem(
                "lost",
                _("and {count} more witnessed entries are lost").format(
                    count=len(newest) - _REPORTED_MAX
                ),
            )
        )
    return problems
