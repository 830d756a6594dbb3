"""Read merge data from CSV or XLSX as a stream of rows, with row numbers people recognise.

Row numbers are those a spreadsheet shows: the header is row 1, the first record row 2.
CSV: the encoding is given (``--encoding``) or detected by the rule in
:mod:`desktop.core.datafiles` (a BOM; UTF-16 without BOM; strict UTF-8; Windows-1252 only where
unambiguous; else refused). Decoding is strict: bad bytes, NULs and other control characters,
and cells over :data:`MAX_CELL_CHARS` are errors naming the row, the column and the bytes. The
delimiter is sniffed among ``, ; TAB |``. XLSX: the ZIP container is checked before it is read
(members, total uncompressed size, compression ratio, no DTD, no cell text over
:data:`MAX_CELL_CHARS`), then cells keep their types (dates stay dates, numbers keep their
decimals, text codes keep leading zeros). Rows are yielded one at a time so a 50 MB file stays
in bounded memory. Values are data: ``=SUM(A1)`` is the text it looks like, never evaluated.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.core import datafiles
from desktop.core.datafiles import (
    SNIFF_BYTES,
    SUSPECT_RE,
    bad_bytes_in,
    first_control,
    hex_bytes,
)
from desktop.core.errors import MergeError
from desktop.core.i18n import _

DELIMITERS = ",;\t|"
csv.field_size_limit(16 * 1024 * 1024)
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_LINE_CHARS = 4 * 1024 * 1024  # one physical CSV line
MAX_XLSX_MEMBERS = 10_000
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together
MAX_XLSX_RATIO = 100  # uncompressed : compressed, for members over RATIO_CHECKED_FROM
RATIO_CHECKED_FROM = 1024 * 1024
EXTRA_COLUMNS_CHECKED = 256  # columns read past the header's, to report stray values


@dataclass(frozen=True)
class DataRow:
    """One record: its spreadsheet row number, values by column name, and problems found."""

    number: int
    values: dict[str, Any]
    problems: tuple[str, ...] = ()


@dataclass
class DataTable:
    """An opened data file: its header and a one-pass iterator over the records."""

    path: Path
    headers: list[str]
    encoding: str = ""
    delimiter: str = ""
    _rows: Iterator[DataRow] = field(default_factory=lambda: iter(()), repr=False)
    _closer: Any = field(default=None, repr=False)

    def rows(self) -> Iterator[DataRow]:
        """Yield the records once, in file order."""
        yield from self._rows

    def close(self) -> None:
        """Release the underlying file."""
        if self._closer is not None:
            self._closer()
            self._closer = None

    def __enter__(self) -> DataTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def detect_encoding(sample: bytes, *, complete: bool = False, file: Path | None = None) -> str:
    """Return the encoding of a CSV sample (see :func:`desktop.core.datafiles.detect_encoding`).

    Raises:
        MergeError: the encoding cannot be told safely (NULs, bytes neither UTF-8 nor cp1252).
    """
    return datafiles.detect_encoding(sample, complete=complete, file=file, error=MergeError)


def _sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = lines[0]
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _clean_headers(raw: list[str], path: Path) -> list[str]:
    headers = [h.strip() for h in raw]
    if not any(headers):
        raise MergeError(_("the header row is empty"), file=path, row=1)
    seen: set[str] = set()
    for index, name in enumerate(headers, start=1):
        if not name:
            raise MergeError(
                _("column {number} has no name in the header").format(number=index),
                file=path,
                row=1,
                column=index,
            )
        if name in seen:
            raise MergeError(
                _("the column name '{name}' appears twice in the header").format(name=name),
                file=path,
                row=1,
                column=name,
            )
        seen.add(name)
    return headers


def check_cell(value: str, path: Path, row: int, column: str | int | None, encoding: str) -> None:
    """Refuse a CSV cell with undecodable bytes, a control character or too many characters."""
    bad = bad_bytes_in(value)
    if bad:
        raise MergeError(
            _("bytes {bytes} are not valid {encoding} text").format(
                bytes=hex_bytes(bad), encoding=encoding
            ),
            file=path,
            row=row,
            column=column,
            hint=_("Save the file as CSV UTF-8, or give its encoding with --encoding."),
        )
    control = first_control(value)
    if control is not None:
        raise MergeError(
            _("the value holds a control character U+{code:04X}").format(code=ord(control)),
            file=path,
            row=row,
            column=column,
            hint=_NUL_HINT
            if control == "\x00"
            else _("Remove it from the file: only tabs and line breaks may appear in a value."),
        )
    if len(value) > MAX_CELL_CHARS:
        raise MergeError(
            _("the value is longer than {limit:,} characters").format(limit=MAX_CELL_CHARS),
            file=path,
            row=row,
            column=column,
        )


_NUL_HINT = _(
    "If the file is UTF-16 or UTF-32 text, give its encoding with --encoding; "
    "otherwise remove the NUL bytes from it."
)


def _long_line(path: Path) -> Any:
    def fail(number: int) -> None:
        raise MergeError(
            _("the line is longer than {limit:,} characters").format(limit=MAX_LINE_CHARS),
            file=path,
            row=number,
        )

    return fail


def _open_csv(path: Path, encoding: str | None = None) -> DataTable:
    handle = path.open("rb")
    try:
        sample = handle.read(SNIFF_BYTES)
        if not sample.strip():
            raise MergeError(_("the file is empty"), file=path)
        try:
            name = datafiles.choose_encoding(
                sample, encoding, complete=len(sample) < SNIFF_BYTES, file=path, error=MergeError
            )
        except MergeError:
            if encoding:
                raise  # an unknown encoding name
            name = "utf-8"  # neither UTF-8 nor safely cp1252: the cell at fault is named below
        handle.seek(0)
        lines = datafiles.decoded_lines(
            handle, name, max_line_chars=MAX_LINE_CHARS, on_long_line=_long_line(path)
        )
        delimiter = _sniff_delimiter(sample.decode(name, errors="ignore").lstrip("\ufeff"))
        last: list[str] = [""]
        reader = csv.reader(_without_bom(lines, last), delimiter=delimiter)
        try:
            first = next(reader)
        except StopIteration:
            raise MergeError(_("the file is empty"), file=path) from None
        for index, cell in enumerate(first, start=1):
            check_cell(cell, path, reader.line_num, index, name)
        headers = _clean_headers(first, path)
    except MergeError:
        handle.close()
        raise
    except csv.Error as exc:
        handle.close()
        check_cell(last[0], path, reader.line_num, None, name)  # a NUL or bad bytes broke it
        raise MergeError(
            _("cannot read the header: {error}").format(error=exc), file=path, row=1
        ) from exc

    def rows() -> Iterator[DataRow]:
        number = 1
        try:
            for cells in reader:
                number = reader.line_num
                if SUSPECT_RE.search("".join(cells)) or max(map(len, cells), default=0) > (
                    MAX_CELL_CHARS
                ):
                    for index, cell in enumerate(cells):
                        column = headers[index] if index < len(headers) else index + 1
                        check_cell(cell, path, number, column, name)
                if not any(c.strip() for c in cells):
                    continue  # blank line
                problems: list[str] = []
                if len(cells) > len(headers):
                    extra = cells[len(headers) :]
                    if any(c.strip() for c in extra):
                        problems.append(
                            _("has {cells} cells but the header has {columns} columns").format(
                                cells=len(cells), columns=len(headers)
                            )
                        )
                values = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
                yield DataRow(number, values, tuple(problems))
        except csv.Error as exc:
            check_cell(last[0], path, reader.line_num, None, name)  # a NUL or bad bytes broke it
            raise MergeError(
                _("malformed CSV: {error}").format(error=exc), file=path, row=number + 1
            ) from exc

    return DataTable(path, headers, name, delimiter, rows(), handle.close)


def _without_bom(lines: Iterator[str], last: list[str]) -> Iterator[str]:
    """Drop a BOM left at the start (an encoding given by name keeps it); note the last line."""
    for index, line in enumerate(lines):
        last[0] = line.removeprefix("\ufeff") if index == 0 else line
        yield last[0]


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, float):
        return Decimal(repr(value)) if not value.is_integer() else Decimal(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if value is None:
        return ""
    return value


class _XmlRefused(Exception):
    """Raised inside the expat callbacks to stop the scan of an XLSX part."""


def _zip_entry_count(path: Path) -> int | None:
    """Return the member count the ZIP's end record declares (read before any directory)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size - (22 + 65535)))
        tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    return int(struct.unpack("<H", tail[at + 10 : at + 12])[0])


def _scan_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Stream one XML part: refuse a DTD and any cell text over :data:`MAX_CELL_CHARS`."""
    from xml.parsers import expat

    name = info.filename
    cells = name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"
    state: dict[str, Any] = {"chars": 0, "in_text": 0, "cell": "", "item": 0}

    def refuse_dtd(*_args: object) -> None:
        raise _XmlRefused(_("its part {part} declares a DTD").format(part=name))

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local in ("c", "si"):
            state["chars"] = 0
            state["cell"] = attrs.get("r", "")
            state["item"] += local == "si"
        elif local in ("t", "v"):
            state["in_text"] += 1

    def end(tag: str) -> None:
        if tag.rsplit(":", 1)[-1] in ("t", "v"):
            state["in_text"] -= 1

    def text(data: str) -> None:
        if state["in_text"] > 0:
            state["chars"] += len(data)
            if state["chars"] > MAX_CELL_CHARS:
                where = (
                    _("cell {cell}").format(cell=state["cell"])
                    if name.startswith("xl/worksheets/")
                    else _("shared text number {number}").format(number=state["item"])
                )
                raise _XmlRefused(
                    _("{where} is longer than {limit:,} characters").format(
                        where=where, limit=MAX_CELL_CHARS
                    )
                )

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    if cells:
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
    with archive.open(info) as member:
        while chunk := member.read(SNIFF_BYTES):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def check_xlsx_container(path: Path) -> None:
    """Check an XLSX file's ZIP container before any part of it is parsed into memory.

    Raises:
        MergeError: too many members, too large once uncompressed, a member compressed more
            than :data:`MAX_XLSX_RATIO` to 1, a DTD, a cell over :data:`MAX_CELL_CHARS`
            characters, or a broken ZIP.
    """
    hint = _("Open the file in a spreadsheet program and save it again as XLSX.")
    declared = _zip_entry_count(path)
    if declared is not None and declared > MAX_XLSX_MEMBERS:
        raise MergeError(
            _("the workbook has {count:,} parts, more than {limit:,}").format(
                count=declared, limit=MAX_XLSX_MEMBERS
            ),
            file=path,
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_XLSX_MEMBERS:
                raise MergeError(
                    _("the workbook has {count:,} parts, more than {limit:,}").format(
                        count=len(infos), limit=MAX_XLSX_MEMBERS
                    ),
                    file=path,
                )
            total = 0
            for info in infos:
                total += info.file_size
                if total > MAX_XLSX_UNCOMPRESSED:
                    raise MergeError(
                        _("the workbook is larger than {limit} MB once uncompressed").format(
                            limit=MAX_XLSX_UNCOMPRESSED // (1024 * 1024)
                        ),
                        file=path,
                    )
                if info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_XLSX_RATIO * max(
                    info.compress_size, 1
                ):
                    raise MergeError(
                        _(
                            "its part {part} is compressed {ratio:,} to 1, more than "
                            "{limit} to 1: the file is a ZIP bomb or damaged"
                        ).format(
                            part=info.filename,
                            ratio=info.file_size // max(info.compress_size, 1),
                            limit=MAX_XLSX_RATIO,
                        ),
                        file=path,
                    )
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _scan_xml(archive, info, path)
    except _XmlRefused as exc:
        raise MergeError(str(exc), file=path, hint=hint) from None
    except MergeError:
        raise
    except Exception as exc:  # damaged ZIP or XML (BadZipFile, zlib.error, ExpatError, ...)
        raise MergeError(
            _("not a readable XLSX workbook: {error}").format(error=exc or type(exc).__name__),
            file=path,
            hint=hint,
        ) from None


@contextlib.contextmanager
def _unreadable_workbook(path: Path, row: int | None = None) -> Iterator[None]:
    """Turn whatever openpyxl raises on a damaged part into one :class:`MergeError`.

    The container was checked (sizes, DTD, cell lengths); what remains is damaged content
    (bad numbers, missing parts, broken styles), where openpyxl may raise many error types.
    """
    try:
        yield
    except MergeError:
        raise
    except Exception as exc:  # a third-party parser on untrusted input: any error type
        raise MergeError(
            _("not a readable XLSX workbook: {error}").format(error=exc or type(exc).__name__),
            file=path,
            row=row,
            hint=_("Open the file in a spreadsheet program and save it again as XLSX."),
        ) from None


def _guarded_rows(path: Path, rows: Iterator[Any]) -> Iterator[Any]:
    number = 1
    while True:
        with _unreadable_workbook(path, number + 1):
            try:
                cells = next(rows)
            except StopIteration:
                return
        number += 1
        yield cells


def _open_xlsx(path: Path) -> DataTable:
    from openpyxl import load_workbook

    check_xlsx_container(path)
    with _unreadable_workbook(path):
        workbook = load_workbook(path, read_only=True, data_only=True)
    if not workbook.worksheets:
        workbook.close()
        raise MergeError(_("the workbook has no sheet"), file=path)
    sheet = workbook.worksheets[0]
    try:
        with _unreadable_workbook(path, 1):
            first = next(iter(sheet.iter_rows(values_only=True, max_row=1)), None)
            if first is None:
                raise MergeError(_("the workbook's first sheet is empty"), file=path)
    except MergeError:
        workbook.close()
        raise
    # Trailing empty header cells are common in Excel exports: drop them.
    raw = ["" if c is None else str(c) for c in first]
    while raw and not raw[-1].strip():
        raw.pop()
    try:
        for index, cell in enumerate(raw, start=1):
            check_cell(cell, path, 1, index, "xlsx")
        headers = _clean_headers(raw, path)
    except MergeError:
        workbook.close()
        raise
    # read a bounded width: a sheet may claim 16,384 columns for a few values
    width = len(headers) + EXTRA_COLUMNS_CHECKED
    records = _guarded_rows(path, iter(sheet.iter_rows(min_row=2, max_col=width, values_only=True)))

    def rows() -> Iterator[DataRow]:
        for number, cells in enumerate(records, start=2):
            cells = tuple(cells)
            if cells.count(None) == len(cells) or all(
                c is None or (isinstance(c, str) and not c.strip()) for c in cells
            ):
                continue
            for index, cell in enumerate(cells[: len(headers)]):
                if isinstance(cell, str):
                    check_cell(cell, path, number, headers[index], "xlsx")
            problems: list[str] = []
            extra = cells[len(headers) :]
            if any(c not in (None, "") for c in extra):
                problems.append(
                    _("has values beyond the {columns} named columns").format(columns=len(headers))
                )
            values = {
                h: _xlsx_value(cells[i] if i < len(cells) else None) for i, h in enumerate(headers)
            }
            yield DataRow(number, values, tuple(problems))

    return DataTable(path, headers, "xlsx", "", rows(), workbook.close)


XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


def check_data_file(path: Path) -> None:
    """Check, without parsing it, that ``path`` is a readable data file of a supported type.

    Cheap enough to run as a person types a path (one ``stat`` and one ``open``).

    Raises:
        MergeError: the file does not exist, is of another type, or cannot be opened.
    """
    if not path.is_file():
        raise MergeError(_("the data file does not exist"), file=path)
    suffix = path.suffix.lower()
    if suffix not in XLSX_SUFFIXES + CSV_SUFFIXES:
        raise MergeError(
            _("unsupported data file type '{suffix}'").format(suffix=suffix or _("(none)")),
            file=path,
            hint=_("Use a .csv or .xlsx file."),
        )
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise MergeError(
            _("cannot read the data file: {error}").format(error=exc.strerror or exc), file=path
        ) from None


def open_table(path: Path, *, encoding: str | None = None) -> DataTable:
    """Open a CSV or XLSX merge file; errors name the file (and row and column where relevant).

    Args:
        path: the ``.csv``/``.txt``/``.tsv`` or ``.xlsx``/``.xlsm`` file.
        encoding: the CSV's encoding (``None``: detect it); ignored for XLSX.
    """
    check_data_file(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _open_xlsx(path)
    return _open_csv(path, encoding)
