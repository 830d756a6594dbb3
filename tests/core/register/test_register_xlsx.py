"""The streaming XLSX writer: what openpyxl reads back is what was written, cell by cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core.errors import RegisterError
from desktop.core.register.xlsx import column_letter, write_sheet

COLUMNS = [("Text", 30.0), ("Date", 12.0), ("When", 18.0), ("Number", 8.0)]


def _read(path: Path) -> list[list[object]]:
    sheet = load_workbook(path)["Register"]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_register_xlsx_column_letters() -> None:
    """Columns are lettered A..Z, then AA, AB ... like a spreadsheet."""
    assert [column_letter(i) for i in (1, 22, 26, 27, 52, 703)] == [
        "A",
        "V",
        "Z",
        "AA",
        "AZ",
        "AAA",
    ]


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x")',
        "+55 11 5555",
        "@SUM(A1)",
        "Silva & Filhos <Ltda>",
        "{{ 7*7 }} *x* ]]> &amp;",
        "  padded  ",
        "two\nlines\r\nand CR",
        "São João 🙂",
    ],
)
def test_register_xlsx_text_is_literal(tmp_path: Path, text: str) -> None:
    """Strings come back exactly, as text cells (a leading = is never a formula)."""
    target = tmp_path / "t.xlsx"
    write_sheet(target, [[text, None, None, None]], columns=COLUMNS, sheet_name="Register")
    cell = load_workbook(target)["Register"]["A2"]
    assert cell.value == text
    assert cell.data_type == "s"


def test_register_xlsx_drops_characters_xml_cannot_hold(tmp_path: Path) -> None:
    """Control characters other than tab and line breaks are dropped, not fatal."""
    target = tmp_path / "t.xlsx"
    write_sheet(target, [["a\x00b\x01c\td"]], columns=COLUMNS[:1], sheet_name="Register")
    assert _read(target)[1] == ["ab" + "c\td"]


def test_register_xlsx_dates_numbers_and_blanks(tmp_path: Path) -> None:
    """Dates and times are date cells (aware times in UTC); numbers stay numbers; blanks stay empty."""
    target = tmp_path / "t.xlsx"
    brasilia = dt.timezone(dt.timedelta(hours=-3))
    rows = [
        ["x", dt.date(2026, 11, 22), dt.datetime(2026, 11, 22, 9, 30, 15, tzinfo=brasilia), 42],
        ["", dt.date(1900, 1, 1), dt.datetime(1900, 3, 1, 12, 0), 1.5],
        [None, None, None, None],
    ]
    assert write_sheet(target, rows, columns=COLUMNS, sheet_name="Register") == 3
    sheet = load_workbook(target)["Register"]
    assert _read(target)[1:] == [  # openpyxl does not list the trailing empty row
        ["x", dt.datetime(2026, 11, 22), dt.datetime(2026, 11, 22, 12, 30, 15), 42],
        [None, dt.datetime(1900, 1, 1), dt.datetime(1900, 3, 1, 12, 0), 1.5],
    ]
    assert sheet.auto_filter.ref == "A1:D4"
    assert sheet["B2"].is_date and sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].is_date and sheet["C2"].number_format == "yyyy-mm-dd hh:mm:ss"


def test_register_xlsx_layout(tmp_path: Path) -> None:
    """Bold frozen header, widths per column and an autofilter over every row written."""
    target = tmp_path / "t.xlsx"
    count = write_sheet(target, [["a", None, None, 1]] * 3, columns=COLUMNS, sheet_name="Register")
    sheet = load_workbook(target)["Register"]
    assert count == 3
    assert [c.value for c in sheet[1]] == [title for title, _w in COLUMNS]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D4"
    assert [sheet.column_dimensions[x].width for x in "ABCD"] == [30, 12, 18, 8]


def test_register_xlsx_refuses_more_rows_than_a_sheet_holds(tmp_path: Path) -> None:
    """Rows beyond the sheet's limit are refused with a hint, not silently cut."""
    with pytest.raises(RegisterError, match="at most 2 entries"):
        write_sheet(tmp_path / "t.xlsx", [["a"]] * 3, columns=COLUMNS[:1], max_rows=3)
