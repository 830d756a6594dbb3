"""The fast error correction and codeword placement give segno's own blocks and symbols."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import segno
import segno.consts
import segno.encoder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.rendering import qr, qr_encoder

LEVELS = {"L": segno.consts.ERROR_LEVEL_L, "M": segno.consts.ERROR_LEVEL_M}
LEVELS |= {"Q": segno.consts.ERROR_LEVEL_Q, "H": segno.consts.ERROR_LEVEL_H}
ALPHANUMERIC = string.digits + string.ascii_uppercase + " $%*+-./:"
NON_LATIN = "ÇÍº çãõ😀"
VERSIONS = range(1, 41)


@contextmanager
def segno_originals() -> Iterator[None]:
    """Run the block with segno's own encoder functions, whatever is installed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segno.encoder, "make_blocks", qr_encoder._SEGNO_MAKE_BLOCKS)
        patch.setattr(segno.encoder, "add_codewords", qr_encoder._SEGNO_ADD_CODEWORDS)
        patch.setattr(segno.encoder, "find_and_apply_best_mask", qr._SEGNO_BEST_MASK)
        yield


def _buffer(data: bytes) -> segno.encoder.Buffer:
    """Return a segno bit buffer holding ``data``, most significant bit first."""
    buff = segno.encoder.Buffer()
    for byte in data:
        buff.append_bits(byte, 8)
    return buff


def _empty_symbol(version: int) -> tuple[bytearray, ...]:
    """Return the matrix segno's ``_encode`` fills with codewords, made by segno."""
    width = segno.encoder.calc_matrix_size(version)
    matrix = segno.encoder.make_matrix(width, width)
    segno.encoder.add_finder_patterns(matrix, width, width)
    segno.encoder.add_alignment_patterns(matrix, width, width)
    return matrix


def _make_both(content: str, **options: object) -> tuple[segno.QRCode, segno.QRCode]:
    """Return the symbol made with the fast functions and the one made with segno's own."""
    qr.install_fast_mask()
    fast = segno.make(content, **options)
    with segno_originals():
        reference = segno.make(content, **options)
    return fast, reference


def test_saved_originals_are_segno_functions() -> None:
    """The references the tests compare with are segno's functions, not ours."""
    assert qr_encoder._SEGNO_MAKE_BLOCKS.__module__ == "segno.encoder"
    assert qr_encoder._SEGNO_ADD_CODEWORDS.__module__ == "segno.encoder"
    assert qr._SEGNO_BEST_MASK.__module__ == "segno.encoder"


def test_install_fast_encoder_swaps_segno_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    """After installing (twice), segno's ``_encode`` looks up our two functions."""
    monkeypatch.setattr(segno.encoder, "make_blocks", qr_encoder._SEGNO_MAKE_BLOCKS)
    monkeypatch.setattr(segno.encoder, "add_codewords", qr_encoder._SEGNO_ADD_CODEWORDS)
    qr_encoder.install_fast_encoder()
    qr_encoder.install_fast_encoder()
    assert segno.encoder.make_blocks is qr_encoder.make_blocks
    assert segno.encoder.add_codewords is qr_encoder.add_codewords


@pytest.mark.parametrize("version", VERSIONS)
def test_make_blocks_matches_segno_on_every_version_and_level(version: int) -> None:
    """Random, all-zero and all-one data give segno's data and error blocks at L, M, Q, H."""
    chooser = random.Random(version)
    for level in LEVELS.values():
        ec_infos = segno.consts.ECC[version][level]
        size = sum(info.num_blocks * info.num_data for info in ec_infos)
        samples = [bytes(size), b"\xff" * size, chooser.randbytes(size)]
        samples.append(chooser.randbytes(size) + b"\x00")  # segno's extra padding byte
        for data in samples:
            expected = qr_encoder._SEGNO_MAKE_BLOCKS(ec_infos, _buffer(data))
            assert qr_encoder.make_blocks(ec_infos, _buffer(data)) == expected, (version, level)


@settings(max_examples=200, deadline=None)
@given(
    version=st.integers(min_value=1, max_value=40),
    level=st.sampled_from(sorted(LEVELS.values())),
    draw=st.data(),
)
def test_make_blocks_matches_segno_on_any_data(
    version: int, level: int, draw: st.DataObject
) -> None:
    """Any data codewords of any version and level get segno's error correction codewords."""
    ec_infos = segno.consts.ECC[version][level]
    size = sum(info.num_blocks * info.num_data for info in ec_infos)
    data = draw.draw(st.binary(min_size=size, max_size=size))
    expected = qr_encoder._SEGNO_MAKE_BLOCKS(ec_infos, _buffer(data))
    assert qr_encoder.make_blocks(ec_infos, _buffer(data)) == expected


@pytest.mark.parametrize("version", VERSIONS)
def test_add_codewords_matches_segno_on_every_version(version: int) -> None:
    """Random bits, one a free module, land where segno puts them, in every version."""
    chooser = random.Random(version)
    free = b"".join(_empty_symbol(version)).count(0x2)
    for bits in (bytes(free), b"\x01" * free, bytes(chooser.getrandbits(1) for _ in range(free))):
        expected = _empty_symbol(version)
        qr_encoder._SEGNO_ADD_CODEWORDS(expected, segno.encoder.Buffer(bits), version)
        actual = _empty_symbol(version)
        qr_encoder.add_codewords(actual, segno.encoder.Buffer(bits), version)
        assert actual == expected


def test_fast_path_serves_every_regular_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Symbols of versions 1 to 40 at every level are made without segno's two functions."""

    def refuse(*args: object) -> None:
        raise AssertionError("segno's own function was called")

    monkeypatch.setattr(qr_encoder, "_SEGNO_MAKE_BLOCKS", refuse)
    monkeypatch.setattr(qr_encoder, "_SEGNO_ADD_CODEWORDS", refuse)
    qr_encoder.install_fast_encoder()
    for version in VERSIONS:
        for level in LEVELS:
            symbol = segno.make("A", version=version, error=level, mask=0, boost_error=False)
            assert symbol.version == version


@pytest.mark.parametrize("version", VERSIONS)
def test_make_matches_segno_on_full_symbols(version: int) -> None:
    """Nearly full symbols of every version and level have segno's modules and mask."""
    chooser = random.Random(version)
    for name, level in LEVELS.items():
        capacity = segno.consts.SYMBOL_CAPACITY[version][level] // 8 - 3
        content = "".join(chooser.choice(string.ascii_lowercase) for _ in range(capacity))
        fast, reference = _make_both(content, version=version, error=name, boost_error=False)
        assert fast.matrix == reference.matrix, (version, name)
        assert fast.mask == reference.mask


PAYLOADS = st.one_of(
    st.text(alphabet=string.digits, min_size=1, max_size=300),
    st.text(alphabet=ALPHANUMERIC, min_size=1, max_size=200),
    st.text(alphabet=string.printable + NON_LATIN, min_size=1, max_size=120),
    st.text(min_size=1, max_size=60),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=PAYLOADS, error=st.sampled_from("lmqh"), boost=st.booleans())
def test_make_matches_segno_on_random_payloads(content: str, error: str, boost: bool) -> None:
    """Numeric, alphanumeric and byte payloads (UTF-8 too) give segno's symbol."""
    fast, reference = _make_both(content, error=error, boost_error=boost, micro=False)
    assert fast.matrix == reference.matrix
    assert (fast.version, fast.error) == (reference.version, reference.error)
    assert fast.mask == reference.mask


@pytest.mark.parametrize(
    "content", ["OFÍCIO Nº 123/2026/SAC|8EHM-NZX3", "REF-2026-000123|6XGU-54Q7", NON_LATIN]
)
def test_make_matches_segno_on_attestation_payloads(content: str) -> None:
    """The letters' own payloads at level M give segno's symbol."""
    fast, reference = _make_both(content, error="m")
    assert fast.matrix == reference.matrix


def test_micro_qr_keeps_segno_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Micro QR code is still made, by segno's own functions, with segno's modules."""
    calls: list[str] = []
    segno_blocks, segno_codewords = qr_encoder._SEGNO_MAKE_BLOCKS, qr_encoder._SEGNO_ADD_CODEWORDS

    def blocks(*args: object) -> object:
        calls.append("make_blocks")
        return segno_blocks(*args)

    def codewords(*args: object) -> None:
        calls.append("add_codewords")
        segno_codewords(*args)

    fast, reference = _make_both("12345", micro=True)
    assert fast.is_micro
    assert fast.matrix == reference.matrix
    monkeypatch.setattr(qr_encoder, "_SEGNO_MAKE_BLOCKS", blocks)
    monkeypatch.setattr(qr_encoder, "_SEGNO_ADD_CODEWORDS", codewords)
    for content in ("1", "12345", "ABC-12", "micro"):
        segno.make(content, micro=True)
    assert calls.count("make_blocks") == calls.count("add_codewords") == 4


def test_unexpected_inputs_keep_segno_functions() -> None:
    """A set module in the empty symbol, too few bits or a short buffer give segno's results."""
    version = 3
    free = b"".join(_empty_symbol(version)).count(0x2)
    bits = bytes(random.Random(1).getrandbits(1) for _ in range(free))
    for chunk, first in ((bits[:-1], 0x1), (bits[:-9], 0x2)):
        expected, actual = _empty_symbol(version), _empty_symbol(version)
        expected[-1][-1] = actual[-1][-1] = first
        qr_encoder._SEGNO_ADD_CODEWORDS(expected, segno.encoder.Buffer(chunk), version)
        qr_encoder.add_codewords(actual, segno.encoder.Buffer(chunk), version)
        assert actual == expected
    ec_infos = segno.consts.ECC[version][segno.consts.ERROR_LEVEL_M]
    short = _buffer(b"\x12\x34\x56")
    assert qr_encoder.make_blocks(ec_infos, short) == qr_encoder._SEGNO_MAKE_BLOCKS(
        ec_infos, _buffer(b"\x12\x34\x56")
    )
