"""The register commands: incoming add, register list/export/verify/void, verify FILE|--code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from desktop.cli import build_app
from desktop.core.paths import DATABASE_URL_ENV


@pytest.fixture
def cli(register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Return a function running ``missiva ...`` on a fresh data folder and register."""
    monkeypatch.setenv(DATABASE_URL_ENV, register_url)
    data_dir = tmp_path / "data"
    runner = CliRunner()
    app = build_app()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, [*args, "--data-dir", str(data_dir)])
        assert result.exit_code == code, result.output
        return result.output

    run.data_dir = data_dir  # type: ignore[attr-defined]
    return run


def test_cli_incoming_add_defaults_reply_by(cli) -> None:
    """Reply-by defaults to five working days after the received date."""
    out = cli(
        "incoming",
        "add",
        "--from",
        "Silva & Filhos",
        "--subject",
        "Reclamação",
        "--received",
        "2026-11-20",
        "--json",
    )
    record = json.loads(out)
    assert record["reference"] == "IN-2026-00001"
    assert record["reply_by"] == "2026-11-27"
    assert record["correspondent"] == "Silva & Filhos"


def test_cli_incoming_add_copies_file_with_hash(cli, tmp_path: Path) -> None:
    """The incoming file is copied into the data folder; its hash is registered."""
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    record = json.loads(
        cli(
            "incoming", "add", "--from", "Ana", "--subject", "Refund", "--file", str(scan), "--json"
        )
    )
    copy = Path(record["files"][0]["path"])
    assert copy.is_file() and copy.read_bytes() == scan.read_bytes()
    assert copy.is_relative_to(cli.data_dir)
    assert json.loads(cli("verify", str(copy), "--json"))["result"] == "registered_incoming"


def test_cli_list_overdue(cli) -> None:
    """Only incoming items past their reply-by date without a reply are overdue."""
    cli("incoming", "add", "--from", "Old", "--subject", "Late", "--received", "2020-01-06")
    cli("incoming", "add", "--from", "New", "--subject", "Fresh", "--reply-by", "2999-01-01")
    listed = json.loads(cli("register", "list", "--overdue", "--json"))
    assert [e["subject"] for e in listed["entries"]] == ["Late"]
    assert listed["total"] == 1


def test_cli_list_text_search_and_paging(cli) -> None:
    """--search finds accents loosely; --page walks the list."""
    for n in range(3):
        cli("incoming", "add", "--from", f"Person {n}", "--subject", f"Pedido de reembolso {n}")
    cli("incoming", "add", "--from", "Other", "--subject", "Something else")
    found = json.loads(
        cli("register", "list", "--search", "REEMBOLSO", "--json", "--page-size", "2")
    )
    assert found["total"] == 3 and len(found["entries"]) == 2
    second = json.loads(
        cli(
            "register", "list", "--search", "reembolso", "--json", "--page-size", "2", "--page", "2"
        )
    )
    assert len(second["entries"]) == 1


def test_cli_list_rejects_bad_date(cli) -> None:
    """A malformed date is an input error (exit 1) naming the option."""
    out = cli("register", "list", "--from", "2026-13-01", code=1)
    assert "--from" in out


def test_cli_void_then_verify_code(cli) -> None:
    """A voided entry keeps its number; verify --code on an unknown code exits 1."""
    cli("incoming", "add", "--from", "Ana", "--subject", "Dup")
    assert "void" in cli("register", "void", "IN-2026-00001", "--reason", "duplicate")
    listed = json.loads(cli("register", "list", "--status", "void", "--json"))
    assert [e["reference"] for e in listed["entries"]] == ["IN-2026-00001"]
    assert "unknown" in cli("verify", "--code", "ABCD-EFGH", code=1)


def test_cli_register_verify_reports_changed_file(cli, tmp_path: Path) -> None:
    """`register verify` exits 0 when intact and 1 with the report once a file changes."""
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    record = json.loads(
        cli("incoming", "add", "--from", "Ana", "--subject", "X", "--file", str(scan), "--json")
    )
    assert "intact" in cli("register", "verify")
    copy = Path(record["files"][0]["path"])
    copy.write_bytes(b"%PDF-1.4 scan!")
    report = json.loads(cli("register", "verify", "--json", code=1))
    assert [p["kind"] for p in report["problems"]] == ["file_changed"]
    assert json.loads(cli("verify", str(copy), "--json", code=1))["result"] == "changed"


def test_cli_verify_unknown_file(cli, tmp_path: Path) -> None:
    """A file the register never saw is unknown (exit 1)."""
    stranger = tmp_path / "stranger.pdf"
    stranger.write_bytes(b"not ours")
    assert "unknown" in cli("verify", str(stranger), code=1)


def test_cli_export_csv(cli, tmp_path: Path) -> None:
    """`register export` writes the filtered entries."""
    cli("incoming", "add", "--from", '=HYPERLINK("http://x")', "--subject", "Hostile")
    target = tmp_path / "out.csv"
    assert "1 entries" in cli("register", "export", "--format", "csv", "--out", str(target))
    assert "'=HYPERLINK" in target.read_text(encoding="utf-8-sig")
    cli("register", "export", "--format", "ods", "--out", str(target), code=1)
