"""The QR mask chooser gives segno's choice and symbol; the QR PNG is shared by the writers."""

from __future__ import annotations

import io
import random
import string

import pytest
import segno
import segno.encoder

from desktop.core.rendering import qr

ALPHABET = string.ascii_letters + string.digits + "/|-:ÇÍº çãõ😀"


def _unmasked_matrices(monkeypatch: pytest.MonkeyPatch, payloads: list[tuple[str, str]]) -> list:
    """Return the matrices segno hands to its mask chooser for each payload (before masking)."""
    captured = []

    def record(matrix, width, height, proposed_mask=None):
        captured.append(tuple(bytearray(row) for row in matrix))
        return qr._SEGNO_BEST_MASK(matrix, width, height, proposed_mask)

    monkeypatch.setattr(segno.encoder, "find_and_apply_best_mask", record)
    for payload, error in payloads:
        segno.make(payload, error=error, micro=False)
    return captured


def test_best_mask_matches_segno_on_many_symbols(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over 80 payloads of many lengths and error levels, mask and masked matrix are segno's."""
    chooser = random.Random(7)
    payloads = [
        (
            "".join(chooser.choice(ALPHABET) for _ in range(chooser.choice([8, 30, 70, 150]))),
            chooser.choice("lmqh"),
        )
        for _ in range(80)
    ]
    payloads.append(("OFÍCIO Nº 1/2026/SAC|ABCD-0001", "m"))
    for matrix in _unmasked_matrices(monkeypatch, payloads):
        width = len(matrix)
        expected = qr._SEGNO_BEST_MASK(tuple(bytearray(r) for r in matrix), width, width)
        actual = qr.best_mask(tuple(bytearray(r) for r in matrix), width, width)
        assert actual[0] == expected[0]
        assert actual[1] == expected[1]


def test_best_mask_leaves_micro_codes_and_given_masks_to_segno() -> None:
    """A Micro QR code and a caller's mask keep segno's own handling."""
    micro = segno.make("12345", micro=True)
    assert micro.is_micro
    fixed = segno.make("OUT-2026-00001|ABCD", error="m", mask=5, micro=False)
    assert fixed.mask == 5


def test_qr_png_is_segno_png_of_the_payload() -> None:
    """The shared PNG decodes to the payload's own symbol (same version, mask and modules)."""
    payload = "OUT-2026-00042|ABCD-EFGH"
    png = qr.qr_png(payload)
    assert png.startswith(b"\x89PNG")
    expected = io.BytesIO()
    symbol = segno.make(payload, error="m")
    symbol.save(expected, kind="png", scale=4, border=1)
    assert png == expected.getvalue()
    assert qr.qr_png(payload) is png  # the second writer of the letter gets the same bytes


def _segno_png(symbol: segno.QRCode) -> bytes:
    """Return segno's own PNG of ``symbol`` at the attestation's scale and border."""
    out = io.BytesIO()
    symbol.save(out, kind="png", scale=4, border=1)
    return out.getvalue()


def test_png_is_segno_png_writer_bytes() -> None:
    """Over Micro QR and QR versions 1 to 40 and every input mode, the PNG is segno's bytes."""
    chooser = random.Random(11)
    alphabets = (string.digits, string.ascii_uppercase + string.digits + " $%*+-./:", ALPHABET)
    lengths = [*range(1, 40), 60, 100, 150, 250, 400, 700, 1200, 2000]
    versions = set()
    for length in lengths:
        for alphabet in alphabets:
            payload = "".join(chooser.choice(alphabet) for _ in range(length))
            try:
                symbol = segno.make(payload, error="m")
            except segno.DataOverflowError:
                continue
            versions.add(symbol.version)
            assert qr._png(symbol.matrix) == _segno_png(symbol), (payload, symbol.version)
    assert {"M2", "M3", "M4", 1, 40} <= versions


def test_qr_png_is_segno_png_for_long_payloads() -> None:
    """Long payloads (large symbols) give segno's PNG through the cached ``qr_png``."""
    for payload in ("X" * 300, "OUT-2026-00042|ABCD-EFGH|" + "7" * 500):
        assert qr.qr_png(payload) == _segno_png(segno.make(payload, error="m"))


_PIECES = (
    b"\x01\x00\x01\x01\x01\x00\x01",  # finder-like
    b"\x01\x00\x01\x01\x01\x00\x01\x01\x01\x00\x01",  # two finder-like, 4 modules apart
    b"\x01\x00\x01\x01\x01\x00\x01\x00\x01\x01\x01\x00\x01",  # two, 6 modules apart
    b"\x00\x00\x00\x00",
    b"\x01\x01\x01\x01\x01",
    b"\x00",
    b"\x01",
)


def _patterned_rows(chooser: random.Random, width: int) -> list[bytes]:
    """Return rows made of finder-like patterns (overlapping too), light areas and runs."""
    rows = []
    for _ in range(width):
        row = b""
        while len(row) < width:
            row += chooser.choice(_PIECES)
        rows.append(row[:width] if chooser.random() < 0.5 else row[-width:])
    return rows


def test_score_is_segno_penalty_of_any_matrix() -> None:
    """Random and patterned matrices (rows and columns) score segno's N1 + N2 + N3 + N4."""
    chooser = random.Random(5)
    for number in range(600):
        width = chooser.choice([21, 25, 33, 45, 57])
        if number % 3 == 0:
            density = chooser.random()
            rows = [bytes(chooser.random() < density for _ in range(width)) for _ in range(width)]
        else:
            rows = _patterned_rows(chooser, width)
            if number % 3 == 2:
                rows = qr._columns(rows)
        expected = segno.encoder.evaluate_mask([bytearray(row) for row in rows], width, width)
        assert qr._score(rows) == expected, rows


def test_best_mask_leaves_unfilled_matrices_to_segno() -> None:
    """A matrix with a module not yet set (neither light nor dark) gets segno's own handling."""
    chooser = random.Random(9)
    rows = [bytearray(chooser.getrandbits(1) for _ in range(21)) for _ in range(21)]
    rows[10][10] = 0x2
    expected = qr._SEGNO_BEST_MASK(tuple(bytearray(row) for row in rows), 21, 21)
    assert qr.best_mask(tuple(bytearray(row) for row in rows), 21, 21) == expected
