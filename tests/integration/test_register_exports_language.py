"""Exports a manager can read: void reason, reply-by and series columns, the export's language,
the organisation's letterhead and the filters printed on the PDF report.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from desktop.core.register import Entry, Register, SearchFilters, open_register
from desktop.core.settings import OrganisationProfile, Series

OUT = Series(id="OUT", pattern="OUT-{year}-{seq:05}")
REASON = "=duplicate of OUT-2026-00001 & <resent>"
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)


@pytest.fixture
def register(register_url: str) -> Iterator[Register]:
    """Two issued letters (one voided with a reason) and one incoming item with a reply-by."""
    reg = open_register(register_url, clock=lambda: dt.datetime(2026, 11, 22, 12, 0).astimezone())
    for name in ("Ana Souza", "Budi Santoso"):
        with reg.reserve(OUT) as reservation:
            reservation.record(
                Entry(kind="letter", subject=f"Reembolso {name}", correspondent_name=name)
            )
    reg.void("OUT-2026-00002", REASON)
    reg.add_incoming(
        Entry(
            kind="letter",
            subject="Pedido de reembolso",
            correspondent_name="Silva & Filhos",
            received_at=dt.date(2026, 11, 20),
            reply_by=dt.date(2026, 11, 27),
        )
    )
    yield reg
    reg.close()


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_csv_has_void_reason_reply_by_and_series(register: Register, tmp_path: Path) -> None:
    """The void reason comes from the history (neutralised); reply-by and series are there."""
    target = tmp_path / "register.csv"
    assert register.export_csv(SearchFilters(), target, language="en") == 3
    rows = {row["Reference"]: row for row in _csv_rows(target)}
    assert rows["OUT-2026-00002"]["Void reason"] == "'" + REASON
    assert rows["OUT-2026-00002"]["Status"] == "void"
    assert rows["OUT-2026-00001"]["Void reason"] == ""
    incoming = rows["IN-2026-00001"]
    assert incoming["Reply by"] == "2026-11-27"
    assert incoming["Series"] == "IN"
    assert rows["OUT-2026-00001"]["Series"] == "OUT"
    assert incoming["Direction"] == "In" and rows["OUT-2026-00001"]["Direction"] == "Out"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "pt-BR",
            {
                "Reference": "Referência",
                "Status": "Situação",
                "Direction": "Sentido",
                "void": "anulado",
                "received": "recebido",
                "issued": "emitido",
                "In": "Entrada",
                "Out": "Saída",
            },
        ),
        (
            "id",
            {
                "Reference": "Nomor",
                "Status": "Status",
                "Direction": "Arah",
                "void": "dibatalkan",
                "received": "diterima",
                "issued": "diterbitkan",
                "In": "Masuk",
                "Out": "Keluar",
            },
        ),
    ],
)
def test_csv_and_xlsx_speak_the_export_language(
    register: Register, tmp_path: Path, language: str, words: dict[str, str]
) -> None:
    """Headers, statuses and directions are the language's labels, in CSV and XLSX alike."""
    from openpyxl import load_workbook

    csv_path = tmp_path / "register.csv"
    register.export_csv(SearchFilters(), csv_path, language=language)
    by_ref = {row[words["Reference"]]: row for row in _csv_rows(csv_path)}
    status, direction = words["Status"], words["Direction"]
    assert by_ref["OUT-2026-00002"][status] == words["void"]
    assert by_ref["OUT-2026-00001"][status] == words["issued"]
    assert by_ref["IN-2026-00001"][status] == words["received"]
    assert by_ref["IN-2026-00001"][direction] == words["In"]
    assert by_ref["OUT-2026-00001"][direction] == words["Out"]

    xlsx_path = tmp_path / "register.xlsx"
    register.export_xlsx(SearchFilters(), xlsx_path, language=language)
    sheet = load_workbook(xlsx_path).worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    statuses = {row[words["Reference"]]: row[status] for row in rows}
    assert statuses == {
        "OUT-2026-00002": words["void"],
        "OUT-2026-00001": words["issued"],
        "IN-2026-00001": words["received"],
    }
    voided = next(row for row in rows if row[words["Reference"]] == "OUT-2026-00002")
    assert REASON in voided.values()  # XLSX keeps text as text cells: no apostrophe needed
    incoming = next(row for row in rows if row[words["Reference"]] == "IN-2026-00001")
    assert dt.date(2026, 11, 27) in {
        v.date() for v in incoming.values() if isinstance(v, dt.datetime)
    }


def _profile(tmp_path: Path) -> OrganisationProfile:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 40), (31, 58, 95)).save(logo)
    return OrganisationProfile(
        name="Associação Kartika & Filhos",
        address_lines=("Rua das Flores 12", "01000-000 São Paulo"),
        phone="+55 11 5555-0000",
        logo=str(logo),
    )


@needs_poppler
def test_pdf_has_letterhead_filters_and_new_columns(register: Register, tmp_path: Path) -> None:
    """Letterhead name, address and logo; the filters used; reply-by, series and void reason."""
    target = tmp_path / "register.pdf"
    filters = SearchFilters(text="reembolso", date_from=dt.date(2026, 1, 1), direction="out")
    count = register.export_pdf(filters, target, language="en", profile=_profile(tmp_path))
    assert count == 2
    text = _pdf_text(target)
    assert "Associação Kartika & Filhos" in text
    assert "Rua das Flores 12" in text
    assert "Filters:" in text and "“reembolso”" in text and "2026-01-01" in text
    assert "direction “Out”" in text
    assert "Void reason" in text and "Series" in text and "Reply by" in text
    assert "=duplicate of" in text and "<resent>" in text  # the void reason, as text
    assert "Pedido de reembolso" not in text  # incoming: filtered out by direction
    images = subprocess.run(
        ["pdfimages", "-list", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(images) >= 3  # two header lines, then the logo


@needs_poppler
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pt-BR", ("Registro de correspondência", "anulado", "recebido", "Entrada", "Saída")),
        ("id", ("Register persuratan", "dibatalkan", "diterima", "Masuk", "Keluar")),
    ],
)
def test_pdf_speaks_the_export_language(
    register: Register, tmp_path: Path, language: str, words: tuple[str, ...]
) -> None:
    """Title, statuses (in the table and the counts) and directions in the export's language."""
    target = tmp_path / "register.pdf"
    register.export_pdf(
        SearchFilters(status="void"), target, language=language, profile=_profile(tmp_path)
    )
    everything = tmp_path / "all.pdf"
    register.export_pdf(SearchFilters(), everything, language=language)
    text = _pdf_text(everything)
    for word in words:
        assert word in text, word
    assert "void" not in text.split() and "received" not in text.split()
    voided = _pdf_text(target)
    assert f"“{words[1]}”" in voided  # the status filter, printed as a label
    assert "Associação Kartika & Filhos" in voided
