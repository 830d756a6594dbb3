"""Register exports honouring the list filters: CSV, XLSX and a PDF report.

CSV is UTF-8 with a BOM (so Excel reads accents) and neutralises formula injection: a cell
starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe.
XLSX (our streaming writer, :mod:`~desktop.core.register.xlsx`: fast and flat in memory)
stores text as text cells — never formulas — and dates as real date cells, with a frozen bold
header, an autofilter and column widths. The PDF report (reportlab) has a title, the filters in words, the table, counts per
status and "page X of Y". Every export is written to a temporary file, flushed, and linked to
its name: an existing file is never replaced (the export is refused).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import secrets
import threading
from collections import Counter as Tally
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop.core.durable import place_new, sync_file
from desktop.core.errors import RegisterError
from desktop.core.i18n import _

Progress = Callable[[int, int], None]

COLUMNS: tuple[tuple[str, str, float], ...] = (
    # (header, attribute, XLSX width)
    ("Reference", "reference", 22),
    ("Date", "entry_date", 12),
    ("Direction", "direction", 9),
    ("Kind", "kind", 9),
    ("Status", "status", 10),
    ("Series", "series", 9),
    ("Subject", "subject", 40),
    ("Correspondent", "correspondent_name", 28),
    ("Organisation", "correspondent_organisation", 24),
    ("E-mail", "correspondent_email", 26),
    ("Channel", "channel", 9),
    ("Language", "language", 9),
    ("Template", "template_id", 20),
    ("Author", "author", 14),
    ("Signatory", "signatory", 18),
    ("Issued (UTC)", "issued_at", 18),
    ("Sent (UTC)", "sent_at", 18),
    ("Received", "received_at", 12),
    ("Reply by", "reply_by", 12),
    ("Verification code", "verification_code", 12),
    ("Override reason", "override_reason", 30),
    ("Notes", "notes", 30),
)
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Return ``text`` made inert for spreadsheets (a leading apostrophe before =, +, -, @ ...)."""
    return "'" + text if text.startswith(_DANGEROUS_START) else text


EXPORT_FIELDS: tuple[str, ...] = ("id", *(a for _h, a, _w in COLUMNS))
_DANGEROUS_FIRST = frozenset(_DANGEROUS_START)


def _reference(row: Any) -> str:
    return row.reference or f"draft #{row.id}"


def _cells(row: Any) -> list[Any]:
    """Return the export cells of a row in :data:`EXPORT_FIELDS` order (id dropped)."""
    cells = list(row[1:])
    if cells[0] is None:
        cells[0] = f"draft #{row[0]}"
    return cells


def _utc_naive(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if value.__class__ is str:
        return "'" + value if value[:1] in _DANGEROUS_FIRST else value
    if isinstance(value, dt.datetime):
        return _utc_naive(value).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def _text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return _utc_naive(value).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _refuse_existing(path: Path) -> RegisterError:
    return RegisterError(
        _("the export file already exists; Missiva never writes over a file"),
        file=path,
        hint=_("Choose another file name, or move the existing file away first."),
    )


@contextmanager
def _atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; give it that name if the block succeeds.

    The export is flushed to disk and then linked to ``path``, which fails if a file is
    there (checked first too, before any work, and again atomically at the end): an existing
    file is never replaced.
    """
    if path.exists() or path.is_symlink():
        raise _refuse_existing(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegisterError(
            _("cannot create the export folder: {error}").format(error=exc.strerror),
            file=path.parent,
        ) from exc
    temp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        yield temp
        sync_file(temp)
        place_new(temp, path)
    except FileExistsError as exc:
        raise _refuse_existing(path) from exc
    except OSError as exc:
        raise RegisterError(
            _("cannot write the export: {error}").format(error=exc.strerror), file=path
        ) from exc
    finally:
        temp.unlink(missing_ok=True)


def _tracked(
    rows: Iterable[Any], total: int, progress: Progress | None, cancel: threading.Event | None
) -> Iterator[Any]:
    done = 0
    for entry in rows:
        if cancel is not None and cancel.is_set():
            raise RegisterError(_("the export was cancelled; no file was written"))
        yield entry
        done += 1
        if progress is not None and (done % 1000 == 0 or done == total):
            progress(done, total)
    if progress is not None and done != total:
        progress(done, done)


def write_csv(
    rows: Iterable[Any],
    path: Path,
    *,
    total: int = 0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Write rows (tuples in :data:`EXPORT_FIELDS` order) as CSV; return the number of rows.

    UTF-8 with a BOM; formula-like cells are neutralised with a leading apostrophe.
    """
    count = 0
    with _atomic_target(path) as temp, temp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([header for header, _a, _w in COLUMNS])
        for entry in _tracked(rows, total, progress, cancel):
            writer.writerow([_csv_cell(value) for value in _cells(entry)])
            count += 1
    return count


def write_xlsx(
    rows: Iterable[Any],
    path: Path,
    *,
    total: int = 0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Write rows as XLSX (text cells, date cells, frozen header, filter); return the count."""
    from desktop.core.register.xlsx import write_sheet

    cells = (_cells(entry) for entry in _tracked(rows, total, progress, cancel))
    columns = [(header, width) for header, _a, width in COLUMNS]
    with _atomic_target(path) as temp:
        return write_sheet(temp, cells, columns=columns, sheet_name="Register")


def write_pdf(
    rows: Iterable[Any],
    path: Path,
    *,
    title: str,
    description: str,
    printed: str = "",
    total: int = 0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Write a PDF report: title, filters, table, counts per status, page X of Y."""
    from desktop.core.register.report import build_report

    statuses: Tally[str] = Tally()
    table: list[list[str]] = []
    for entry in _tracked(rows, total, progress, cancel):
        statuses[entry.status] += 1
        correspondent = entry.correspondent_name or entry.correspondent_organisation
        table.append(
            [
                _reference(entry),
                _text(entry.entry_date),
                entry.direction,
                entry.kind,
                entry.status,
                entry.subject,
                correspondent,
            ]
        )
    with _atomic_target(path) as temp:
        build_report(
            temp,
            title=title,
            description=description,
            rows=table,
            statuses=statuses,
            printed=printed,
        )
    return len(table)
