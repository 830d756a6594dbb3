"""A numbering series set to sign every PDF signs with the configured certificate."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.services.context import AppContext
from desktop.core.signing.pki import issue_certificate, make_authority, pkcs12_bytes


def test_render_series_with_sign_pdf_uses_the_configured_certificate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --sign, a sign_pdf series signs with settings' certificate and records the signer."""
    now = dt.datetime.now(dt.UTC)
    authority = make_authority(now=now)
    key, cert = issue_certificate(
        authority,
        "Ana Ribeiro",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
    )
    p12 = tmp_path / "ana.p12"
    p12.write_bytes(pkcs12_bytes(key, cert, b"s3cret", (authority.certificate,)))
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "settings.toml").write_text(
        f'signing_certificate = "{p12}"\n\n[[series]]\nid = "OUT"\npattern = "OUT-{{year}}-{{seq:05}}"\nsign_pdf = true\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("MISSIVA_TEST_P12_PASSWORD", "s3cret")
    code = main(
        [
            "render",
            "refund-approved",
            "--language",
            "en",
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "out"),
            "--sign-password-env",
            "MISSIVA_TEST_P12_PASSWORD",
            "--json",
            "--data-dir",
            str(data_dir),
            "--set",
            "customer_name=Ana",
            "--set",
            "order_number=A-1",
            "--set",
            "refund_amount=10",
            "--set",
            "refund_date=2026-12-01",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    reference = json.loads(out)["reference"]
    entry = AppContext.create(str(data_dir)).register.get(reference)
    assert entry.signature_kind == "pades"
    assert "Ana Ribeiro" in entry.cert_subject
