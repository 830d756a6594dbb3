"""Register exports: hostile correspondent names round-trip safely through CSV, XLSX and PDF."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.errors import RegisterError
from desktop.core.register import Entry, Register, SearchFilters, open_register
from desktop.core.settings import Series

OUT = Series(id="OUT", pattern="OUT-{year}-{seq:05}")
HOSTILE = '=HYPERLINK("http://x")'
NAMES = (HOSTILE, "Silva & Filhos", "+55 11 5555", "-2+3", "@SUM(A1)", "São João <Ltda>")


@pytest.fixture
def register(register_url: str) -> Iterator[Register]:
    reg = open_register(register_url, clock=lambda: dt.datetime(2026, 11, 22, 12, 0).astimezone())
    for name in NAMES:
        with reg.reserve(OUT) as reservation:
            reservation.record(
                Entry(kind="letter", subject=f"Refund for {name}", correspondent_name=name)
            )
    yield reg
    reg.close()


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_register_csv_starts_with_bom(register: Register, tmp_path: Path) -> None:
    """The CSV file begins with the UTF-8 byte order mark so Excel reads accents."""
    target = tmp_path / "register.csv"
    register.export_csv(SearchFilters(), target)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_register_csv_neutralises_formulas(register: Register, tmp_path: Path) -> None:
    """Cells starting with = + - @ get a leading apostrophe; others are unchanged."""
    target = tmp_path / "register.csv"
    assert register.export_csv(SearchFilters(), target) == len(NAMES)
    names = {row["Correspondent"] for row in _csv_rows(target)}
    assert "'" + HOSTILE in names
    assert {"'+55 11 5555", "'-2+3", "'@SUM(A1)"} <= names
    assert "Silva & Filhos" in names and "São João <Ltda>" in names


def test_register_csv_honours_filters(register: Register, tmp_path: Path) -> None:
    """Only entries matching the text filter are exported."""
    target = tmp_path / "register.csv"
    assert register.export_csv(SearchFilters(text="silva"), target) == 1
    assert [row["Correspondent"] for row in _csv_rows(target)] == ["Silva & Filhos"]


def test_register_xlsx_keeps_text_as_text(register: Register, tmp_path: Path) -> None:
    """The hostile name is a text cell holding exactly the name, never a formula."""
    from openpyxl import load_workbook

    target = tmp_path / "register.xlsx"
    register.export_xlsx(SearchFilters(), target)
    sheet = load_workbook(target)["Register"]
    header = [c.value for c in sheet[1]]
    column = header.index("Correspondent") + 1
    cells = {
        sheet.cell(row=r, column=column).value: sheet.cell(row=r, column=column)
        for r in range(2, sheet.max_row + 1)
    }
    assert set(cells) == set(NAMES)
    assert cells[HOSTILE].data_type == "s"
    assert all(cell.data_type == "s" for cell in cells.values())


def test_register_xlsx_layout(register: Register, tmp_path: Path) -> None:
    """Frozen header, autofilter over the data, set column widths and real date cells."""
    from openpyxl import load_workbook

    target = tmp_path / "register.xlsx"
    register.export_xlsx(SearchFilters(), target)
    sheet = load_workbook(target)["Register"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:W{len(NAMES) + 1}"
    assert sheet.column_dimensions["G"].width == 40
    header = [c.value for c in sheet[1]]
    date_cell = sheet.cell(row=2, column=header.index("Date") + 1)
    assert date_cell.is_date
    assert date_cell.value.date() == dt.date(2026, 11, 22)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_register_pdf_report_opens_with_poppler(register: Register, tmp_path: Path) -> None:
    """Poppler (pdfinfo, pdftotext) reads the report and finds the names, counts and page numbers."""
    target = tmp_path / "register.pdf"
    register.export_pdf(SearchFilters(), target)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True)
    assert "Pages:" in info.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Silva & Filhos" in text and HOSTILE in text and "São João <Ltda>" in text
    assert "issued: 6" in text
    assert "Page 1 of 1" in text
    assert "all entries" in text


def test_register_export_cancel_writes_nothing(register: Register, tmp_path: Path) -> None:
    """A cancelled export leaves no file behind."""
    cancel = threading.Event()
    cancel.set()
    target = tmp_path / "register.csv"
    with pytest.raises(RegisterError, match="cancelled"):
        register.export_csv(SearchFilters(), target, cancel=cancel)
    assert not target.exists()
    assert not any(p.name.endswith(".tmp") for p in tmp_path.rglob("*"))


def test_register_export_reports_progress(register: Register, tmp_path: Path) -> None:
    """Progress ends at (total, total)."""
    seen: list[tuple[int, int]] = []
    register.export_xlsx(
        SearchFilters(), tmp_path / "r.xlsx", progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (len(NAMES), len(NAMES))
