"""Merge input: encodings, delimiters, typed XLSX cells, malformed files, bounded memory."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.core.errors import MergeError
from desktop.core.merge import open_table

ROWS = [
    ["customer_name", "city", "amount"],
    ["João Araújo", "São Paulo", "1.250,50"],
    ["Silva & Filhos <Ltda>", "Belém", "=SUM(A1)"],
]


def _write_csv(path: Path, rows: list[list[str]], *, encoding: str, delimiter: str = ",") -> Path:
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def _read_all(path: Path) -> tuple[list[str], list[dict[str, object]], str, str]:
    with open_table(path) as table:
        return table.headers, [r.values for r in table.rows()], table.encoding, table.delimiter


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("utf-16", "utf-16")],
)
def test_open_table_csv_detects_encoding(tmp_path: Path, encoding: str, expected: str) -> None:
    """UTF-8, UTF-8 with BOM, Windows-1252 and UTF-16 files all read back with their accents."""
    path = _write_csv(tmp_path / "d.csv", ROWS, encoding=encoding, delimiter=";")
    headers, rows, detected, _ = _read_all(path)
    assert detected == expected
    assert headers == ROWS[0]
    assert rows[0]["customer_name"] == "João Araújo"
    assert rows[1]["city"] == "Belém"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_open_table_csv_sniffs_delimiter(tmp_path: Path, delimiter: str) -> None:
    """Comma, semicolon, tab and pipe separated files are recognised."""
    path = _write_csv(
        tmp_path / "d.csv",
        [[c.replace(",", "") for c in r] for r in ROWS],
        encoding="utf-8",
        delimiter=delimiter,
    )
    _, rows, _, detected = _read_all(path)
    assert detected == delimiter
    assert rows[1]["customer_name"] == "Silva & Filhos <Ltda>"


def test_open_table_csv_formula_text_stays_literal(tmp_path: Path) -> None:
    """A cell that looks like a formula is plain text."""
    path = _write_csv(tmp_path / "d.csv", ROWS, encoding="utf-8", delimiter=";")
    _, rows, _, _ = _read_all(path)
    assert rows[1]["amount"] == "=SUM(A1)"


def test_open_table_csv_row_numbers_match_the_spreadsheet(tmp_path: Path) -> None:
    """The first record is row 2 (the header is row 1); blank lines are skipped but counted."""
    path = tmp_path / "d.csv"
    path.write_text("a,b\n1,2\n\n3,4\n", encoding="utf-8")
    with open_table(path) as table:
        numbers = [r.number for r in table.rows()]
    assert numbers == [2, 4]


def test_open_table_csv_ragged_row_is_reported_not_fatal(tmp_path: Path) -> None:
    """A row with more cells than the header carries a problem; a short row is padded empty."""
    path = tmp_path / "d.csv"
    path.write_text("a,b\n1,2,3\n4\n", encoding="utf-8")
    with open_table(path) as table:
        rows = list(table.rows())
    assert "3 cells" in rows[0].problems[0]
    assert rows[1].values == {"a": "4", "b": ""} and rows[1].problems == ()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b",b\n1,2\n", "column 1 has no name"),
        (b"a,a\n1,2\n", "appears twice"),
    ],
)
def test_open_table_csv_bad_header_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    """Empty files and unusable headers are refused with a message naming the file."""
    path = tmp_path / "d.csv"
    path.write_bytes(content)
    with pytest.raises(MergeError) as info:
        open_table(path)
    assert message in info.value.message
    assert info.value.file == str(path)


def test_open_table_header_only_yields_no_rows(tmp_path: Path) -> None:
    """A header without records opens and yields nothing (the merge reports 'no records')."""
    path = tmp_path / "d.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with open_table(path) as table:
        assert list(table.rows()) == []


def test_open_table_unknown_type_and_missing_file(tmp_path: Path) -> None:
    """A .pdf data file and a missing file are clear errors."""
    with pytest.raises(MergeError, match="unsupported"):
        (tmp_path / "x.pdf").write_bytes(b"%PDF")
        open_table(tmp_path / "x.pdf")
    with pytest.raises(MergeError, match="does not exist"):
        open_table(tmp_path / "missing.csv")


def test_open_table_xlsx_keeps_types(tmp_path: Path) -> None:
    """Dates stay dates, decimals keep their decimals, text codes keep leading zeros."""
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "due", "amount", "count", "formula", None])
    sheet.append(["00123", dt.datetime(2026, 11, 22), 1250.5, 3, "=SUM(A1)", None])
    path = tmp_path / "d.xlsx"
    book.save(path)
    with open_table(path) as table:
        assert table.headers == ["code", "due", "amount", "count", "formula"]
        (row,) = list(table.rows())
    assert row.number == 2
    assert row.values["code"] == "00123"
    assert row.values["due"] == dt.date(2026, 11, 22)
    assert row.values["amount"] == Decimal("1250.5")
    assert row.values["count"] == Decimal(3)


def test_open_table_xlsx_not_a_workbook(tmp_path: Path) -> None:
    """A file named .xlsx that is not a workbook is a clear error."""
    path = tmp_path / "d.xlsx"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(MergeError, match="XLSX"):
        open_table(path)


def test_open_table_invalid_utf8_late_in_file_names_the_row(tmp_path: Path) -> None:
    """A file that starts as UTF-8 but breaks later fails with the row, not garbage."""
    good = "a,b\n" + "".join(f"ação {i},x\n" for i in range(20000))
    path = tmp_path / "d.csv"
    path.write_bytes(good.encode("utf-8") + "Belém,y\n".encode("cp1252"))
    with open_table(path) as table, pytest.raises(MergeError) as info:
        for _row in table.rows():
            pass
    assert info.value.row is not None and info.value.row > 20000


def test_open_table_large_csv_streams_in_bounded_memory(tmp_path: Path) -> None:
    """A ~50 MB CSV is read row by row: peak traced memory stays far below the file size."""
    path = tmp_path / "big.csv"
    line = "Silva & Filhos <Ltda>;Rua das Flores, 123 - São Paulo;" + "x" * 400 + "\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("name;address;note\n")
        for _ in range(50 * 1024 * 1024 // len(line.encode("utf-8")) + 1):
            handle.write(line)
    assert path.stat().st_size >= 50 * 1024 * 1024
    tracemalloc.start()
    count = 0
    with open_table(path) as table:
        for _row in table.rows():
            count += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count > 100_000
    assert peak < 10 * 1024 * 1024
