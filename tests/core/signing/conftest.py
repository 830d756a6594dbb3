"""Fixtures for signing tests: a throw-away CA, signing certificates as PKCS#12 files, a PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from signing_helpers import P12, make_pdf, write_p12

from desktop.core.signing.pki import ENCIPHERMENT_USAGE, Authority, make_authority


@pytest.fixture(scope="session")
def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture(scope="session")
def authority(now: dt.datetime) -> Authority:
    return make_authority(now=now)


@pytest.fixture(scope="session")
def pki_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pki")


@pytest.fixture(scope="session")
def signer_p12(authority: Authority, pki_dir: Path, now: dt.datetime) -> P12:
    return write_p12(
        authority,
        pki_dir,
        "Ana Silva",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=365),
    )


@pytest.fixture(scope="session")
def expired_p12(authority: Authority, pki_dir: Path, now: dt.datetime) -> P12:
    return write_p12(
        authority,
        pki_dir,
        "Old Signer",
        not_before=now - dt.timedelta(days=400),
        not_after=now - dt.timedelta(days=35),
    )


@pytest.fixture(scope="session")
def future_p12(authority: Authority, pki_dir: Path, now: dt.datetime) -> P12:
    return write_p12(
        authority,
        pki_dir,
        "Future Signer",
        not_before=now + dt.timedelta(days=3),
        not_after=now + dt.timedelta(days=400),
    )


@pytest.fixture(scope="session")
def no_usage_p12(authority: Authority, pki_dir: Path, now: dt.datetime) -> P12:
    return write_p12(
        authority,
        pki_dir,
        "Key Agreement Only",
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=365),
        usage=ENCIPHERMENT_USAGE,
    )


@pytest.fixture(scope="session")
def ca_pem(authority: Authority, pki_dir: Path) -> Path:
    path = pki_dir / "ca.pem"
    path.write_bytes(authority.pem())
    return path


@pytest.fixture()
def sample_pdf() -> bytes:
    return make_pdf()
