"""Data files are bounded and decoded strictly: real bombs, real encodings, through the CLI too.

Every refusal is a :class:`MergeError` (or ``FieldError`` for ``render --data``) naming the
place; through the CLI it is exit 1 with one paragraph and no traceback.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.cli import main
from desktop.core.datafiles import MAX_NESTING, MAX_VALUES_FILE_BYTES
from desktop.core.errors import FieldError, MergeError
from desktop.core.merge import open_table
from desktop.core.merge import reader as reader_module
from desktop.core.merge.mapping import load_mapping_file
from desktop.core.merge.reader import MAX_CELL_CHARS
from desktop.core.services.compose import load_values_file

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["customer_name", "order_number", "refund_amount", "refund_date"]
ROW = ["João Araújo", "A-1", "1250", "2026-12-01"]


# -- helpers ------------------------------------------------------------------------------------


def _read_all(path: Path, encoding: str | None = None) -> list[dict[str, object]]:
    with open_table(path, encoding=encoding) as table:
        return [r.values for r in table.rows()]


def _csv(rows: list[list[str]]) -> str:
    return "".join(",".join(r) + "\r\n" for r in rows)


def _workbook_members(rows: list[list[object]]) -> list[tuple[str, bytes]]:
    """Return the parts of a workbook as Excel writes it: text in ``xl/sharedStrings.xml``.

    openpyxl writes text inline; the cells are moved to a shared-strings part, with its
    content type and relationship, as Excel and LibreOffice do.
    """
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    strings: list[str] = []

    def share(match: re.Match[str]) -> str:
        strings.append(match.group(2))
        return f'<c r="{match.group(1)}" t="s"><v>{len(strings) - 1}</v></c>'

    sheet_xml = members["xl/worksheets/sheet1.xml"].decode()
    sheet_xml = re.sub(
        r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>(.*?)</t></is></c>', share, sheet_xml
    )
    members["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
    members["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sst xmlns="{MAIN_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{text}</t></si>" for text in strings)
        + "</sst>"
    ).encode()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId9"/></Relationships>',
    )
    return list(members.items())


def _write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """Write a ZIP by hand: (name, raw deflate data, CRC-32, declared uncompressed size)."""
    out = bytearray()
    central = bytearray()
    for name, data, crc, size in members:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0
        )
        out += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(data),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    start = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0
    )
    path.write_bytes(bytes(out))
    return path


def _deflate(data: bytes) -> tuple[str, bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return ("", packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


def _member(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    _, raw, crc, size = _deflate(data)
    return (name, raw, crc, size)


def _bomb_member(
    name: str, prefix: bytes, repeat: int, suffix: bytes
) -> tuple[str, bytes, int, int]:
    """Return a member inflating to prefix + ``repeat`` MiB of 'a' + suffix (~1 KB per MiB)."""
    chunk = b"a" * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    assert again == block  # a full flush forgets the history: every block is the same bytes
    tail = packer.compress(suffix) + packer.flush()
    crc = zlib.crc32(prefix)
    for _ in range(repeat):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    size = len(prefix) + repeat * len(chunk) + len(suffix)
    return (name, head + block * repeat + tail, crc, size)


def _xlsx_with(path: Path, replace: dict[str, tuple[str, bytes, int, int]]) -> Path:
    members = [
        replace.get(name, _member(name, data))
        for name, data in _workbook_members([HEADER, ["PLACEHOLDER", "A-1", 10, "2026-12-01"]])
    ]
    return _write_zip(path, members)


def _shared_strings(text: bytes) -> bytes:
    """Return the shared-strings part of the test workbook with ``text`` as its 5th string."""
    members = dict(_workbook_members([HEADER, ["PLACEHOLDER", "A-1", 10, "2026-12-01"]]))
    return members["xl/sharedStrings.xml"].replace(b"PLACEHOLDER", text)


# -- XLSX ---------------------------------------------------------------------------------------


def test_handmade_zip_writer_makes_a_workbook_openpyxl_reads(tmp_path: Path) -> None:
    """The test's own ZIP writer is sound: the plain workbook it writes reads back."""
    path = _xlsx_with(tmp_path / "plain.xlsx", {})
    (row,) = _read_all(path)
    assert row["customer_name"] == "PLACEHOLDER"


def test_xlsx_one_gigabyte_string_in_one_megabyte_is_refused_unread(tmp_path: Path) -> None:
    """A ~1 MB workbook whose shared strings inflate to 1 GB is refused from its directory."""
    ss = _shared_strings(b"@@")
    prefix, suffix = ss.split(b"@@")
    bomb = _bomb_member("xl/sharedStrings.xml", prefix, 1024, suffix)
    path = _xlsx_with(tmp_path / "bomb.xlsx", {"xl/sharedStrings.xml": bomb})
    assert path.stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size > 1024**3
    tracemalloc.start()
    with pytest.raises(MergeError) as info:
        open_table(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    assert "uncompressed" in info.value.message or "to 1" in info.value.message
    assert info.value.file == str(path)


def test_xlsx_highly_compressed_part_is_refused(tmp_path: Path) -> None:
    """Under the size cap, a part compressed over 100 to 1 is still a bomb."""
    ss = _shared_strings(b"@@")
    prefix, suffix = ss.split(b"@@")
    bomb = _bomb_member("xl/sharedStrings.xml", prefix, 20, suffix)
    path = _xlsx_with(tmp_path / "ratio.xlsx", {"xl/sharedStrings.xml": bomb})
    with pytest.raises(MergeError, match=r"xl/sharedStrings\.xml is compressed") as info:
        open_table(path)
    assert "to 1" in info.value.describe()


def test_xlsx_total_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts whose sizes add up past the cap are refused (the cap lowered for the test)."""
    path = _xlsx_with(tmp_path / "ok.xlsx", {})
    monkeypatch.setattr(reader_module, "MAX_XLSX_UNCOMPRESSED", 2_000)
    with pytest.raises(MergeError, match="larger than 0 MB once uncompressed"):
        open_table(path)


def test_xlsx_lying_sizes_fail_cleanly(tmp_path: Path) -> None:
    """A part that inflates past the size its header declares is a damaged file, not a bomb."""
    ss = _shared_strings(b"@@")
    prefix, suffix = ss.split(b"@@")
    name, data, crc, _size = _bomb_member("xl/sharedStrings.xml", prefix, 50, suffix)
    path = _xlsx_with(tmp_path / "lies.xlsx", {name: (name, data, crc, 4096)})
    with pytest.raises(MergeError, match="not a readable XLSX"):
        open_table(path)


def test_xlsx_too_many_parts(tmp_path: Path) -> None:
    """A workbook with more parts than the limit is refused before its directory is read."""
    members = [_member(name, data) for name, data in _workbook_members([HEADER, ROW])]
    empty = _member("x", b"")
    members += [(f"xl/media/p{i}.bin", empty[1], empty[2], 0) for i in range(10_001)]
    path = _write_zip(tmp_path / "many.xlsx", members)
    with pytest.raises(MergeError, match="parts, more than 10,000"):
        open_table(path)


def test_xlsx_shared_string_over_excel_limit(tmp_path: Path) -> None:
    """A shared string longer than 32,767 characters is refused while streaming."""
    text = ("é" * (MAX_CELL_CHARS + 1)).encode()
    path = _xlsx_with(
        tmp_path / "long.xlsx",
        {"xl/sharedStrings.xml": _member("xl/sharedStrings.xml", _shared_strings(text))},
    )
    with pytest.raises(MergeError, match="shared text number 5 is longer than 32,767"):
        open_table(path)
    ok = _xlsx_with(
        tmp_path / "limit.xlsx",
        {
            "xl/sharedStrings.xml": _member(
                "xl/sharedStrings.xml", _shared_strings(("é" * MAX_CELL_CHARS).encode())
            )
        },
    )
    (row,) = _read_all(ok)
    assert row["customer_name"] == "é" * MAX_CELL_CHARS


def test_xlsx_inline_string_over_limit_names_the_cell(tmp_path: Path) -> None:
    """An inline string in the sheet over the limit names its cell."""
    members = dict(_workbook_members([HEADER, ["x", "A-1", 10, "2026-12-01"]]))
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    long_cell = f'<c r="A2" t="inlineStr"><is><t>{"z" * 40_000}</t></is></c>'
    sheet = sheet.replace('<c r="A2" t="s"><v>4</v></c>', long_cell)
    assert long_cell in sheet
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    path = _write_zip(tmp_path / "inline.xlsx", [_member(n, d) for n, d in members.items()])
    with pytest.raises(MergeError, match="cell A2 is longer than 32,767"):
        open_table(path)


def test_xlsx_with_a_dtd_is_refused(tmp_path: Path) -> None:
    """XML entity tricks (a DTD in any part) are refused before openpyxl parses anything."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    text = _shared_strings(b"&b;").replace(b'<?xml version="1.0" encoding="UTF-8"?>', laughs)
    path = _xlsx_with(
        tmp_path / "dtd.xlsx", {"xl/sharedStrings.xml": _member("xl/sharedStrings.xml", text)}
    )
    with pytest.raises(MergeError, match="declares a DTD"):
        open_table(path)


def test_xlsx_control_character_in_a_cell(tmp_path: Path) -> None:
    """A control character in a text cell is refused naming the row and column."""
    members = dict(_workbook_members([HEADER, ["PLACEHOLDER", "A-1", 10, "2026-12-01"]]))
    members["xl/sharedStrings.xml"] = members["xl/sharedStrings.xml"].replace(
        b"PLACEHOLDER", b"Ana&#x85;[31m"
    )
    path = _write_zip(tmp_path / "ctl.xlsx", [_member(n, d) for n, d in members.items()])
    with open_table(path) as table, pytest.raises(MergeError) as info:
        list(table.rows())
    assert info.value.row == 2 and info.value.column == "customer_name"
    assert "U+0085" in info.value.message


# -- CSV encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_csv_utf16_without_bom_is_detected(tmp_path: Path, codec: str) -> None:
    """UTF-16 without a BOM (either byte order) reads back exactly, no NULs in the values."""
    path = tmp_path / "d.csv"
    path.write_bytes(_csv([HEADER, ROW, ["Budi Santoso", "A-2", "7", "2026-12-02"]]).encode(codec))
    with open_table(path) as table:
        rows = [r.values for r in table.rows()]
        assert table.encoding == codec
    assert rows[0]["customer_name"] == "João Araújo"
    assert rows[1]["refund_date"] == "2026-12-02"
    assert not any("\x00" in str(v) for r in rows for v in r.values())


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-8", b"")],
)
def test_csv_with_bom(tmp_path: Path, codec: str, bom: bytes) -> None:
    """UTF-16 with a BOM and UTF-8 with a BOM read back; the BOM is not part of the header."""
    path = tmp_path / "d.csv"
    bom = bom or codecs.BOM_UTF8
    path.write_bytes(bom + _csv([HEADER, ROW]).encode(codec))
    with open_table(path) as table:
        assert table.headers == HEADER
        (row,) = [r.values for r in table.rows()]
    assert row["customer_name"] == "João Araújo"


def test_csv_cp1252_when_unambiguous(tmp_path: Path) -> None:
    """Windows-1252 text (not UTF-8, no undefined bytes, no controls) reads as cp1252."""
    path = tmp_path / "d.csv"
    path.write_bytes(_csv([HEADER, ["Zoë “Café” – €5", "A-1", "1", "2026-12-01"]]).encode("cp1252"))
    with open_table(path) as table:
        assert table.encoding == "cp1252"
        (row,) = [r.values for r in table.rows()]
    assert row["customer_name"] == "Zoë “Café” – €5"


@pytest.mark.parametrize("bad", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_csv_bytes_undefined_in_cp1252_name_row_column_and_bytes(
    tmp_path: Path, bad: bytes
) -> None:
    """Bytes neither UTF-8 nor Windows-1252 are refused with row, column and their hex."""
    path = tmp_path / "d.csv"
    body = _csv([HEADER, ROW]).encode("utf-8")
    path.write_bytes(body + b"Caf\xe9 " + bad + b",A-2,1,2026-12-01\r\n")
    with pytest.raises(MergeError) as info:
        _read_all(path)
    error = info.value
    assert (error.row, error.column) == (3, "customer_name")
    assert f"0x{bad[0]:02X}" in error.message and "0xE9" in error.message
    assert "--encoding" in error.describe()


def test_csv_late_invalid_utf8_names_row_column_and_bytes(tmp_path: Path) -> None:
    """After 64 KB of clean UTF-8, a bad byte is reported where it is, not turned into text."""
    rows = [HEADER] + [[f"ação {i}", f"A-{i}", "1", "2026-12-01"] for i in range(5000)]
    path = tmp_path / "d.csv"
    path.write_bytes(_csv(rows).encode() + b"ok,A-x,\x9d1,2026-12-01\r\n")
    with open_table(path) as table, pytest.raises(MergeError) as info:
        list(table.rows())
    assert (info.value.row, info.value.column) == (5002, "refund_amount")
    assert "0x9D" in info.value.message


@pytest.mark.parametrize(
    ("cell", "code"),
    [("a\x00b", "U+0000"), ("a\x07b", "U+0007"), ("\x1b[2J", "U+001B"), ("a\x85b", "U+0085")],
)
def test_csv_control_characters_are_refused(tmp_path: Path, cell: str, code: str) -> None:
    """NULs and other control characters in a value are refused naming row and column."""
    path = tmp_path / "d.csv"
    path.write_bytes(_csv([HEADER, ROW, ["Ana", cell, "1", "2026-12-01"]]).encode("utf-8"))
    with open_table(path) as table, pytest.raises(MergeError) as info:
        list(table.rows())
    assert (info.value.row, info.value.column) == (3, "order_number")
    assert code in info.value.message


def test_csv_tabs_and_line_breaks_in_values_are_kept(tmp_path: Path) -> None:
    """Tab and line breaks inside a quoted value are text, not control characters."""
    path = tmp_path / "d.csv"
    path.write_text('a,b\n"line 1\r\nline 2","x\ty"\n', encoding="utf-8")
    (row,) = _read_all(path)
    assert row == {"a": "line 1\r\nline 2", "b": "x\ty"}


def test_csv_cell_over_excel_limit(tmp_path: Path) -> None:
    """A cell over 32,767 characters is refused naming row and column."""
    path = tmp_path / "d.csv"
    path.write_text(f"a,b\nx,{'y' * (MAX_CELL_CHARS + 1)}\n", encoding="utf-8")
    with open_table(path) as table, pytest.raises(MergeError) as info:
        list(table.rows())
    assert (info.value.row, info.value.column) == (2, "b")


def test_csv_one_endless_line_is_bounded(tmp_path: Path) -> None:
    """A 40 MB file without a line break is refused without being read whole."""
    path = tmp_path / "d.csv"
    with path.open("wb") as handle:
        handle.write(b"a,b\n")
        for _ in range(40):
            handle.write(b"x" * (1 << 20))
    tracemalloc.start()
    with open_table(path) as table, pytest.raises(MergeError, match="longer than") as info:
        list(table.rows())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert info.value.row == 2
    assert peak < 30 * 1024 * 1024


def test_csv_nul_bytes_that_are_not_utf16(tmp_path: Path) -> None:
    """A binary file named .csv (NULs in no UTF-16 pattern) is refused, naming the place."""
    path = tmp_path / "d.csv"
    path.write_bytes(b"a,b\n\x00\x00\x00\x01\x02,x\n")
    with pytest.raises(MergeError) as info:
        _read_all(path)
    assert info.value.row == 2 and "U+0000" in info.value.message


def test_csv_utf32_without_bom_is_not_taken_for_text(tmp_path: Path) -> None:
    """UTF-32 without a BOM is refused (its NULs would otherwise end up in letters)."""
    path = tmp_path / "d.csv"
    path.write_bytes(_csv([HEADER, ROW]).encode("utf-32-le"))
    with pytest.raises(MergeError) as info:
        _read_all(path)
    assert "U+0000" in info.value.message and "--encoding" in info.value.describe()
    assert info.value.row == 1


def test_csv_explicit_encoding(tmp_path: Path) -> None:
    """``encoding=`` reads a file the rule would not guess (Latin-1 with a C1-free text)."""
    path = tmp_path / "d.csv"
    path.write_bytes(_csv([HEADER, ["Ñandú", "A-1", "1", "2026-12-01"]]).encode("iso8859_15"))
    (row,) = _read_all(path, encoding="iso8859-15")
    assert row["customer_name"] == "Ñandú"
    with pytest.raises(MergeError, match="unknown encoding 'klingon'"):
        _read_all(path, encoding="klingon")
    with pytest.raises(MergeError, match="not a text encoding"):
        _read_all(path, encoding="base64")


# -- JSON / YAML --------------------------------------------------------------------------------


def _billion_laughs(path: Path) -> Path:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_yaml_billion_laughs_is_refused(tmp_path: Path) -> None:
    """Nested aliases never expand: the file is refused at the first alias, naming its line."""
    path = _billion_laughs(tmp_path / "v.yaml")
    tracemalloc.start()
    with pytest.raises(FieldError, match="aliases") as info:
        load_values_file(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert info.value.line == 2 and info.value.file == str(path)
    assert peak < 10 * 1024 * 1024
    with pytest.raises(MergeError, match="aliases"):
        load_mapping_file(path)


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_structured_nesting_is_bounded(tmp_path: Path, suffix: str) -> None:
    """Lists nested past the limit (even 100,000 deep) are refused, never a RecursionError."""
    for depth in (MAX_NESTING + 1, 100_000):
        path = tmp_path / f"v{suffix}"
        path.write_text('{"x": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
        with pytest.raises(FieldError, match="nested"):
            load_values_file(path)
    path.write_text('{"x": ' + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1) + "}")
    assert "x" in load_values_file(path)


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_structured_size_cap(tmp_path: Path, suffix: str) -> None:
    """A values file over the size cap is refused without being parsed."""
    path = tmp_path / f"v{suffix}"
    path.write_text('{"x": "' + "y" * MAX_VALUES_FILE_BYTES + '"}', encoding="utf-8")
    with pytest.raises(FieldError, match="larger than 5 MB"):
        load_values_file(path)


def test_structured_huge_integer_is_an_error(tmp_path: Path) -> None:
    """An integer of 10,000 digits is a clear error, not a ValueError traceback."""
    for suffix in (".json", ".yaml"):
        path = tmp_path / f"v{suffix}"
        path.write_text('{"x": ' + "9" * 10_000 + "}", encoding="utf-8")
        with pytest.raises(FieldError):
            load_values_file(path)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16", "utf-8-sig"])
def test_structured_utf16_and_bom(tmp_path: Path, codec: str) -> None:
    """JSON/YAML in UTF-16 (with or without BOM) and UTF-8 with BOM read back exactly."""
    for suffix, text in (
        (".json", '{"customer_name": "João"}'),
        (".yaml", "customer_name: João\n"),
    ):
        path = tmp_path / f"v{suffix}"
        path.write_bytes(text.encode(codec))
        assert load_values_file(path) == {"customer_name": "João"}


def test_structured_control_characters_and_bad_bytes(tmp_path: Path) -> None:
    """A JSON escape for a control character and bytes in no encoding are refused by place."""
    path = tmp_path / "v.json"
    path.write_text('{"customer_name": "Ana\\u0007"}', encoding="utf-8")
    with pytest.raises(FieldError) as info:
        load_values_file(path)
    assert info.value.field == "customer_name" and "U+0007" in info.value.message
    for text in ('{"amount": NaN}', '{"amount": -Infinity}', '{"amount": 1e999}'):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(FieldError, match="not a finite number"):
            load_values_file(path)
    path.write_bytes(b'{\n"customer_name": "Caf\xe9\x81"\n}')
    with pytest.raises(FieldError) as info:
        load_values_file(path)
    assert info.value.line == 2 and "0xE9" in info.value.message


# -- through the CLI ----------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _merge(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, *extra: str
) -> tuple[int, str, str]:
    return _cli(
        capsys,
        "merge",
        "refund-approved",
        "--language",
        "en",
        "--data",
        str(data),
        "--dry-run",
        "--data-dir",
        str(tmp_path / "data"),
        *extra,
    )


def _one_paragraph(err: str) -> None:
    assert "Traceback" not in err
    assert err.strip().count("\n") == 0, err


def test_cli_merge_bad_bytes_exit_1_naming_row_column_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``missiva merge`` on a CSV with bad bytes: exit 1, one paragraph, row, column, hex."""
    data = tmp_path / "rows.csv"
    data.write_bytes(_csv([HEADER]).encode() + b"Caf\xe9\x81,A-1,10,2026-12-01\r\n")
    code, _out, err = _merge(capsys, data, tmp_path)
    assert code == 1
    _one_paragraph(err)
    assert "row 2" in err and "column customer_name" in err and "0xE9 0x81" in err


def test_cli_merge_utf16_without_bom_and_encoding_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """UTF-16 without BOM merges (dry run, exit 0); --encoding reads a Latin-9 file."""
    data = tmp_path / "rows.csv"
    data.write_bytes(_csv([HEADER, ROW]).encode("utf-16-le"))
    code, out, err = _merge(capsys, data, tmp_path, "--json")
    assert code == 0, err
    assert "\x00" not in out and '"total_rows": 1' in out
    data.write_bytes(_csv([HEADER, ["Ñandú €", "A-1", "10", "2026-12-01"]]).encode("iso8859_15"))
    code, out, err = _merge(capsys, data, tmp_path, "--json", "--encoding", "iso8859-15")
    assert code == 0, err
    code, _out, err = _merge(capsys, data, tmp_path, "--encoding", "no-such-codec")
    assert code == 1 and "unknown encoding" in err
    _one_paragraph(err)


def test_cli_merge_zip_bomb_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``missiva merge`` on a ZIP-bomb workbook: exit 1, one paragraph, no traceback."""
    ss = _shared_strings(b"@@")
    prefix, suffix = ss.split(b"@@")
    bomb = _bomb_member("xl/sharedStrings.xml", prefix, 300, suffix)
    path = _xlsx_with(tmp_path / "bomb.xlsx", {"xl/sharedStrings.xml": bomb})
    code, _out, err = _merge(capsys, path, tmp_path)
    assert code == 1
    _one_paragraph(err)
    assert "bomb.xlsx" in err and "uncompressed" in err


def test_cli_render_billion_laughs_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``missiva render --data`` with a billion-laughs YAML: exit 1 naming file and line."""
    path = _billion_laughs(tmp_path / "v.yaml")
    code, _out, err = _cli(
        capsys,
        "render",
        "refund-approved",
        "--language",
        "en",
        "--draft",
        "--data",
        str(path),
        "--out",
        str(tmp_path / "o"),
        "--data-dir",
        str(tmp_path / "data"),
    )
    assert code == 1
    _one_paragraph(err)
    assert "v.yaml" in err and "line 2" in err and "aliases" in err


def test_cli_render_utf16_data_and_encoding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``render --data`` reads UTF-16 JSON without BOM, and cp1252 YAML with --encoding."""
    values = (
        '{"customer_name": "João Araújo", "order_number": "A-1", '
        '"refund_amount": "10", "refund_date": "2026-12-01"}'
    )
    path = tmp_path / "v.json"
    path.write_bytes(values.encode("utf-16-be"))
    args = ["render", "refund-approved", "--language", "en", "--draft", "--format", "txt"]
    common = ["--out", str(tmp_path / "o"), "--json", "--data-dir", str(tmp_path / "data")]
    code, out, err = _cli(capsys, *args, "--data", str(path), *common)
    assert code == 0, err
    text = Path(__import__("json").loads(out)["files"][0]["path"]).read_text(encoding="utf-8")
    assert "João Araújo" in text
    yaml_path = tmp_path / "v.yaml"
    yaml_path.write_bytes(
        "customer_name: Zoë\norder_number: A-1\nrefund_amount: 10\nrefund_date: 2026-12-01\n".encode(
            "cp1252"
        )
    )
    code, out, err = _cli(capsys, *args, "--data", str(yaml_path), "--encoding", "cp1252", *common)
    assert code == 0, err
