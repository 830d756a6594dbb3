"""The attestation QR code as PNG bytes, made once per payload for every writer of a letter.

The DOCX and the PDF of one issued letter print the same QR code, so the last few payloads are
kept: the second writer of a letter gets the bytes the first one made.

Most of segno's encoding time is the choice of the data mask: it applies each of the eight
masks and scores the result (ISO/IEC 18004 7.8.3) module by module in pure Python.
:func:`best_mask` computes the same scores, with segno's exact rules, on the whole symbol at
once: the rows, and separately the columns, are one integer with a bit a module, so a mask is
one XOR and runs, 2x2 blocks and finder-like patterns are found with shifts, ANDs and bit
counts. It is installed as segno's mask chooser for regular QR codes, together with the faster
error correction and codeword placement of :mod:`desktop.core.rendering.qr_encoder`; tests
compare the scores with segno's on random and patterned matrices and the choice with segno's
on many payloads. The symbol is unchanged.

segno's PNG writer builds each scanline module by module in Python (a generator, ``reduce``
and ``zip_longest`` per pixel byte). At 4 pixels a module one module is exactly one hex digit
of a 1-bit scanline, so :func:`_png` turns a whole row into pixel bytes with one
``bytes.translate`` and one ``unhexlify``, and writes the same chunks, filters and zlib level;
tests compare its bytes with segno's writer on many payloads.
"""

from __future__ import annotations

import binascii
import functools
import struct
import threading
import zlib
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import segno
import segno.encoder as _encoder

from desktop.core.rendering.qr_encoder import install_fast_encoder

_SEGNO_BEST_MASK = _encoder.find_and_apply_best_mask
_INSTALL_LOCK = threading.Lock()

_GAP = 4  # light-or-absent bits after each line: runs, blocks and patterns stop there
_ASCII_BITS = bytes.maketrans(b"\x00\x01", b"01")
_COLOURS = b"\x00\x01"  # a module is light (0) or dark (1); anything else is not yet a symbol


class _Geometry(NamedTuple):
    """The bit layout of one symbol size and its eight data masks, made once per width.

    Line by line, module ``k`` of line ``n`` is bit ``n * (width + _GAP) + k`` of an integer
    (1 is dark); the gap bits are 0 and belong to no module.
    """

    width: int
    modules: int  # every module
    pairs: int  # modules whose next module is on the same line
    stacked: int  # modules with a module below
    row_masks: tuple[int, ...]  # each data mask over the rows
    column_masks: tuple[int, ...]  # each data mask over the columns
    byte_masks: tuple[int, ...]  # each data mask over the rows joined, one byte a module


def _bits(lines: Iterable[bytes]) -> int:
    """Return lines of 0/1 bytes as one integer, first module lowest, ``_GAP`` bits between."""
    return int(bytes(_GAP).join(lines)[::-1].translate(_ASCII_BITS), 2)


def _columns(rows: Sequence[bytes]) -> list[bytes]:
    """Return the columns of a square matrix of bytes rows."""
    flat = b"".join(rows)
    return [flat[column :: len(rows)] for column in range(len(rows))]


@functools.lru_cache(maxsize=64)
def _geometry(width: int) -> _Geometry:
    """Return the layout of a ``width`` symbol and the masks of segno's chooser.

    The masks cover the data region segno masks: not the finder and alignment patterns with
    their separators, the timing patterns, the format and version areas, nor the dark module.
    """
    function = _encoder.make_matrix(width, width)
    _encoder.add_finder_patterns(function, width, width)
    _encoder.add_alignment_patterns(function, width, width)
    function[-8][8] = 0x1
    masks = [
        [
            bytes(1 if function[i][j] > 0x1 and pattern(i, j) else 0 for j in range(width))
            for i in range(width)
        ]
        for pattern in _encoder.get_data_mask_functions(False)
    ]
    modules = _bits([b"\x01" * width] * width)
    return _Geometry(
        width=width,
        modules=modules,
        pairs=modules & (modules >> 1),
        stacked=modules & (modules >> (width + _GAP)),
        row_masks=tuple(_bits(rows) for rows in masks),
        column_masks=tuple(_bits(_columns(rows)) for rows in masks),
        byte_masks=tuple(int.from_bytes(b"".join(rows), "big") for rows in masks),
    )


def _counted_finders(found: int) -> int:
    """Return the finder-like patterns segno counts among those that qualify.

    segno searches a line from left to right and, after a counted pattern, goes on 7 modules
    further, so a qualifying pattern overlapping a counted one (4 or 6 modules on) is skipped.
    """
    if not found & ((found << 4) | (found << 6)):
        return found  # no overlaps, the usual case
    counted = 0
    rest = found
    while rest:
        lowest = rest & -rest
        if not counted & ((lowest >> 4) | (lowest >> 6)):
            counted |= lowest
        rest ^= lowest
    return counted


def _line_penalty(dark: int, geometry: _Geometry) -> int:
    """Return segno's N1 + N3 of the lines (rows or columns) of ``dark``.

    N1: a run of n >= 5 modules of one colour scores n - 2, that is one point for each of its
    n - 4 windows of five plus two for its first window. N3: 40 for each dark-light-dark-dark-
    dark-light-dark pattern with no dark module among the 4 before it or among the 4 after it
    (a line's end counts as light).
    """
    same = geometry.pairs & ~(dark ^ (dark >> 1))  # module equals the next one
    five = same & (same >> 1)
    five &= five >> 2  # five modules of one colour start here
    score = five.bit_count() + 2 * (five & ~(same << 1)).bit_count()
    light = geometry.modules ^ dark
    three = dark & (dark >> 1) & (dark >> 2)
    found = dark & (light >> 1) & (three >> 2) & (light >> 5) & (dark >> 6)
    if found:
        near = dark | (dark << 1)
        near |= near << 2  # a dark module here or among the 3 before
        found &= ~((near << 1) & (near >> 10))
        score += 40 * _counted_finders(found).bit_count()
    return score


def _penalty(rows: int, columns: int, geometry: _Geometry) -> int:
    """Return the penalty N1 + N2 + N3 + N4 of a masked symbol, as segno's ``mask_scores``."""
    score = _line_penalty(rows, geometry) + _line_penalty(columns, geometry)
    same = geometry.pairs & ~(rows ^ (rows >> 1))
    below = geometry.stacked & ~(rows ^ (rows >> (geometry.width + _GAP)))
    score += 3 * (same & (same >> (geometry.width + _GAP)) & below).bit_count()  # N2: 2x2
    percent = float(rows.bit_count()) / (geometry.width**2)
    return score + 10 * int(abs(percent * 100 - 50) / 5)


def _score(matrix: Sequence[bytes]) -> int:
    """Return segno's penalty score of a square matrix of 0/1 modules, as it stands."""
    geometry = _geometry(len(matrix))
    return _penalty(_bits(matrix), _bits(_columns(matrix)), geometry)


def best_mask(matrix: Any, width: int, height: int, proposed_mask: int | None = None) -> Any:
    """Apply the best data mask to a QR matrix; segno's ``find_and_apply_best_mask``, faster.

    Micro QR codes, a mask chosen by the caller and a matrix with modules not yet set go to
    segno's own function.
    """
    rows = [bytes(row) for row in matrix]
    if (
        proposed_mask is not None
        or width != height
        or width < 21
        or b"".join(rows).translate(None, _COLOURS)
    ):
        return _SEGNO_BEST_MASK(matrix, width, height, proposed_mask)
    geometry = _geometry(width)
    plain_rows, plain_columns = _bits(rows), _bits(_columns(rows))
    scores = [
        _penalty(plain_rows ^ row_mask, plain_columns ^ column_mask, geometry)
        for row_mask, column_mask in zip(geometry.row_masks, geometry.column_masks, strict=True)
    ]
    best = scores.index(min(scores))  # the first of equal scores, like segno
    plain = int.from_bytes(b"".join(rows), "big")
    masked = (plain ^ geometry.byte_masks[best]).to_bytes(width * width, "big")
    return best, tuple(bytearray(masked[i : i + width]) for i in range(0, width * width, width))


def install_fast_mask() -> None:
    """Make segno choose masks with :func:`best_mask` (same choice; process-wide, idempotent).

    Also installs the faster error correction and codeword placement of ``qr_encoder``.
    """
    with _INSTALL_LOCK:
        _encoder.find_and_apply_best_mask = best_mask
    install_fast_encoder()


_SCALE = 4  # pixels a module: one module is one hex digit (4 bits) of a 1-bit scanline
_BORDER = 1  # quiet zone, in modules
_HEX_PIXELS = bytes.maketrans(b"\x00\x01", b"f0")  # light module: 4 white bits; dark: 4 black
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_COMPRESSLEVEL = 9  # segno's write_png default


def _chunk(name: bytes, data: bytes) -> bytes:
    """Return a PNG chunk: length, name, data and the CRC of name and data."""
    return struct.pack(">I", len(data)) + name + data + struct.pack(">I", zlib.crc32(name + data))


def _png(matrix: Any) -> bytes:
    """Return segno's ``write_png`` bytes of a symbol in black and white, scale 4, border 1.

    That is a greyscale image of bit depth 1 (black is 0, white is 1; the last byte of a
    scanline padded with 0 bits), every pixel row of a module row written once with filter
    "None" and repeated with filter "Up" (all zeros), the quiet zone rows with filter "None",
    one IDAT compressed at level 9, and no other chunks.
    """
    columns = len(matrix[0]) + 2 * _BORDER
    pad = b"0" * (columns % 2)  # a byte holds two modules; segno pads with black (0) bits
    quiet = b"f" * _BORDER
    line_bytes = (columns * _SCALE + 7) // 8
    quiet_line = b"\x00" + binascii.unhexlify(b"f" * columns + pad)
    same_as_above = (b"\x02" + bytes(line_bytes)) * (_SCALE - 1)
    lines = [quiet_line * (_BORDER * _SCALE)]
    for row in matrix:
        pixels = binascii.unhexlify(quiet + bytes(row).translate(_HEX_PIXELS) + quiet + pad)
        lines.append(b"\x00" + pixels + same_as_above)
    lines.append(quiet_line * (_BORDER * _SCALE))
    width, height = columns * _SCALE, (len(matrix) + 2 * _BORDER) * _SCALE
    header = struct.pack(">2I5B", width, height, 1, 0, 0, 0, 0)  # bit depth 1, greyscale
    return b"".join(
        (
            _PNG_SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(b"".join(lines), _PNG_COMPRESSLEVEL)),
            _chunk(b"IEND", b""),
        )
    )


@functools.lru_cache(maxsize=16)
def qr_matrix(payload: str) -> tuple[bytes, ...]:
    """Return the modules of the attestation QR code of ``payload``, row by row (1 is dark).

    Error level M (segno raises it when that fits the same version), no quiet zone. The DOCX
    prints it as a PNG (:func:`qr_png`), the PDF as a 1-bit image of one pixel a module.
    """
    install_fast_mask()
    return tuple(bytes(row) for row in segno.make(payload, error="m").matrix)


@functools.lru_cache(maxsize=16)
def qr_png(payload: str) -> bytes:
    """Return the attestation QR code of ``payload`` (error level M, 4 px modules, 1 module border).

    The bytes are those of segno's ``save(kind="png", scale=4, border=1)``, made by :func:`_png`.
    """
    return _png(qr_matrix(payload))
