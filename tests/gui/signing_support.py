"""PKCS#12 files for the window's signing tests (an EC P-256 key from a throw-away test CA)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

PASSWORD = "s3cret-pw"


def write_p12(ctx, folder: Path, name: str = "Ana Ribeiro", file_name: str = "ana.p12") -> Path:
    """Write a PKCS#12 for ``name`` under PASSWORD, valid from a month before the context's date.

    It stays valid a year past the real date too: signing and validation read the real clock.
    """
    from desktop.core.signing.pki import issue_certificate, make_authority, pkcs12_bytes

    since = ctx.clock() - dt.timedelta(days=30)
    authority = make_authority(now=since)
    key, cert = issue_certificate(
        authority,
        name,
        not_before=since,
        not_after=max(dt.datetime.now(dt.UTC), ctx.clock()) + dt.timedelta(days=365),
    )
    path = folder / file_name
    path.write_bytes(pkcs12_bytes(key, cert, PASSWORD.encode(), (authority.certificate,)))
    return path
