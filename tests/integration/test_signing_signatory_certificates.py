"""Which certificate signs: ``--sign``, else the letter's signatory's, else the organisation's.

Through the real CLI (``render`` and ``merge``), writers and register, with throw-away EC P-256
certificates, one per person, so the register's certificate subject says which one signed.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from p12_support import PASSWORD, write_p12

from desktop.cli import main
from desktop.core.register import SearchFilters
from desktop.core.services.context import AppContext

VALUES = ["order_number=A-1", "refund_amount=10", "refund_date=2026-12-01"]


def _p12(folder: Path, name: str) -> Path:
    return write_p12(folder / f"{name.split()[0].lower()}.p12", name)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make a data folder: ana has her own certificate, bruno none; the org has one; OUT signs."""
    ana = _p12(tmp_path, "Ana Ribeiro")
    org = _p12(tmp_path, "Organisation Seal")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "settings.toml").write_text(
        f'signing_certificate = "{org}"\n\n'
        "[[organisation.signatories]]\n"
        f'id = "ana"\nname = "Ana Ribeiro"\ncertificate = "{ana}"\n\n'
        "[[organisation.signatories]]\n"
        'id = "bruno"\nname = "Bruno Lima"\n\n'
        '[[series]]\nid = "OUT"\npattern = "OUT-{year}-{seq:05}"\nsign_pdf = true\n',
        encoding="utf-8",
    )
    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)
    monkeypatch.setenv("MISSIVA_TEST_P12_PASSWORD", PASSWORD)
    return folder


def _render(
    data_dir: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    capsys.readouterr()
    sets = [arg for value in VALUES for arg in ("--set", value)]
    code = main(
        ["render", "refund-approved", "--language", "en", "--format", "pdf", "--out", str(out),
         "--sign-password-env", "MISSIVA_TEST_P12_PASSWORD", "--json", "--data-dir",
         str(data_dir), "--set", "customer_name=Ana", *sets, *extra]
    )  # fmt: skip
    stdout, err = capsys.readouterr()
    return code, stdout, err


def _signer_of(data_dir: Path, reference: str) -> str:
    return AppContext.create(str(data_dir)).register.get(reference).cert_subject


def test_render_signs_with_the_signatory_certificate(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A signatory with a certificate signs her letters with it, not the organisation's."""
    code, out, err = _render(data_dir, tmp_path / "out", capsys, "--set", "signatory=ana")
    assert code == 0, err
    assert "Ana Ribeiro" in _signer_of(data_dir, json.loads(out)["reference"])


def test_render_without_signatory_certificate_uses_the_organisation_one(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A signatory without a certificate: the organisation's signing_certificate signs."""
    code, out, err = _render(data_dir, tmp_path / "out", capsys, "--set", "signatory=bruno")
    assert code == 0, err
    assert "Organisation Seal" in _signer_of(data_dir, json.loads(out)["reference"])


def test_render_sign_option_wins_over_the_signatory_certificate(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--sign wins over the signatory's own certificate."""
    other = _p12(tmp_path, "Carla Souza")
    code, out, err = _render(
        data_dir, tmp_path / "out", capsys, "--set", "signatory=ana", "--sign", str(other)
    )
    assert code == 0, err
    assert "Carla Souza" in _signer_of(data_dir, json.loads(out)["reference"])


def _rows(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["customer_name", "order_number", "refund_amount", "refund_date", "signatory"]
        )
        writer.writerow(["Dewi", "A-1", "10", "2026-12-01", "ana"])
        writer.writerow(["Eko", "A-2", "20", "2026-12-01", "bruno"])
        writer.writerow(["Fitri", "A-3", "30", "2026-12-01", "ana"])
    return path


def _merge(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str]:
    capsys.readouterr()
    code = main(
        ["merge", "refund-approved", "--language", "en", "--data", str(_rows(tmp_path / "r.csv")),
         "--out", str(tmp_path / "out"), "--format", "pdf", "--sign-password-env",
         "MISSIVA_TEST_P12_PASSWORD", "--json", "--data-dir", str(data_dir), *extra]
    )  # fmt: skip
    _out, err = capsys.readouterr()
    return code, err


def _signers_by_correspondent(data_dir: Path) -> dict[str, str]:
    ctx = AppContext.create(str(data_dir))
    found, _total = ctx.register.search(SearchFilters(), page=1, page_size=100)
    entries = [ctx.register.get(e.id) for e in found]
    return {e.correspondent_name: e.cert_subject for e in entries}


def test_merge_signs_each_row_with_its_signatory_certificate(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows of ana are signed with her certificate, rows of bruno with the organisation's."""
    code, err = _merge(data_dir, tmp_path, capsys, "--jobs", "2")
    assert code == 0, err
    signers = _signers_by_correspondent(data_dir)
    assert "Ana Ribeiro" in signers["Dewi"] and "Ana Ribeiro" in signers["Fitri"]
    assert "Organisation Seal" in signers["Eko"]


def test_merge_sign_option_signs_every_row_with_it(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--sign signs every row, whatever its signatory."""
    other = _p12(tmp_path, "Carla Souza")
    code, err = _merge(data_dir, tmp_path, capsys, "--sign", str(other))
    assert code == 0, err
    assert all("Carla Souza" in s for s in _signers_by_correspondent(data_dir).values())


def test_merge_missing_signatory_certificate_issues_nothing(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A signatory's certificate file gone: the merge stops before the first row."""
    (tmp_path / "ana.p12").unlink()
    code, err = _merge(data_dir, tmp_path, capsys)
    assert code != 0
    assert "ana.p12" in err
    assert _signers_by_correspondent(data_dir) == {}
