"""`missiva register export --language` with the letterhead and filters; `missiva verify` of a
registered incoming file.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from desktop.cli import build_app
from desktop.core.paths import DATABASE_URL_ENV


@pytest.fixture
def cli(register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Return a function running ``missiva ...`` on a fresh data folder with its own profile."""
    monkeypatch.setenv(DATABASE_URL_ENV, register_url)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "settings.toml").write_text(
        '[organisation]\nname = "Koperasi Maju & Sejahtera"\n'
        'address_lines = ["Jl. Merdeka 7", "Bandung 40111"]\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    app = build_app()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, [*args, "--data-dir", str(data_dir)])
        assert result.exit_code == code, result.output
        return result.output

    return run


def _incoming(cli, sender: str, subject: str, *extra: str) -> dict:
    return json.loads(
        cli("incoming", "add", "--from", sender, "--subject", subject, *extra, "--json")
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_cli_pdf_export_in_indonesian_with_letterhead_and_filters(cli, tmp_path: Path) -> None:
    """The profile's letterhead, the filters used and Indonesian statuses are printed."""
    _incoming(cli, "Budi", "Permohonan pengembalian dana", "--received", "2026-11-20")
    _incoming(cli, "Sari", "Lain hal", "--received", "2026-11-21")
    cli("register", "void", "IN-2026-00002", "--reason", "dobel")
    target = tmp_path / "laporan.pdf"
    out = cli(
        "register", "export", "--format", "pdf", "--out", str(target), "--language", "id",
        "--direction", "in", "--from", "2026-11-01", "--search", "pengembalian",
    )  # fmt: skip
    assert "1 entries" in out
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Koperasi Maju & Sejahtera" in text and "Jl. Merdeka 7" in text
    assert "“pengembalian”" in text and "2026-11-01" in text and "“Masuk”" in text
    assert "diterima" in text and "Register persuratan" in text
    assert "2026-11-27" in text  # reply-by: five working days after 2026-11-20
    assert "Lain hal" not in text


def test_cli_csv_export_language_option(cli, tmp_path: Path) -> None:
    """--language pt-BR translates headers and statuses; a language exports lack is refused."""
    _incoming(cli, "Ana", "Reembolso")
    cli("register", "void", "IN-2026-00001", "--reason", "+duplicado")
    target = tmp_path / "registro.csv"
    cli("register", "export", "--format", "csv", "--out", str(target), "--language", "pt-BR")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["Referência"] == "IN-2026-00001"
    assert rows[0]["Situação"] == "anulado" and rows[0]["Sentido"] == "Entrada"
    assert "'+duplicado" in rows[0].values()  # the void reason, neutralised
    again = cli("register", "export", "--format", "csv", "--out", str(target), code=1)
    assert "already exists" in again
    bad = cli(
        "register", "export", "--format", "csv", "--out", str(tmp_path / "x.csv"),
        "--language", "fr", code=1,
    )  # fmt: skip
    assert "--language" in bad
    assert not (tmp_path / "x.csv").exists()


def test_cli_verify_registered_incoming_file(cli, tmp_path: Path) -> None:
    """A file logged with `incoming add` is a registered incoming item, not "genuine" (exit 0)."""
    scan = tmp_path / "surat masuk.pdf"
    scan.write_bytes(b"%PDF-1.4 a scanned letter from outside")
    record = _incoming(
        cli, "PT Sumber Rejeki", "Penawaran", "--received", "2026-11-19", "--file", str(scan),
        "--organisation", "Sumber Group",
    )  # fmt: skip
    copy = Path(record["files"][0]["path"])
    text = cli("verify", str(copy))
    assert "registered incoming item IN-2026-00001" in text
    assert "2026-11-19" in text and "PT Sumber Rejeki" in text
    assert "genuine" not in text
    data = json.loads(cli("verify", str(scan), "--json"))  # the original: same bytes
    assert data["result"] == "registered_incoming"
    assert data["reference"] == "IN-2026-00001" and data["direction"] == "in"
    cli("register", "void", "IN-2026-00001", "--reason", "wrong sender")
    assert json.loads(cli("verify", str(copy), "--json", code=1))["result"] == "void"
