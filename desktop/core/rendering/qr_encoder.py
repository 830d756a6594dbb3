"""Faster Reed-Solomon blocks and codeword placement for segno's regular QR codes.

segno builds a symbol in ``segno.encoder._encode``, which looks up its helpers by module-global
name at call time. Two of them do their work one bit or one byte at a time in Python:

* ``make_blocks(ec_infos, buff)`` splits the data codewords into blocks and computes each
  block's error correction codewords by polynomial division over GF(256), one coefficient of
  the generator at a time. :func:`make_blocks` does the same division with a shift register:
  for every generator, the product of each of the 256 field elements with the whole generator
  is precomputed once as one integer, so each data byte costs one table look-up, one shift and
  one XOR. The remainder of a polynomial division does not depend on how it is computed, and
  the generators and field tables are segno's own (``consts.GEN_POLY``, ``GALIOS_LOG/EXP``).
* ``add_codewords(matrix, codewords, version)`` walks the symbol in two-module columns, up and
  down from the right, and puts the next bit in every free module (ISO/IEC 18004 7.7.3). That
  walk depends only on the version, so :func:`add_codewords` computes it once per version and
  then places all bits with one ``operator.itemgetter`` over the bits and the empty symbol.
  It checks that the matrix it is given is exactly the empty symbol of that version and that
  there is one bit for every free module; otherwise segno's own function places the bits.

Micro QR codes (fewer than 26 codewords, versions below 1) keep segno's original functions,
saved here when this module is imported. :func:`install_fast_encoder` swaps the functions in;
tests compare both replacements with the originals for all versions and error levels.
"""

from __future__ import annotations

import functools
import operator
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import segno.consts as _consts
import segno.encoder as _encoder

_SEGNO_MAKE_BLOCKS = _encoder.make_blocks
_SEGNO_ADD_CODEWORDS = _encoder.add_codewords
_INSTALL_LOCK = threading.Lock()

_MIN_QR_CODEWORDS = 26  # version 1, the smallest regular QR code; Micro QR M4 has 24
_FREE = 0x2  # segno's value of a module not yet set
_TIMING_COLUMN = 6  # the vertical timing pattern, skipped by the placement walk
_ASCII_BITS = bytes.maketrans(b"\x00\x01", b"01")  # one 0/1 byte a bit -> "0"/"1" text


def _bits_to_bytes(bits: bytes | bytearray) -> bytes:
    """Return the bytes of a whole number of bytes' worth of bits (one 0/1 value a byte)."""
    return int(bits.translate(_ASCII_BITS), 2).to_bytes(len(bits) // 8, "big")


@functools.lru_cache(maxsize=32)  # segno has 21 generators
def _generator_products(num_error_words: int) -> tuple[int, ...]:
    """Return, for every field element c, c times segno's generator as one big-endian integer.

    The generator of ``num_error_words`` error words has that many coefficients after its
    leading 1, stored as logarithms in ``consts.GEN_POLY``.
    """
    log, exp = _consts.GALIOS_LOG, _consts.GALIOS_EXP
    generator = _consts.GEN_POLY[num_error_words]
    products = [0]
    for coefficient in range(1, 256):
        product = bytes(exp[log[coefficient] + g] for g in generator)
        products.append(int.from_bytes(product, "big"))
    return tuple(products)


def _error_words(data: bytes, num_error_words: int) -> bytearray:
    """Return the remainder of ``data`` times x^n divided by the generator of n error words."""
    products = _generator_products(num_error_words)
    top_shift = 8 * (num_error_words - 1)
    keep = (1 << (8 * num_error_words)) - 1
    remainder = 0
    for byte in data:
        remainder = ((remainder << 8) & keep) ^ products[(remainder >> top_shift) ^ byte]
    return bytearray(remainder.to_bytes(num_error_words, "big"))


def make_blocks(ec_infos: Sequence[Any], buff: Any) -> tuple[list[bytearray], list[bytearray]]:
    """Return the data blocks and their error correction blocks; segno's ``make_blocks``.

    Like segno, only the first codewords the blocks hold are read: segno's padding adds a
    whole zero byte when the data already ends on a byte boundary, even to a full symbol.
    Micro QR codes, and a buffer with fewer bits than the data codewords, go to segno.
    """
    num_data = sum(info.num_blocks * info.num_data for info in ec_infos)
    num_total = sum(info.num_blocks * info.num_total for info in ec_infos)
    if (
        num_total < _MIN_QR_CODEWORDS
        or not isinstance(buff, _encoder.Buffer)
        or len(buff) < 8 * num_data
    ):
        return _SEGNO_MAKE_BLOCKS(ec_infos, buff)  # type: ignore[no-any-return]
    data = _bits_to_bytes(buff.getbits()[: 8 * num_data])
    data_blocks: list[bytearray] = []
    error_blocks: list[bytearray] = []
    start = 0
    for info in ec_infos:
        num_error_words = info.num_total - info.num_data
        for _ in range(info.num_blocks):
            block = data[start : start + info.num_data]
            start += info.num_data
            data_blocks.append(bytearray(block))
            error_blocks.append(_error_words(block, num_error_words))
    return data_blocks, error_blocks


def _empty_symbol(version: int) -> tuple[bytearray, ...]:
    """Return the matrix ``_encode`` hands to ``add_codewords``: function patterns, free modules."""
    width = _encoder.calc_matrix_size(version)
    matrix = _encoder.make_matrix(width, width)
    _encoder.add_finder_patterns(matrix, width, width)
    _encoder.add_alignment_patterns(matrix, width, width)
    return matrix  # type: ignore[no-any-return]


def _walk(width: int) -> Iterator[tuple[int, int]]:
    """Yield every (row, column) of a QR code in codeword placement order (7.7.3).

    Two-module columns from the right, the right module first, alternately upwards and
    downwards, starting upwards; the timing column is not part of any pair.
    """
    rights = [*range(width - 1, _TIMING_COLUMN, -2), *range(_TIMING_COLUMN - 1, 0, -2)]
    for number, right in enumerate(rights):
        rows = range(width - 1, -1, -1) if number % 2 == 0 else range(width)
        for row in rows:
            yield row, right
            yield row, right - 1


@functools.lru_cache(maxsize=40)
def _placement(version: int) -> tuple[bytes, int, Callable[[bytes], tuple[int, ...]]]:
    """Return a version's empty symbol (rows joined), its free modules and the placing getter.

    The getter takes the bits followed by the empty symbol and returns the filled symbol,
    row by row: a free module takes its bit, any other module its own value.
    """
    matrix = _empty_symbol(version)
    width = len(matrix)
    empty = b"".join(matrix)
    order = [row * width + column for row, column in _walk(width) if matrix[row][column] == _FREE]
    num_bits = len(order)
    source = [num_bits + position for position in range(len(empty))]
    for bit, position in enumerate(order):
        source[position] = bit
    return empty, num_bits, operator.itemgetter(*source)


def add_codewords(matrix: Sequence[bytearray], codewords: Any, version: int) -> None:
    """Put the codeword bits into the free modules of ``matrix``; segno's ``add_codewords``.

    Micro QR codes, a matrix other than the version's empty symbol and a number of bits other
    than the number of free modules go to segno.
    """
    if version < 1 or not isinstance(codewords, _encoder.Buffer):
        _SEGNO_ADD_CODEWORDS(matrix, codewords, version)
        return
    empty, num_bits, place = _placement(version)
    if len(codewords) != num_bits or b"".join(matrix) != empty:
        _SEGNO_ADD_CODEWORDS(matrix, codewords, version)
        return
    filled = bytes(place(bytes(codewords.getbits()) + empty))
    width = len(matrix)
    for row_number, row in enumerate(matrix):
        start = row_number * width
        row[:] = filled[start : start + width]


def install_fast_encoder() -> None:
    """Make segno use :func:`make_blocks` and :func:`add_codewords` (process-wide, idempotent)."""
    with _INSTALL_LOCK:
        _encoder.make_blocks = make_blocks
        _encoder.add_codewords = add_codewords
