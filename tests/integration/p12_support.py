"""PKCS#12 files for the command-line signing tests (EC P-256, from a throw-away test CA)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.core.signing.pki import issue_certificate, make_authority, pkcs12_bytes

PASSWORD = "pw-ç"


def write_p12(path: Path, name: str) -> Path:
    """Write a PKCS#12 for ``name`` at ``path`` under PASSWORD, valid from yesterday for 30 days."""
    now = dt.datetime.now(dt.UTC)
    authority = make_authority(now=now)
    key, cert = issue_certificate(
        authority,
        name,
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=30),
    )
    path.write_bytes(pkcs12_bytes(key, cert, PASSWORD.encode(), (authority.certificate,)))
    return path
