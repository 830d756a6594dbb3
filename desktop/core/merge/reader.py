"""Read merge data from CSV or XLSX as a stream of rows, with row numbers people recognise.

Row numbers are those a spreadsheet shows: the header is row 1, the first record row 2.
CSV: the encoding is chosen deterministically (a BOM, else strict UTF-8, else Windows-1252,
else Latin-1 — what Excel and LibreOffice actually write), the delimiter is sniffed among
``, ; TAB |``. XLSX: cells keep their types (dates stay dates, numbers keep their decimals,
text codes keep leading zeros). Rows are yielded one at a time so a 50 MB file stays in bounded
memory. Values are data: ``=SUM(A1)`` is the text it looks like, never evaluated.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.core.errors import MergeError
from desktop.core.i18n import _

SNIFF_BYTES = 64 * 1024
DELIMITERS = ",;\t|"
csv.field_size_limit(16 * 1024 * 1024)


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


def detect_encoding(sample: bytes) -> str:
    """Return the encoding of a CSV sample: BOM, strict UTF-8, Windows-1252 or Latin-1."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        # A multi-byte character may be cut at the end of the sample: ignore the last 3 bytes.
        sample.decode("utf-8") if len(sample) < SNIFF_BYTES else sample[:-3].decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


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


def _decoded_lines(handle: io.BufferedReader, encoding: str, path: Path) -> Iterator[str]:
    """Decode line by line so that a bad byte is reported at its own line."""
    if encoding == "utf-16":  # two-byte newlines: let the codec split the lines
        yield from io.TextIOWrapper(handle, encoding=encoding, newline="")
        return
    decoder_encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    for number, raw in enumerate(handle, start=1):
        if number == 1 and encoding == "utf-8-sig":
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            yield raw.decode(decoder_encoding)
        except UnicodeDecodeError as exc:
            raise MergeError(
                _("this line is not valid {encoding} text ({reason})").format(
                    encoding=encoding, reason=exc.reason
                ),
                file=path,
                row=number,
                hint=_("Save the file as UTF-8 (CSV UTF-8 in Excel) and try again."),
            ) from exc


def _open_csv(path: Path) -> DataTable:
    handle = path.open("rb")
    try:
        sample = handle.read(SNIFF_BYTES)
        if not sample.strip():
            raise MergeError(_("the file is empty"), file=path)
        encoding = detect_encoding(sample)
        handle.seek(0)
        text = _decoded_lines(handle, encoding, path)
        delimiter = _sniff_delimiter(sample.decode(encoding, errors="ignore").lstrip("\ufeff"))
        reader = csv.reader(text, delimiter=delimiter)
        try:
            first = next(reader)
        except StopIteration:
            raise MergeError(_("the file is empty"), file=path) from None
        headers = _clean_headers(first, path)
    except MergeError:
        handle.close()
        raise
    except csv.Error as exc:
        handle.close()
        raise MergeError(
            _("cannot read the header: {error}").format(error=exc), file=path, row=1
        ) from exc

    def rows() -> Iterator[DataRow]:
        number = 1
        try:
            for cells in reader:
                number = reader.line_num
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
            raise MergeError(
                _("malformed CSV: {error}").format(error=exc), file=path, row=number + 1
            ) from exc

    return DataTable(path, headers, encoding, delimiter, rows(), handle.close)


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


def _open_xlsx(path: Path) -> DataTable:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise MergeError(
            _("not a readable XLSX workbook: {error}").format(error=exc), file=path
        ) from exc
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        first = next(iterator)
    except StopIteration:
        workbook.close()
        raise MergeError(_("the workbook's first sheet is empty"), file=path) from None
    # Trailing empty header cells are common in Excel exports: drop them.
    raw = ["" if c is None else str(c) for c in first]
    while raw and not raw[-1].strip():
        raw.pop()
    try:
        headers = _clean_headers(raw, path)
    except MergeError:
        workbook.close()
        raise

    def rows() -> Iterator[DataRow]:
        for number, cells in enumerate(iterator, start=2):
            cells = tuple(cells)
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
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


def open_table(path: Path) -> DataTable:
    """Open a CSV or XLSX merge file; errors name the file (and row where relevant)."""
    check_data_file(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _open_xlsx(path)
    return _open_csv(path)
