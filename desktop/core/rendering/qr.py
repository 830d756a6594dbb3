"""The attestation QR code as PNG bytes, made once per payload for every writer of a letter.

The DOCX and the PDF of one issued letter print the same QR code, so the last few payloads are
kept: the second writer of a letter gets the bytes the first one made.

Most of segno's encoding time is the choice of the data mask: it applies each of the eight
masks and scores the result (ISO/IEC 18004 7.8.3) module by module in pure Python.
:func:`best_mask` computes the same scores, with segno's exact rules, on whole rows at once
(rows as byte strings and integers), and is installed as segno's mask chooser for regular QR
codes; tests compare its choice with segno's own on many payloads. The symbol is unchanged.

segno's PNG writer builds each scanline module by module in Python (a generator, ``reduce``
and ``zip_longest`` per pixel byte). At 4 pixels a module one module is exactly one hex digit
of a 1-bit scanline, so :func:`_png` turns a whole row into pixel bytes with one
``bytes.translate`` and one ``unhexlify``, and writes the same chunks, filters and zlib level;
tests compare its bytes with segno's writer on many payloads.
"""

from __future__ import annotations

import binascii
import functools
import re
import struct
import threading
import zlib
from typing import Any

import segno
import segno.encoder as _encoder

_SEGNO_BEST_MASK = _encoder.find_and_apply_best_mask
_RUN = re.compile(rb"\x00{5,}|\x01{5,}")
_FINDER_LIKE = b"\x01\x00\x01\x01\x01\x00\x01"
_INSTALL_LOCK = threading.Lock()


_SEPARATOR = 2  # between rows (columns) in the joined symbol: not a module colour


@functools.lru_cache(maxsize=64)
def _layout(width: int) -> tuple[tuple[int, ...], int]:
    """Return each mask's XOR pattern over the joined rows, and the lanes that end a 2x2 block.

    The symbol is handled as its rows joined by a separator byte, one byte per module; the
    XOR patterns cover the data region segno's chooser masks (not the finder and alignment
    patterns with their separators and format areas, nor the dark module).
    """
    function = _encoder.make_matrix(width, width)
    _encoder.add_finder_patterns(function, width, width)
    _encoder.add_alignment_patterns(function, width, width)
    function[-8][8] = 0x1
    masks = []
    for pattern in _encoder.get_data_mask_functions(False):
        rows = [
            bytes(1 if function[i][j] > 0x1 and pattern(i, j) else 0 for j in range(width))
            for i in range(width)
        ]
        masks.append(int.from_bytes(b"\x00".join(rows), "big"))
    block_ends = b"\x00".join(
        b"\x00" * width if i == 0 else b"\x00" + b"\x01" * (width - 1) for i in range(width)
    )
    return tuple(masks), int.from_bytes(block_ends, "big")


def _finder_like(seq: bytes, size: int) -> int:
    """Return segno's N3 score of joined rows or columns (same search and edge rules)."""
    stride = size + 1
    count = 0
    idx = seq.find(_FINDER_LIKE)
    while idx != -1:
        start = idx - idx % stride
        rel = idx - start
        offset = idx + 7
        if (
            rel in (0, size - 7)
            or 1 not in seq[start + max(rel - 4, 0) : idx]
            or 1 not in seq[offset : start + min(rel + 11, size)]
        ):
            count += 40
        else:
            offset = idx + 4
        idx = seq.find(_FINDER_LIKE, offset)
    return count


def _penalty(joined: bytes, size: int, block_ends: int) -> int:
    """Return the penalty N1 + N2 + N3 + N4 of a masked symbol, as segno's ``mask_scores``."""
    stride = size + 1
    columns = bytes([_SEPARATOR]).join([joined[j::stride] for j in range(size)])
    score = 0
    for seq in (joined, columns):
        runs = _RUN.findall(seq)
        score += sum(map(len, runs)) - 2 * len(runs)
        score += _finder_like(seq, size)
    value = int.from_bytes(joined, "big")
    above = value >> (8 * stride)
    differ = (value ^ (value >> 8)) | (above ^ (above >> 8)) | (value ^ above)
    score += 3 * (block_ends & ~differ).bit_count()
    percent = float(joined.count(1)) / (size**2)
    return score + 10 * int(abs(percent * 100 - 50) / 5)


def best_mask(matrix: Any, width: int, height: int, proposed_mask: int | None = None) -> Any:
    """Apply the best data mask to a QR matrix; segno's ``find_and_apply_best_mask``, faster.

    Micro QR codes and a mask chosen by the caller go to segno's own function.
    """
    if proposed_mask is not None or width != height or width < 21:
        return _SEGNO_BEST_MASK(matrix, width, height, proposed_mask)
    masks, block_ends = _layout(width)
    plain_bytes = bytes([_SEPARATOR]).join(bytes(row) for row in matrix)
    plain = int.from_bytes(plain_bytes, "big")
    best_score = None
    best = plain_bytes
    best_pattern = 0
    for number, mask in enumerate(masks):
        joined = (plain ^ mask).to_bytes(len(plain_bytes), "big")
        score = _penalty(joined, width, block_ends)
        if best_score is None or score < best_score:  # the first of equal scores, like segno
            best_score, best, best_pattern = score, joined, number
    return best_pattern, tuple(bytearray(row) for row in best.split(bytes([_SEPARATOR])))


def install_fast_mask() -> None:
    """Make segno choose masks with :func:`best_mask` (same choice; process-wide, idempotent)."""
    with _INSTALL_LOCK:
        _encoder.find_and_apply_best_mask = best_mask


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
