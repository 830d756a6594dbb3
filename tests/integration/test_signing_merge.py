"""``missiva merge`` into a series that requires a digital signature signs every row.

Real CLI, writers, register and a throw-away EC P-256 certificate; poppler's ``pdfsig`` checks
the PDFs independently of our own check.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from p12_support import PASSWORD, write_p12

from desktop.cli import main
from desktop.core.register import SearchFilters
from desktop.core.register.models import Entry
from desktop.core.services.context import AppContext
from desktop.core.services.signing import check_file_signatures

ROWS = 3


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Make a data folder whose OUT series requires a signature (org certificate set), and a CSV."""
    p12 = write_p12(tmp_path / "ana.p12", "Ana Ribeiro")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "settings.toml").write_text(
        f'signing_certificate = "{p12}"\n\n[[series]]\nid = "OUT"\n'
        'pattern = "OUT-{year}-{seq:05}"\nsign_pdf = true\n',
        encoding="utf-8",
    )
    rows = tmp_path / "orders.csv"
    with rows.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_name", "order_number", "refund_amount", "refund_date"])
        for i in range(1, ROWS + 1):
            writer.writerow([f"Silva & Filhos <Ltda> {i}", f"A-{i}", "10.50", "2026-12-01"])
    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)
    monkeypatch.setenv("MISSIVA_TEST_P12_PASSWORD", PASSWORD)
    return data_dir, rows


def _merge(
    data_dir: Path, rows: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(
        [
            "merge",
            "refund-approved",
            "--language",
            "en",
            "--data",
            str(rows),
            "--out",
            str(out),
            "--format",
            "pdf,docx",
            "--sign-password-env",
            "MISSIVA_TEST_P12_PASSWORD",
            "--json",
            "--data-dir",
            str(data_dir),
            *extra,
        ]
    )
    out_text, err = capsys.readouterr()
    return code, out_text, err


def _entries(data_dir: Path) -> list[Entry]:
    ctx = AppContext.create(str(data_dir))
    found, _total = ctx.register.search(SearchFilters(), page=1, page_size=100)
    return [ctx.register.get(e.id) for e in found]


def _next_reference(data_dir: Path) -> str:
    ctx = AppContext.create(str(data_dir))
    return ctx.register.preview_next_reference(ctx.settings.series_by_id("OUT"), kind="letter")


def _pdfsig(path: Path) -> str:
    result = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    return result.stdout + result.stderr


def _assert_signed(entries: list[Entry]) -> None:
    """Every entry records the signer; every PDF validates; stored hashes are the files' own."""
    assert len(entries) == ROWS
    for entry in entries:
        assert entry.signature_kind == "pades"
        assert entry.signed_by
        assert "Ana Ribeiro" in entry.cert_subject
        assert entry.cert_fingerprint_sha256
        formats = sorted(f.format for f in entry.files)
        assert formats == ["docx", "p7s", "pdf"]
        for item in entry.files:
            data = Path(item.path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == item.sha256
            if item.format == "pdf":
                assert entry.signed_file_sha256 == item.sha256
                checked = check_file_signatures(Path(item.path), data)
                assert checked.ok, item.path
                if shutil.which("pdfsig"):
                    report = _pdfsig(Path(item.path))
                    match = re.search(r"Signature Validation:\s*(.+)", report)
                    assert match and match.group(1).strip() == "Signature is Valid.", report
                    assert "Signer Certificate Common Name: Ana Ribeiro" in report
            if item.format == "docx":
                assert check_file_signatures(Path(item.path), data).ok


def test_merge_signs_every_row_of_a_sign_pdf_series(
    tmp_path: Path, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --sign, each row of a sign_pdf series is signed with the org certificate."""
    data_dir, rows = setup
    code, out, err = _merge(data_dir, rows, tmp_path / "out", capsys)
    assert code == 0, err
    assert json.loads(out)["issued"] == ROWS
    _assert_signed(_entries(data_dir))


def test_merge_run_again_issues_nothing_more(
    tmp_path: Path, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Running the same signed merge again finds every row issued; the files stay valid."""
    data_dir, rows = setup
    assert _merge(data_dir, rows, tmp_path / "out", capsys)[0] == 0
    code, out, err = _merge(data_dir, rows, tmp_path / "out", capsys)
    assert code == 0, err
    report = json.loads(out)
    assert (report["issued"], report["already_issued"]) == (0, ROWS)
    _assert_signed(_entries(data_dir))


def test_merge_with_two_jobs_signs_every_row(
    tmp_path: Path, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """With --jobs 2 the rows rendered by workers are signed by the committing process."""
    data_dir, rows = setup
    code, _out, err = _merge(data_dir, rows, tmp_path / "out", capsys, "--jobs", "2")
    assert code == 0, err
    _assert_signed(_entries(data_dir))


def test_merge_wrong_password_issues_nothing(
    tmp_path: Path,
    setup: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A wrong password stops the merge before the first row: no entry, file or number used."""
    data_dir, rows = setup
    before = _next_reference(data_dir)
    monkeypatch.setenv("MISSIVA_TEST_P12_PASSWORD", "not-the-password")
    code, _out, err = _merge(data_dir, rows, tmp_path / "out", capsys)
    assert code != 0
    assert "password" in err
    assert _entries(data_dir) == []
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert _next_reference(data_dir) == before


def test_merge_without_certificate_names_the_series(
    tmp_path: Path, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A sign_pdf series and no certificate: the message names the series; nothing is issued."""
    data_dir, rows = setup
    (data_dir / "settings.toml").write_text(
        '[[series]]\nid = "OUT"\npattern = "OUT-{year}-{seq:05}"\nsign_pdf = true\n',
        encoding="utf-8",
    )
    code, _out, err = _merge(data_dir, rows, tmp_path / "out", capsys)
    assert code != 0
    assert "series OUT requires a digital signature" in err
    assert _entries(data_dir) == []


def test_merge_sign_option_signs_a_plain_series(
    tmp_path: Path, setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """--sign signs the rows of a series that does not require it."""
    data_dir, rows = setup
    (data_dir / "settings.toml").write_text(
        '[[series]]\nid = "OUT"\npattern = "OUT-{year}-{seq:05}"\n', encoding="utf-8"
    )
    p12 = tmp_path / "ana.p12"
    code, _out, err = _merge(data_dir, rows, tmp_path / "out", capsys, "--sign", str(p12))
    assert code == 0, err
    _assert_signed(_entries(data_dir))
