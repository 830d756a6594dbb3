"""Register exports honouring the list filters: CSV, XLSX and a PDF report.

CSV is UTF-8 with a BOM (so Excel reads accents) and neutralises formula injection: a cell
starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe.
XLSX (our streaming writer, :mod:`~desktop.core.register.xlsx`: fast and flat in memory)
stores text as text cells — never formulas — and dates as real date cells, with a frozen bold
header, an autofilter and column widths. The PDF report (reportlab) has the organisation's
letterhead (the letters' own), a title, the filters in words, the table, counts per status and
"page X of Y". Every export is written to a temporary file, flushed, and linked to its name: an
existing file is never replaced (the export is refused).

Exports are read by people (a manager, an auditor), so every format speaks one language, the
export's (``language``; blank: the active interface language): column headers, directions,
kinds and statuses are translated labels, not the register's codes. Other values (references,
dates, names, series ids, channels) are exported as stored. Translated labels go through the
same formula neutralisation as any other text.
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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.durable import place_new, sync_file
from desktop.core.errors import RegisterError
from desktop.core.i18n import _, normalise_ui_language, ui_language

if TYPE_CHECKING:
    from desktop.core.register.search import SearchFilters
    from desktop.core.settings import OrganisationProfile

Progress = Callable[[int, int], None]
Translate = Callable[[str], str]

COLUMNS: tuple[tuple[str, str, float], ...] = (
    # (header, attribute, XLSX width); the header is translated by _headers()
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
    ("Void reason", "void_reason", 30),
    ("Notes", "notes", 30),
)
EXPORT_LANGUAGES = ("en", "pt-BR", "id")


def export_language(code: str) -> str:
    """Return the export language for ``code`` ("pt_BR", "pt-br", "id", "en-GB"...), or "".

    "" means the code names no language exports speak (the caller reports it).
    """
    base = code.strip().replace("_", "-").lower()
    if not base:
        return ""
    if base in ("en", "pt", "id") or base.startswith(("en-", "pt-", "id-")):
        return {"en": "en", "pt": "pt-BR", "id": "id"}[base[:2]]
    return ""


def translator(language: str) -> Translate:
    """Return the interface translation of ``language`` ("" = the active interface language).

    Exports run in a worker thread while the window goes on in its own language, so they
    translate through their own catalog instead of switching the interface.
    """
    from desktop.core import i18n

    code = normalise_ui_language(language) if language else ui_language()
    return i18n._load(code).gettext


def _headers(_: Translate) -> dict[str, str]:
    """Return the translated column headers by attribute (``_`` is the export's language)."""
    return {
        "reference": _("Reference"),
        "entry_date": _("Date"),
        "direction": _("Direction"),
        "kind": _("Kind"),
        "status": _("Status"),
        "series": _("Series"),
        "subject": _("Subject"),
        "correspondent_name": _("Correspondent"),
        "correspondent_organisation": _("Organisation"),
        "correspondent_email": _("E-mail"),
        "channel": _("Channel"),
        "language": _("Language"),
        "template_id": _("Template"),
        "author": _("Author"),
        "signatory": _("Signed by"),
        "issued_at": _("Issued (UTC)"),
        "sent_at": _("Sent (UTC)"),
        "received_at": _("Received"),
        "reply_by": _("Reply by"),
        "verification_code": _("Verification code"),
        "override_reason": _("Override reason"),
        "void_reason": _("Void reason"),
        "notes": _("Notes"),
    }


def _codes(_: Translate) -> dict[str, dict[str, str]]:
    """Return the translated labels of directions, kinds and statuses, by attribute then code."""
    return {
        "direction": {"in": _("In"), "out": _("Out")},
        "kind": {
            "letter": _("Letter"),
            "memo": _("Memo"),
            "email": _("E-mail"),
            "snippet": _("Chat snippet"),
        },
        "status": {
            "draft": _("draft"),
            "issued": _("issued"),
            "received": _("received"),
            "sent": _("sent"),
            "printed": _("printed"),
            "replied": _("replied"),
            "void": _("void"),
        },
    }


@dataclass(frozen=True)
class Labels:
    """Everything an export prints in its language: headers, coded values, report words."""

    gettext: Translate
    headers: dict[str, str]
    codes: dict[str, dict[str, str]]

    @classmethod
    def of(cls, language: str = "") -> Labels:
        """Return the labels of ``language`` ("" = the active interface language)."""
        gettext = translator(language)
        return cls(gettext, _headers(gettext), _codes(gettext))

    def code(self, attribute: str, value: str) -> str:
        """Return the label of a coded value (unknown codes as they are)."""
        return self.codes.get(attribute, {}).get(value, value)


def describe_filters(filters: SearchFilters, labels: Labels) -> str:
    """Return the filters in words in the export's language ("all entries" when none)."""
    _ = labels.gettext
    parts: list[str] = []
    if filters.date_from or filters.date_to:
        parts.append(
            _("dates {start} to {end}").format(
                start=filters.date_from.isoformat() if filters.date_from else "…",
                end=filters.date_to.isoformat() if filters.date_to else "…",
            )
        )
    for attribute, name, value in (
        ("direction", _("direction"), filters.direction),
        ("kind", _("kind"), filters.kind),
        ("status", _("status"), filters.status),
        ("series", _("series"), filters.series),
        ("correspondent", _("correspondent"), filters.correspondent),
        ("text", _("search words"), filters.text),
    ):
        if value:
            parts.append(f"{name} “{labels.code(attribute, value)}”")
    if filters.statuses:
        shown = ", ".join(labels.code("status", s) for s in filters.statuses)
        parts.append(f"{_('status')} “{shown}”")
    if filters.overdue:
        parts.append(_("overdue incoming only"))
    if not filters.include_drafts:
        parts.append(_("no drafts"))
    return "; ".join(parts) if parts else _("all entries")


def export_columns() -> list[Any]:
    """Return the selected columns in :data:`EXPORT_FIELDS` order (for ``iter_rows``).

    The void reason is the note of the entry's last change to ``void`` (its history keeps it).
    """
    from sqlalchemy import case, select

    from desktop.core.register.models import Entry, StatusChange

    reason = (
        select(StatusChange.note)
        .where(StatusChange.entry_id == Entry.id, StatusChange.to_status == "void")
        .order_by(StatusChange.id.desc())
        .limit(1)
        .correlate(Entry)
        .scalar_subquery()
    )
    void_reason = case((Entry.status == "void", reason), else_=None).label("void_reason")
    return [
        void_reason if name == "void_reason" else getattr(Entry, name) for name in EXPORT_FIELDS
    ]


_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Return ``text`` made inert for spreadsheets (a leading apostrophe before =, +, -, @ ...)."""
    return "'" + text if text.startswith(_DANGEROUS_START) else text


EXPORT_FIELDS: tuple[str, ...] = ("id", *(a for _h, a, _w in COLUMNS))
_DANGEROUS_FIRST = frozenset(_DANGEROUS_START)


def _reference(row: Any) -> str:
    return row.reference or f"draft #{row.id}"


_CODED = tuple(
    (index, attribute)
    for index, (_h, attribute, _w) in enumerate(COLUMNS)
    if attribute in ("direction", "kind", "status")
)


def _cells(row: Any, labels: Labels) -> list[Any]:
    """Return the export cells of a row in :data:`EXPORT_FIELDS` order (id dropped).

    Directions, kinds and statuses become their labels in the export's language.
    """
    cells = list(row[1:])
    if cells[0] is None:
        cells[0] = f"draft #{row[0]}"
    for index, attribute in _CODED:
        value = cells[index]
        if value:
            cells[index] = labels.code(attribute, value)
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
    language: str = "",
) -> int:
    """Write rows (tuples in :data:`EXPORT_FIELDS` order) as CSV; return the number of rows.

    UTF-8 with a BOM; headers and coded values in ``language``; formula-like cells are
    neutralised with a leading apostrophe.
    """
    labels = Labels.of(language)
    count = 0
    with _atomic_target(path) as temp, temp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_csv_cell(labels.headers[a]) for _h, a, _w in COLUMNS])
        for entry in _tracked(rows, total, progress, cancel):
            writer.writerow([_csv_cell(value) for value in _cells(entry, labels)])
            count += 1
    return count


def write_xlsx(
    rows: Iterable[Any],
    path: Path,
    *,
    total: int = 0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    language: str = "",
) -> int:
    """Write rows as XLSX (text cells, date cells, frozen header, filter); return the count."""
    from desktop.core.register.xlsx import write_sheet

    labels = Labels.of(language)
    cells = (_cells(entry, labels) for entry in _tracked(rows, total, progress, cancel))
    columns = [(labels.headers[attribute], width) for _h, attribute, width in COLUMNS]
    sheet_name = labels.gettext("Register")[:31]
    with _atomic_target(path) as temp:
        return write_sheet(temp, cells, columns=columns, sheet_name=sheet_name)


def write_pdf(
    rows: Iterable[Any],
    path: Path,
    *,
    filters: SearchFilters,
    title: str = "",
    printed: str = "",
    profile: OrganisationProfile | None = None,
    total: int = 0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    language: str = "",
) -> int:
    """Write a PDF report: letterhead, title, filters, table, counts per status, page X of Y.

    Args:
        rows: tuples in :data:`EXPORT_FIELDS` order.
        path: the new file (an existing one is never replaced).
        filters: what was asked for, printed in words at the top.
        title: the report's title ("" = "Correspondence register" in ``language``).
        printed: the day printed, as text.
        profile: the organisation whose letterhead (name, address, logo) heads page 1.
        total: how many rows to expect (for ``progress``).
        progress: called with (done, total) now and then.
        cancel: set it to stop; nothing is written.
        language: the export's language ("" = the active interface language).
    """
    from desktop.core.register.report import build_report

    labels = Labels.of(language)
    statuses: Tally[str] = Tally()
    table: list[list[str]] = []
    for entry in _tracked(rows, total, progress, cancel):
        statuses[labels.code("status", entry.status)] += 1
        correspondent = entry.correspondent_name or entry.correspondent_organisation
        table.append(
            [
                _reference(entry),
                _text(entry.entry_date),
                labels.code("direction", entry.direction),
                labels.code("kind", entry.kind),
                labels.code("status", entry.status),
                entry.series or "",
                entry.subject,
                correspondent,
                _text(entry.reply_by),
                entry.void_reason or "",
            ]
        )
    headers = [
        labels.headers[a]
        for a in (
            "reference",
            "entry_date",
            "direction",
            "kind",
            "status",
            "series",
            "subject",
            "correspondent_name",
            "reply_by",
            "void_reason",
        )
    ]
    with _atomic_target(path) as temp:
        build_report(
            temp,
            title=title or labels.gettext("Correspondence register"),
            description=describe_filters(filters, labels),
            headers=headers,
            rows=table,
            statuses=statuses,
            printed=printed,
            profile=profile,
            language=export_language(language or ui_language()) or "en",
            gettext=labels.gettext,
        )
    return len(table)
