"""The DOCX ZIP writer gives zipfile's bytes, and its caches do not change what a letter holds.

docx_package writes each letter's ZIP itself, deflating once the members that repeat from
letter to letter. The archive must be the one ``zipfile.ZipFile.writestr`` writes for the same
members and time, and letters rendered in any order or from several threads must hold the
same members as letters rendered alone.
"""

from __future__ import annotations

import dataclasses
import io
import os
import random
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from docx import Document as open_docx

from desktop.core.models import Attestation, Document
from desktop.core.rendering import render_docx
from desktop.core.rendering.samples import plain_letter, sample_document
from desktop.core.rendering.zipwriter import BoundedCache, deflate, zip_archive
from desktop.core.settings import OrganisationProfile

WHEN = (2026, 3, 7, 13, 45, 59)


def _zipfile_bytes(members: list[tuple[str, bytes]], times: list[tuple[int, ...]]) -> bytes:
    """Return what zipfile writes for ``members``, as ``writestr(name, data)`` at ``times``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for (name, data), date_time in zip(members, times, strict=True):
            info = zipfile.ZipInfo(name, date_time)  # what writestr makes of a name
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 3
            archive.writestr(info, data)
    return out.getvalue()


def _members(data: bytes) -> list[tuple[str, bytes]]:
    """Return (name, contents) of every member of a ZIP, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def _attested(number: int) -> Document:
    """Return an attested letter with its own reference (a QR code of its own)."""
    doc = sample_document("letter", "en", attestation=True)
    attestation = Attestation(f"OUT-2026-{number:05d}", "ABCD-EFGH", f"payload-{number}", "n")
    return dataclasses.replace(doc, attestation=attestation)


def test_zip_archive_is_zipfile_writestr_bytes() -> None:
    """Empty, tiny, repetitive, random and non-ASCII-named members: zipfile's bytes exactly."""
    chooser = random.Random(3)
    members = [
        ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
        ("empty", b""),
        ("word/media/image1.png", bytes(chooser.randrange(256) for _ in range(70_000))),
        ("word/document.xml", b"<w:p>text</w:p>" * 5_000),
        ("word/média/ação.xml", "ação 😀".encode()),
    ]
    ours = zip_archive([(name, deflate(data)) for name, data in members], WHEN)
    assert ours == _zipfile_bytes(members, [WHEN] * len(members))


def test_zip_archive_refuses_times_before_1980() -> None:
    """A clock before 1980 is refused, as zipfile refuses it."""
    with pytest.raises(ValueError, match="1980"):
        zip_archive([("a", deflate(b"a"))], (1979, 12, 31, 23, 59, 59))


def test_render_docx_is_the_archive_zipfile_writes(profile: OrganisationProfile) -> None:
    """A rendered letter is zipfile's archive of its members, tests clean and opens in python-docx."""
    data = render_docx(_attested(1), profile)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        times = [info.date_time for info in archive.infolist()]
    assert data == _zipfile_bytes(_members(data), times)
    assert open_docx(io.BytesIO(data)).paragraphs


def test_render_docx_stamps_members_with_the_local_time(profile: OrganisationProfile) -> None:
    """Every member carries the local time of the rendering (DOS time: two-second steps)."""
    before = time.localtime()[:6]
    data = render_docx(plain_letter("en"), profile)
    after = time.localtime()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    assert len(stamps) == 1
    (stamp,) = stamps
    assert (*before[:5], before[5] - before[5] % 2) <= stamp <= after


def test_render_docx_members_do_not_depend_on_earlier_letters(
    profile: OrganisationProfile,
) -> None:
    """After letters with other QR codes, logos and bodies, a letter holds the same members."""
    no_logo = dataclasses.replace(profile, logo="")
    first = _members(render_docx(_attested(1), profile))
    for number in range(2, 80):  # more distinct members than the caches keep
        render_docx(_attested(number), no_logo if number % 3 else profile)
        render_docx(plain_letter("en"), profile)
    assert _members(render_docx(_attested(1), profile)) == first


def test_render_docx_from_threads_gives_the_letters_rendered_alone(
    profile: OrganisationProfile,
) -> None:
    """Letters rendered at once from four threads on one layout hold their own members."""
    docs = [_attested(number) for number in range(1, 41)]
    alone = [_members(render_docx(doc, profile)) for doc in docs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda doc: _members(render_docx(doc, profile)), docs))
    assert together == alone


def test_bounded_cache_makes_each_value_once() -> None:
    """A kept key is answered without calling ``make`` again."""
    cache: BoundedCache[bytes, int] = BoundedCache(4)
    calls: list[bytes] = []

    def make(key: bytes) -> int:
        calls.append(key)
        return len(key)

    assert cache.get(b"abc", make) == 3
    assert cache.get(bytes(bytearray(b"abc")), make) == 3  # equal bytes, another object
    assert calls == [b"abc"]


def test_bounded_cache_drops_the_least_recently_used() -> None:
    """Past its size the cache drops the key used longest ago, not the one inserted first."""
    cache: BoundedCache[str, str] = BoundedCache(2)
    cache.get("a", str.upper)
    cache.get("b", str.upper)
    cache.get("a", lambda _key: pytest.fail("'a' is kept"))
    cache.get("c", str.upper)
    assert len(cache) == 2
    made: list[str] = []
    cache.get("b", lambda key: made.append(key) or key)
    assert made == ["b"]


def test_deflate_is_zipfile_compression() -> None:
    """The deflated data inflates back to the bytes, with their CRC-32 and size."""
    data = os.urandom(1000) + b"x" * 10_000
    member = deflate(data)
    with zipfile.ZipFile(io.BytesIO(zip_archive([("m", member)], WHEN))) as archive:
        info = archive.getinfo("m")
        assert archive.read("m") == data
    assert (info.CRC, info.file_size, info.compress_size) == (
        member.crc,
        len(data),
        len(member.data),
    )
