"""Use case: batch merge — one letter (or e-mail) per row of a CSV/XLSX file.

Every row is validated first (row, column and problem in the report); rows with problems are
skipped and listed, or with ``strict`` nothing is issued. Each valid row goes through the same
pipeline as a single letter: compose, proofing gate (with the merge's override reason), number,
files, register entry, and optionally e-mail through the outbox.

A merge has an id derived from its inputs (template, language, data file contents, mapping,
formats); each row's register entry carries the idempotency key ``merge:<id>:<row>``, so running
the same merge again after a crash or a cancel continues where it stopped and never issues a row
twice. Numbers are taken inside the issuing transaction, so none is burnt.

When a row's numbering series requires a digital signature (``sign_pdf``), the merge needs a
signer (:func:`desktop.core.services.signing.make_document_signer`, built once before the first
row, so a wrong password stops it before a number is taken). Each row is signed through
``issue_document``'s ``after_write`` hook in the process that commits it, so the register
records the signer and the hashes of the signed files.

With ``jobs`` > 1, worker processes render rows ahead of numbering, using the reference each row
will most likely get (the register's next numbers in submission order, counted here from one
read of each series' counter), and write each file under a temporary name in the output folder
(flushed to disk, named for the coordinating process so recovery leaves it alone while the
merge runs). The coordinator issues rows strictly in order; when the register hands out the
predicted reference, the files written ahead go into the entry as they are, otherwise (another
desk issued meanwhile) they are deleted and the row is rendered and written again with its real
reference. Numbering and register writes therefore stay serialised and gapless, and a file
written ahead is either in a committed entry or deleted (by this run, or by the recovery of the
next one if this process was killed).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.durable import sync_file
from desktop.core.errors import (
    FieldError,
    MergeError,
    MissivaError,
    RegisterError,
    RenderError,
    SigningError,
)
from desktop.core.i18n import _
from desktop.core.merge import ColumnMap, DataRow, load_mapping_file, map_columns, open_table
from desktop.core.merge.gate import GateResult, MergeGate
from desktop.core.merge.workers import render_pool, render_row
from desktop.core.models import Document, Template
from desktop.core.register.files import WrittenFile, temp_marker
from desktop.core.services.compose import normalise_formats, render_bytes
from desktop.core.services.context import AppContext
from desktop.core.services.issuing import (
    ISSUABLE_FORMATS,
    IssueResult,
    file_stem,
    issue_document,
    issue_folder,
    numbered_document,
)

if TYPE_CHECKING:
    from desktop.core.services.signing import DocumentSigner

LANGUAGE_ALIASES = {
    "en": "en",
    "english": "en",
    "pt": "pt-BR",
    "ptbr": "pt-BR",
    "pt-br": "pt-BR",
    "portugues": "pt-BR",
    "português": "pt-BR",
    "id": "id",
    "in": "id",
    "indonesia": "id",
    "bahasa": "id",
}
Progress = Callable[[int, int], None]
# Rows rendered ahead per worker: enough to keep the workers busy while the coordinator waits on
# a slow fsync or register commit (a few hundred KB of pre-rendered files in memory).
_AHEAD_PER_WORKER = 6


@dataclass(frozen=True)
class RowProblem:
    """Why a row was not issued: its spreadsheet row, the column (if known) and the message."""

    row: int
    message: str
    column: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class MergePlan:
    """The validated merge: its id, inputs and the problems found before anything is issued."""

    merge_id: str
    template_id: str
    language: str
    data_path: Path
    column_map: ColumnMap
    formats: tuple[str, ...]
    total_rows: int = 0
    valid_rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    series: set[str] = field(default_factory=set)  # numbering series of the valid rows
    encoding: str | None = None  # the CSV's encoding as given (None: detected)


def signing_series(ctx: AppContext, plan: MergePlan) -> list[str]:
    """Return the ids of the plan's numbering series that require a digital signature."""
    return sorted(s for s in plan.series if ctx.settings.series_by_id(s).sign_pdf)


@dataclass
class MergeReport:
    """What a merge run did."""

    merge_id: str
    total_rows: int
    issued: list[dict[str, Any]] = field(default_factory=list)
    already_issued: int = 0
    failed: list[RowProblem] = field(default_factory=list)
    mail_queued: int = 0
    mail_sent: int = 0
    cancelled: bool = False
    dry_run: bool = False
    stopped: str = ""  # why the merge stopped early (disk full, folder, register), if it did
    proofed_in_full: int = 0  # rows proofed in full; the others reused a row with the same text
    written_ahead: int = 0  # rows whose files a worker wrote before the row was numbered

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "merge_id": self.merge_id,
            "total_rows": self.total_rows,
            "issued": len(self.issued),
            "already_issued": self.already_issued,
            "failed": [p.to_dict() for p in self.failed],
            "mail_queued": self.mail_queued,
            "mail_sent": self.mail_sent,
            "cancelled": self.cancelled,
            "dry_run": self.dry_run,
            "stopped": self.stopped,
            "proofed_in_full": self.proofed_in_full,
            "written_ahead": self.written_ahead,
            "entries": self.issued,
        }


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def merge_id_for(
    template_id: str,
    language: str,
    data_path: Path,
    mapping: Mapping[str, str] | None,
    formats: Sequence[str],
) -> str:
    """Return the merge's id: the same inputs give the same id, so a re-run resumes."""
    key = json.dumps(
        [
            template_id,
            language,
            _file_digest(data_path),
            sorted((mapping or {}).items()),
            list(formats),
        ]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def row_key(merge_id: str, row: int) -> str:
    """Return the idempotency key of one row of one merge."""
    return f"merge:{merge_id}:{row}"


def _row_language(plan: MergePlan, row: DataRow) -> str:
    column = plan.column_map.language_column
    if column is None:
        return plan.language
    raw = str(row.values.get(column, "") or "").strip()
    if not raw:
        return plan.language
    return LANGUAGE_ALIASES.get(raw.casefold(), raw)


def _row_values(
    ctx: AppContext, plan: MergePlan, row: DataRow
) -> tuple[Template | None, dict[str, Any], list[RowProblem]]:
    """Pick the row's variant and values; return every problem of the row (not just the first)."""
    from desktop.core.templates import parse_value

    problems = [RowProblem(row.number, message) for message in row.problems]
    language = _row_language(plan, row)
    try:
        template = ctx.catalog.get(plan.template_id, language)
    except MissivaError:
        return (
            None,
            {},
            [
                *problems,
                RowProblem(
                    row.number,
                    _("no '{language}' variant of {template}").format(
                        language=language, template=plan.template_id
                    ),
                    plan.column_map.language_column,
                ),
            ],
        )
    raw = plan.column_map.values_for(row.values, language)
    values: dict[str, Any] = {}
    for spec in template.fields:
        value = raw.get(spec.name)
        column = plan.column_map.column_for(spec.name, language)
        empty = value is None or (isinstance(value, str) and not value.strip())
        if empty:
            if spec.required and spec.default is None:
                problems.append(
                    RowProblem(
                        row.number,
                        _("the required field '{field}' is empty").format(field=spec.name),
                        column,
                    )
                )
            continue
        try:
            values[spec.name] = parse_value(
                spec, value, language=language, template_key=template.key
            )
        except FieldError as exc:
            problems.append(RowProblem(row.number, exc.message, column))
    return template, values, problems


def plan_merge(
    ctx: AppContext,
    template_id: str,
    language: str,
    data_path: Path,
    *,
    formats: str | Sequence[str] = "",
    mapping_file: Path | None = None,
    encoding: str | None = None,
) -> MergePlan:
    """Open and map the data file (a CSV in ``encoding``, else detected); validate every row."""
    template = ctx.catalog.get(template_id, language)
    mapping = load_mapping_file(mapping_file) if mapping_file else None
    fmts = normalise_formats(formats, template.kind)
    with open_table(data_path, encoding=encoding) as table:
        column_map = map_columns(
            table.headers, template.fields, mapping=mapping, source=mapping_file
        )
        missing = [
            spec.name
            for spec in template.fields
            if spec.required
            and spec.default is None
            and spec.name not in column_map.shared
            and not any(f == spec.name for f, _lang in column_map.per_language)
        ]
        if missing:
            raise MergeError(
                _("no column for the required field(s) {fields}").format(fields=", ".join(missing)),
                file=data_path,
                row=1,
                hint=_("Name the columns after the fields, or give a mapping file with --map."),
            )
        plan = MergePlan(
            merge_id_for(template_id, language, data_path, mapping, fmts),
            template_id,
            language,
            data_path,
            column_map,
            fmts,
            encoding=encoding,
        )
        for row in table.rows():
            plan.total_rows += 1
            row_template, _values, problems = _row_values(ctx, plan, row)
            plan.problems.extend(problems)
            plan.valid_rows += not problems
            if row_template is not None and not problems:
                plan.series.add(row_template.series or ctx.settings.default_series)
    if plan.total_rows == 0:
        raise MergeError(_("the file has a header but no records"), file=data_path)
    return plan


def planned_documents(ctx: AppContext, plan: MergePlan) -> Iterator[tuple[int, Document]]:
    """Yield ``(row, document)`` for each valid row of the plan, composed without a number.

    Rows that no longer compose (the file changed since it was planned) are left out; the run
    reports them.
    """
    from desktop.core.templates import compose

    bad_rows = {p.row for p in plan.problems}
    with open_table(plan.data_path, encoding=plan.encoding) as table:
        for row in table.rows():
            if row.number in bad_rows:
                continue
            template, values, problems = _row_values(ctx, plan, row)
            if problems or template is None:
                continue
            try:
                doc = compose(template, values, ctx.settings.organisation, today=ctx.today())
            except MissivaError:
                continue
            yield row.number, doc


@dataclass(frozen=True)
class _Prepared:
    """A row proofed and rendered ahead of numbering (in a worker or in-process)."""

    row: int
    doc: Document
    predicted: str
    code: str
    rendered: dict[str, bytes | WrittenFile]  # by format: bytes, or a file written ahead
    summary: dict[str, Any]
    blocking: int
    error: str = ""
    gate: GateResult | None = None  # the proofing gate's result for this row's text


def _prepare(gate: MergeGate, row: int, doc: Document, predicted: str, code: str) -> _Prepared:
    """Run the proofing gate on a composed row (rendering happens later or in a worker)."""
    try:
        result = gate.check(row, doc)
        return _Prepared(
            row, doc, predicted, code, {}, result.summary, result.blocking, gate=result
        )
    except MissivaError as exc:
        return _Prepared(row, doc, predicted, code, {}, {}, 0, exc.describe())


class _Numbering:
    """The references the next rows will most likely get, without reading the register per row.

    Each series' counter is read once (and again after the register handed out a reference
    other than the predicted one: another desk issued meanwhile); a row's prediction is that
    value plus the numbers this merge took since and the rows predicted before it.
    """

    def __init__(self, ctx: AppContext) -> None:
        self._ctx = ctx
        self._base: dict[str, int] = {}  # the counter as last read
        self._taken: dict[str, int] = {}  # numbers this merge took since that read
        self._pending: dict[str, int] = {}  # rows predicted and not yet finished

    def predict(self, doc: Document) -> str:
        """Return the reference ``doc`` will most likely get, counting it as pending."""
        series = self._ctx.settings.series_by_id(doc.series)
        if series.id not in self._base:
            self._base[series.id] = self._ctx.register.counter_value(series)
            self._taken[series.id] = 0
        pending = self._pending.get(series.id, 0)
        self._pending[series.id] = pending + 1
        seq = self._base[series.id] + self._taken[series.id] + pending + 1
        return self._ctx.register.reference_for(
            series, seq, kind=doc.kind, classification=doc.classification or None
        )

    def finished(self, doc: Document, predicted: str, reference: str | None) -> None:
        """Count a predicted row as finished; ``reference`` is what it got (None: not issued)."""
        series = self._ctx.settings.series_by_id(doc.series)
        self._pending[series.id] = max(0, self._pending.get(series.id, 0) - 1)
        if reference is None or series.id not in self._base:
            return
        self._taken[series.id] += 1
        if reference != predicted:  # someone else numbered in this series: read it again
            del self._base[series.id]


def _discard(paths: Mapping[str, Path]) -> None:
    """Delete files written ahead that will not be issued (missing ones are fine)."""
    for path in paths.values():
        path.unlink(missing_ok=True)


def _issued_keys(ctx: AppContext, merge_id: str) -> set[str]:
    """Return the idempotency keys of the rows of this merge already in the register."""
    from sqlalchemy import select

    from desktop.core.register.models import Entry

    prefix = row_key(merge_id, 0)[: -len("0")]
    with ctx.register.reading() as session:
        found = session.scalars(
            select(Entry.idempotency_key).where(Entry.idempotency_key.startswith(prefix))
        )
        return {key for key in found if key}


def _already_queued(ctx: AppContext, entry_id: int) -> bool:
    from sqlalchemy import select

    from desktop.core.register.models import OutboxMessage

    with ctx.register.reading() as session:
        return (
            session.scalar(select(OutboxMessage.id).where(OutboxMessage.entry_id == entry_id))
            is not None
        )


class _Stopped(Exception):
    """Internal: a failure that stops the whole merge (disk, output folder, register)."""


def run_merge(
    ctx: AppContext,
    plan: MergePlan,
    *,
    out_dir: Path | None = None,
    jobs: int = 1,
    send: bool = False,
    accept_issues: str | None = None,
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    transport: Any = None,
    signer: DocumentSigner | None = None,
) -> MergeReport:
    """Issue every valid row of a planned merge; see the module docstring for the guarantees.

    A row-level failure (proofing block, a value a writer refuses) is listed and the merge goes
    on. A failure that would hit every following row (output folder unwritable, disk full,
    register locked or unreachable, a signature that cannot be made) stops the merge:
    ``report.stopped`` says why, nothing of the failing row remains, and running the merge again
    continues from that row.

    Raises:
        SigningError: a row's series requires a digital signature and no ``signer`` was given
            (nothing is issued).
    """
    required = signing_series(ctx, plan)
    if required and signer is None and not dry_run:
        raise SigningError(
            _("series {series} requires a digital signature; nothing was issued").format(
                series=", ".join(required)
            ),
            file=plan.data_path,
            hint=_("Give a certificate (--sign FILE.p12, or signing_certificate in settings)."),
        )
    report = MergeReport(plan.merge_id, plan.total_rows, dry_run=dry_run)
    report.failed.extend(plan.problems)
    if strict and plan.problems:
        raise MergeError(
            _("{n} row(s) have problems; nothing was issued (--strict)").format(
                n=len({p.row for p in plan.problems})
            ),
            file=plan.data_path,
            row=plan.problems[0].row,
            column=plan.problems[0].column,
        )
    bad_rows = {p.row for p in plan.problems}
    todo = plan.valid_rows
    done = 0
    numbering = _Numbering(ctx)
    ready_folders: set[Path] = set()  # output folders made for the files written ahead
    gate = MergeGate(ctx.proofer)
    recovered_folders: set[Path] = set()  # output folders cleaned of a killed run's temp files
    from desktop.core.register.codes import new_verification_code

    def rows() -> Iterator[tuple[int, Document]]:
        from desktop.core.templates import compose

        # one query for the rows an earlier run issued; issue_document checks each key again
        issued = set() if dry_run else _issued_keys(ctx, plan.merge_id)
        with open_table(plan.data_path, encoding=plan.encoding) as table:
            for row in table.rows():
                if row.number in bad_rows:
                    continue
                if row_key(plan.merge_id, row.number) in issued:
                    report.already_issued += 1  # issued by an earlier run of this merge
                    tick()
                    continue
                template, values, problems = _row_values(ctx, plan, row)
                if problems or template is None:  # the file changed since it was planned
                    report.failed.extend(problems)
                    continue
                yield (
                    row.number,
                    compose(template, values, ctx.settings.organisation, today=ctx.today()),
                )

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, todo)

    def predicted_reference(doc: Document) -> str:
        return numbering.predict(doc)

    def ahead_paths(numbered: Document) -> dict[str, Path]:
        """Return where a worker writes the row's files ahead (temporary names of this process)."""
        if dry_run:
            return {}
        folder = issue_folder(ctx, numbered, out_dir)
        if folder not in ready_folders:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                return {}  # issuing the row reports why
            ready_folders.add(folder)
        stem = file_stem(numbered.reference or "", numbered)
        marker = temp_marker(os.getpid())
        return {
            fmt: folder / f"{stem}.{fmt}{marker}" for fmt in plan.formats if fmt in ISSUABLE_FORMATS
        }

    def finish(prepared: _Prepared) -> None:
        reference: str | None = None
        try:
            reference = _issue_prepared(
                ctx,
                plan,
                prepared,
                report,
                out_dir=out_dir,
                send=send,
                accept_issues=accept_issues,
                dry_run=dry_run,
                transport=transport,
                signer=signer,
                recovered_folders=recovered_folders,
            )
        finally:
            if not dry_run:  # an issued row has taken its number: predictions move on by one
                numbering.finished(prepared.doc, prepared.predicted, reference)
            tick()

    if progress:
        progress(0, todo)
    try:
        if jobs <= 1:
            for number, doc in rows():
                if cancel is not None and cancel.is_set():
                    report.cancelled = True
                    break
                code = new_verification_code()
                finish(_prepare(gate, number, doc, predicted_reference(doc), code))
        else:
            _run_parallel(
                ctx,
                plan,
                rows(),
                jobs,
                lambda number, doc: _prepare(
                    gate, number, doc, predicted_reference(doc), new_verification_code()
                ),
                finish,
                report,
                cancel,
                render_blocked=bool(accept_issues),
                ahead_paths=ahead_paths,
            )
    except _Stopped as stop:
        report.stopped = str(stop)
    except RegisterError as exc:  # the register failed outside issuing (lookups, opening)
        report.stopped = exc.describe()
    report.proofed_in_full = gate.full_checks
    return report


# A row in the window: prepared row, its rendering and the flush of its files (both None
# when it is rendered here), its temporary files.
_Ahead = tuple[_Prepared, "Future[dict[str, Any]] | None", "Future[None] | None", dict[str, Path]]


def _sync_when_rendered(
    rendered: Future[dict[str, Any]], flusher: ThreadPoolExecutor
) -> Future[None]:
    """Flush a row's files to disk in ``flusher`` once its worker has written them.

    The future returned gets None when every file written ahead is on disk (or nothing was
    written), or the OSError of the first file that could not be flushed.
    """
    synced: Future[None] = Future()

    def flush(files: list[Path]) -> None:
        try:
            for path in files:
                sync_file(path)
        except OSError as exc:
            synced.set_exception(exc)
        else:
            synced.set_result(None)

    def when_done(future: Future[dict[str, Any]]) -> None:
        try:
            if future.cancelled() or future.exception() is not None:
                synced.set_result(None)  # nothing written to flush: the failure is the render's
                return
            files = [v.path for v in future.result().values() if isinstance(v, WrittenFile)]
            flusher.submit(flush, files)
        except RuntimeError:  # the merge is over (cancelled or stopped): nothing to issue
            synced.set_result(None)
        except BaseException as exc:  # never leave the row waiting for a flush
            synced.set_exception(OSError(f"cannot flush the files written ahead: {exc}"))

    rendered.add_done_callback(when_done)
    return synced


def _run_parallel(
    ctx: AppContext,
    plan: MergePlan,
    rows: Iterator[tuple[int, Document]],
    jobs: int,
    prepare: Callable[[int, Document], _Prepared],
    finish: Callable[[_Prepared], None],
    report: MergeReport,
    cancel: threading.Event | None,
    *,
    render_blocked: bool,
    ahead_paths: Callable[[Document], dict[str, Path]],
) -> None:
    """Proof here, render and write ahead in worker processes, issue in file order.

    Every row goes to the workers, also while they start (loading the writers here would cost
    as much as waiting for them); if a worker dies, the rows it had and all later rows are
    rendered here (``_issue_prepared`` renders what it lacks).
    Files written ahead for rows that are not issued (cancelled, stopped, a failed worker) are
    deleted once the workers have stopped.

    Workers write their files without waiting for the disk; threads here flush each row's
    files (:func:`_sync_when_rendered`) while later rows render, and a row is issued only once
    its files are on disk. A file that cannot be flushed is deleted and the row is rendered and
    written here, where the failure is reported (a full disk stops the merge).
    """
    window: deque[_Ahead] = deque()
    broken = False

    def complete(item: _Ahead) -> None:
        nonlocal broken
        prepared, future, synced, temps = item
        if future is not None and synced is not None:
            try:
                prepared = replace(prepared, rendered=future.result())
            except BaseException as exc:
                _discard(temps)  # a failed or killed worker may have left part of a file
                if isinstance(exc, MissivaError):
                    prepared = replace(prepared, error=exc.describe())
                elif isinstance(exc, BrokenProcessPool):  # killed (out of memory ...): render here
                    broken = True
                else:
                    raise
            else:
                try:
                    synced.result()
                except OSError:  # written but not flushed: write it here (and say why not)
                    _discard(temps)
                    kept: dict[str, bytes | WrittenFile] = {
                        f: v for f, v in prepared.rendered.items() if isinstance(v, bytes)
                    }
                    prepared = replace(prepared, rendered=kept)
        finish(prepared)

    try:
        with (
            render_pool(str(ctx.paths.data_dir), jobs) as pool,
            ThreadPoolExecutor(jobs, thread_name_prefix="missiva-flush") as flusher,
        ):
            try:
                for number, doc in rows:
                    if cancel is not None and cancel.is_set():
                        report.cancelled = True
                        break
                    prepared = prepare(number, doc)
                    future = None
                    synced = None
                    temps: dict[str, Path] = {}
                    wanted = render_blocked or not prepared.blocking
                    if not broken and not prepared.error and wanted:
                        numbered = numbered_document(doc, prepared.predicted, prepared.code)
                        temps = ahead_paths(numbered)
                        try:
                            future = pool.submit(
                                render_row,
                                numbered,
                                plan.formats,
                                {fmt: str(path) for fmt, path in temps.items()},
                                os.getpid(),
                                False,  # not flushed there: see _sync_when_rendered
                            )
                        except BrokenProcessPool:
                            broken = True
                        else:
                            synced = _sync_when_rendered(future, flusher)
                    window.append((prepared, future, synced, temps))
                    if len(window) > _AHEAD_PER_WORKER * jobs:
                        complete(window.popleft())
                while window and not report.cancelled:
                    if cancel is not None and cancel.is_set():
                        report.cancelled = True
                        break
                    complete(window.popleft())
            finally:
                for _prepared, future, _synced, _temps in window:  # cancelled or stopped
                    if future is not None:
                        future.cancel()
    finally:  # the workers have stopped: delete what they wrote for rows not issued
        for _prepared, _future, _synced, temps in window:
            _discard(temps)


def _issue_prepared(
    ctx: AppContext,
    plan: MergePlan,
    prepared: _Prepared,
    report: MergeReport,
    *,
    out_dir: Path | None,
    send: bool,
    accept_issues: str | None,
    dry_run: bool,
    transport: Any,
    signer: DocumentSigner | None = None,
    recovered_folders: set[Path] | None = None,
) -> str | None:
    """Issue one prepared row; return its reference, or None when it was not issued.

    Files the row's worker wrote ahead go to ``issue_document``, which uses or deletes them;
    they are deleted here when the row does not get that far.
    """
    ahead = {f: v for f, v in prepared.rendered.items() if isinstance(v, WrittenFile)}
    try:
        return _issue_row(
            ctx,
            plan,
            prepared,
            report,
            ahead,
            out_dir=out_dir,
            send=send,
            accept_issues=accept_issues,
            dry_run=dry_run,
            transport=transport,
            signer=signer,
            recovered_folders=recovered_folders,
        )
    finally:  # _issue_row empties ``ahead`` when it hands the files to issue_document
        _discard({f: w.path for f, w in ahead.items()})


def _issue_row(
    ctx: AppContext,
    plan: MergePlan,
    prepared: _Prepared,
    report: MergeReport,
    ahead: dict[str, WrittenFile],
    *,
    out_dir: Path | None,
    send: bool,
    accept_issues: str | None,
    dry_run: bool,
    transport: Any,
    signer: DocumentSigner | None,
    recovered_folders: set[Path] | None,
) -> str | None:
    if prepared.error:
        report.failed.append(RowProblem(prepared.row, prepared.error))
        return None
    if prepared.blocking and not accept_issues:
        report.failed.append(
            RowProblem(
                prepared.row,
                _(
                    "{n} blocking proofing issue(s); give an override reason to issue it anyway"
                ).format(n=prepared.blocking),
            )
        )
        return None
    if dry_run:
        report.issued.append(
            {"row": prepared.row, "reference": prepared.predicted, "subject": prepared.doc.subject}
        )
        return None

    def render(doc: Document, fmt: str) -> bytes:
        ready = prepared.rendered.get(fmt)
        if doc.reference == prepared.predicted and isinstance(ready, bytes):
            return ready
        return render_bytes(ctx, doc, fmt)

    kind = prepared.doc.kind
    channel = "chat" if kind == "snippet" else "email" if send or kind == "email" else "post"
    series = ctx.settings.series_by_id(prepared.doc.series or ctx.settings.default_series)
    if series.sign_pdf and signer is None:  # the file changed since it was planned
        raise _Stopped(
            _("row {row}: series {series} requires a digital signature").format(
                row=prepared.row, series=series.id
            )
        )
    assert prepared.gate is not None  # a row without an error went through the gate
    handed = dict(ahead)
    ahead.clear()  # issue_document uses or deletes them from here on
    try:
        result: IssueResult = issue_document(
            ctx,
            prepared.doc,
            formats=plan.formats,
            out_dir=out_dir,
            decision=prepared.gate.decision(accept_issues),
            channel=channel,
            idempotency_key=row_key(plan.merge_id, prepared.row),
            verification_code=prepared.code,
            render=render,
            after_write=signer(prepared.doc) if signer else None,
            key_is_new=True,  # run_merge looked up every key of the merge before the first row
            recovered_folders=recovered_folders,
            written_ahead=handed,
            ahead_reference=prepared.predicted,
        )
    except (RenderError, RegisterError, SigningError) as exc:
        # Writing, signing or registering failed: the issuing transaction rolled back (no file,
        # no entry, no number). The same failure would hit every following row, so stop here.
        raise _Stopped(
            _("row {row}: {error}").format(row=prepared.row, error=exc.describe())
        ) from exc
    except MissivaError as exc:
        report.failed.append(RowProblem(prepared.row, exc.describe()))
        return None
    report.written_ahead += bool(handed) and result.reference == prepared.predicted
    report.issued.append(
        {
            "row": prepared.row,
            "reference": result.reference,
            "files": [str(f.path) for f in result.files],
        }
    )
    if send and prepared.doc.correspondent_email and not _already_queued(ctx, result.entry_id):
        from desktop.core.services.mail import send_entry

        attach = () if kind == "email" else tuple(f for f in plan.formats if f in ("pdf", "docx"))
        item = send_entry(ctx, result.reference, (), attach=attach, transport=transport)
        report.mail_queued += 1
        report.mail_sent += item.status == "sent"
    return result.reference
