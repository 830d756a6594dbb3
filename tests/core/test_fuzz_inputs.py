"""Fuzzing the inputs people hand us: only our own error types come out, in bounded work.

Bounded: few examples each, no deadline (the machine is shared); the inputs are small, so a
hang or an unbounded allocation would show as a test that never ends, not as a slow one.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from desktop.core.errors import FieldError, MergeError, MissivaError, RegisterError
from desktop.core.filenames import MAX_NAME_CHARS, safe_file_name, safe_file_stem
from desktop.core.merge import open_table
from desktop.core.merge.mapping import load_mapping_file
from desktop.core.models import FieldSpec
from desktop.core.register import Entry, Register, SearchFilters, fold, open_register
from desktop.core.services.compose import load_values_file
from desktop.core.templates import format_value, parse_value

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ANY_CHAR = st.characters(blacklist_categories=())  # surrogates and controls included
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]


def _drain(path: Path) -> None:
    with open_table(path) as table:
        for row in table.rows():
            assert isinstance(row.values, dict)


# -- CSV ----------------------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=2000))
def test_csv_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """Any bytes in a .csv: rows, or a MergeError; never a crash, never a control character."""
    path = tmp_path_factory.mktemp("csv") / "d.csv"
    path.write_bytes(data)
    try:
        with open_table(path) as table:
            for row in table.rows():
                for value in row.values.values():
                    assert not any(
                        (ord(c) < 32 and c not in "\t\r\n") or 0x7F <= ord(c) <= 0x9F for c in value
                    )
                    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    except MergeError:
        pass


@FUZZ
@given(
    cells=st.lists(
        st.lists(st.text(alphabet=ANY_CHAR, max_size=12), min_size=1, max_size=4),
        min_size=1,
        max_size=6,
    ),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_csv_random_text_in_any_encoding(
    tmp_path_factory: pytest.TempPathFactory,
    cells: list[list[str]],
    encoding: str,
    delimiter: str,
) -> None:
    """Random text written in a real encoding reads back or fails with a MergeError."""
    text = "\r\n".join(delimiter.join(row) for row in cells) + "\r\n"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
        return
    path = tmp_path_factory.mktemp("csv") / "d.csv"
    path.write_bytes(data)
    try:
        _drain(path)
    except MergeError as exc:
        assert exc.file == str(path)


@FUZZ
@given(
    names=st.lists(
        st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=8),
        min_size=1,
        max_size=4,
        unique=True,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]),
    values=st.lists(
        st.text(alphabet=st.characters(categories=("L", "N", "P", "Zs", "S")), max_size=20),
        min_size=1,
        max_size=4,
    ),
)
def test_csv_clean_text_round_trips_in_unicode_encodings(
    tmp_path_factory: pytest.TempPathFactory,
    names: list[str],
    encoding: str,
    values: list[str],
) -> None:
    """Clean text survives every Unicode encoding, with or without BOM, value for value."""
    names = [n.strip() for n in names]
    assume(all(names) and len(set(names)) == len(names))
    assume(all(v.strip() == v for v in values) and any(values))
    row = (values + [""] * len(names))[: len(names)]
    assume(any(row))
    buffer = io.StringIO()
    import csv

    csv.writer(buffer, lineterminator="\r\n").writerows([names, row])
    text = buffer.getvalue()
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be") and not any(ord(c) < 256 for c in text[:200]):
        return  # without BOM and without Latin text, UTF-16 is not detectable
    path = tmp_path_factory.mktemp("csv") / "d.csv"
    path.write_bytes(data)
    try:
        with open_table(path) as table:
            rows = [r.values for r in table.rows()]
    except MergeError:
        # detection may refuse text it cannot tell apart, but the file read as the writer
        # meant must work
        with open_table(path, encoding=encoding) as table:
            rows = [r.values for r in table.rows()]
    assert rows == [dict(zip(names, row, strict=True))]


# -- XLSX ---------------------------------------------------------------------------------------


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BASE_XLSX = _workbook(
    [["customer_name", "amount", "due"], ["Ana", 10.5, dt.datetime(2026, 12, 1)], ["Budi", 3, None]]
)


@FUZZ
@given(
    flips=st.lists(
        st.tuples(st.integers(0, len(BASE_XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=8
    )
)
def test_xlsx_damaged_bytes(
    tmp_path_factory: pytest.TempPathFactory, flips: list[tuple[int, int]]
) -> None:
    """A real workbook with bytes changed anywhere reads, or fails with a MergeError."""
    data = bytearray(BASE_XLSX)
    for at, value in flips:
        data[at] = value
    path = tmp_path_factory.mktemp("xlsx") / "d.xlsx"
    path.write_bytes(bytes(data))
    with contextlib.suppress(MergeError):
        _drain(path)


@FUZZ
@given(
    member=st.sampled_from(
        ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"]
    ),
    cut=st.integers(0, 2000),
    insert=st.text(alphabet=st.sampled_from(list('<>/="&;#x1 abcdef\x00')), max_size=30),
)
def test_xlsx_damaged_xml(
    tmp_path_factory: pytest.TempPathFactory, member: str, cut: int, insert: str
) -> None:
    """A part whose XML is cut or spliced with junk reads, or fails with a MergeError."""
    with zipfile.ZipFile(io.BytesIO(BASE_XLSX)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    xml = parts[member]
    at = min(cut, len(xml))
    parts[member] = xml[:at] + insert.encode() + xml[at:]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    path = tmp_path_factory.mktemp("xlsx") / "d.xlsx"
    path.write_bytes(buffer.getvalue())
    with contextlib.suppress(MergeError):
        _drain(path)


@FUZZ
@given(data=st.binary(max_size=600))
def test_xlsx_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """Random bytes named .xlsx (with or without a ZIP signature) fail with a MergeError."""
    path = tmp_path_factory.mktemp("xlsx") / "d.xlsx"
    path.write_bytes(b"PK\x03\x04" + data if data[:1] == b"\x00" else data)
    with pytest.raises(MergeError):
        _drain(path)


# -- JSON / YAML --------------------------------------------------------------------------------


@FUZZ
@given(text=st.text(alphabet=ANY_CHAR, max_size=300), suffix=st.sampled_from([".json", ".yaml"]))
def test_values_file_random_text(
    tmp_path_factory: pytest.TempPathFactory, text: str, suffix: str
) -> None:
    """Any text as a values or mapping file: a mapping, or a FieldError/MergeError."""
    path = tmp_path_factory.mktemp("v") / f"v{suffix}"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        assert isinstance(load_values_file(path), dict)
    except FieldError as exc:
        assert exc.file == str(path)
    with contextlib.suppress(MergeError):
        load_mapping_file(path)


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".json", ".yaml", ".yml"]))
def test_values_file_random_bytes(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    """Any bytes as a values file: a mapping or a FieldError."""
    path = tmp_path_factory.mktemp("v") / f"v{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(FieldError):
        load_values_file(path)


YAML_TOKENS = st.sampled_from(
    ["&a ", "*a", "&b ", "*b", "[", "]", "{", "}", ": ", "- ", "\n", "  ", "x", "1", "'", '"',
     "!!python/object:os.system ", "!!binary ", "<<: ", "? ", "|", ">", "#", ",", "~", "1e999"]
)  # fmt: skip


@FUZZ
@given(tokens=st.lists(YAML_TOKENS, max_size=40), encoding=st.sampled_from(ENCODINGS))
def test_yaml_token_soup(
    tmp_path_factory: pytest.TempPathFactory, tokens: list[str], encoding: str
) -> None:
    """YAML made of anchors, aliases, tags and brackets: a mapping or a FieldError."""
    import yaml

    path = tmp_path_factory.mktemp("v") / "v.yaml"
    path.write_bytes("".join(tokens).encode(encoding))
    try:
        values = load_values_file(path)
    except FieldError:
        return
    assert isinstance(values, dict)
    # what loaded holds no alias: PyYAML's own parser finds no alias event in the text ("x*a"
    # is a plain scalar, not an alias)
    events = yaml.parse("".join(tokens))
    assert not any(isinstance(event, yaml.AliasEvent) for event in events)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(alphabet=ANY_CHAR),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=30,
)


@FUZZ
@given(value=JSON_VALUES, encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le"]))
def test_json_structures(
    tmp_path_factory: pytest.TempPathFactory, value: object, encoding: str
) -> None:
    """Real JSON (any structure, any strings) in a Unicode encoding: read back, or FieldError."""
    path = tmp_path_factory.mktemp("v") / "v.json"
    text = json.dumps({"field": value})
    path.write_bytes(text.encode(encoding))
    try:
        values = load_values_file(path)
    except FieldError:
        return
    assert values == json.loads(text)


@FUZZ
@given(value=JSON_VALUES)
def test_yaml_structures_round_trip(
    tmp_path_factory: pytest.TempPathFactory, value: object
) -> None:
    """Real YAML written by PyYAML reads back the same, or is refused with a FieldError."""
    path = tmp_path_factory.mktemp("v") / "v.yaml"
    try:
        text = yaml.safe_dump({"field": value}, allow_unicode=True)
    except yaml.YAMLError:
        assume(False)
        return
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        values = load_values_file(path)
    except FieldError:
        return
    assert set(values) == {"field"}


# -- field parsers (read-only module: only tested here) ----------------------------------------

FIELD_TYPES = ["text", "date", "money", "number", "bool", "email", "list", "choice"]
RAW = (
    st.text(alphabet=ANY_CHAR, max_size=40)
    | st.text(alphabet=st.sampled_from(list("0123456789.,-/ R$Rp€£e+_")), max_size=25)
    # non-finite and 27+ digit numbers are known defects of fields.py: see the xfail below
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False, min_value=-1e20, max_value=1e20)
    | st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20)
    | st.dates()
    | st.datetimes()
    | st.booleans()
)


@settings(max_examples=300, deadline=None)
@given(
    ftype=st.sampled_from(FIELD_TYPES),
    raw=RAW,
    language=st.sampled_from(["en", "en-GB", "pt-BR", "id"]),
)
def test_field_parsers(ftype: str, raw: object, language: str) -> None:
    """Any raw value for any field type: a typed value that formats, or a FieldError."""
    spec = FieldSpec(name="f", label="F", type=ftype, choices=("a", "b"))
    try:
        value = parse_value(spec, raw, language=language, template_key="t/en")
    except FieldError as exc:
        assert exc.field is not None or exc.template is not None
        return
    if ftype == "date":
        assert isinstance(value, dt.date)
    if ftype in ("money", "number"):
        assert isinstance(value, Decimal) and value.is_finite()
    text = format_value(spec, value, language=language)
    assert isinstance(text, str)


@pytest.mark.parametrize(
    "raw",
    [float("inf"), float("nan"), Decimal("Infinity"), Decimal("sNaN"), 10**26, "1" * 27],
)
def test_field_parsers_typed_extremes(raw: object) -> None:
    """Typed non-finite or huge amounts should be a FieldError, and never crash formatting."""
    spec = FieldSpec(name="f", label="F", type="money")
    try:
        value = parse_value(spec, raw, language="en", template_key="t/en")
    except FieldError:
        return
    assert isinstance(value, Decimal) and value.is_finite()
    format_value(spec, value, language="en")


# -- register search ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    now = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'register.sqlite3'}"
    reg = open_register(url, clock=lambda: now)
    subjects = ["Discount 50% ok", 'say "hi"', "a_b", "NEAR(x y)", "ação", "C:\\path", "*^-"]
    from sqlalchemy import insert

    with reg.transaction() as session:
        session.execute(
            insert(Entry),
            [
                {
                    "reference": f"F-{n}",
                    "series": "F",
                    "period": "",
                    "seq": n,
                    "direction": "out",
                    "kind": "letter",
                    "subject": subject,
                    "correspondent_name": "Ana",
                    "entry_date": dt.date(2026, 1, 1),
                    "created_at": now,
                    "status": "issued",
                    "search_text": fold(f"F-{n} {subject} Ana"),
                }
                for n, subject in enumerate(subjects, start=1)
            ],
        )
    yield reg
    reg.close()


@FUZZ
@given(
    text=st.text(alphabet=ANY_CHAR, max_size=30),
    correspondent=st.text(alphabet=ANY_CHAR, max_size=10),
)
def test_search_any_text(register: Register, text: str, correspondent: str) -> None:
    """Any search text (surrogates, NULs, FTS syntax): a literal answer or a RegisterError."""
    filters = SearchFilters(text=text, correspondent=correspondent)
    try:
        rows, total = register.search(filters)
    except RegisterError:
        return
    words = fold(text).split()
    for entry in rows:
        assert all(w in entry.search_text for w in words)
    if text.strip() and not words:
        assert total == 0


# -- file names ---------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    reference=st.text(alphabet=ANY_CHAR, max_size=40),
    correspondent=st.text(alphabet=ANY_CHAR, max_size=200),
    ext=st.sampled_from(["pdf", "docx", "html", "txt"]),
)
def test_file_names_from_any_text(
    tmp_path_factory: pytest.TempPathFactory, reference: str, correspondent: str, ext: str
) -> None:
    """Any text, lone surrogates included: a name the file system takes, in the folder given."""
    stem = safe_file_stem(reference, correspondent)
    name = f"{stem}.{ext}"
    assert len(name) <= MAX_NAME_CHARS
    name.encode("utf-8")  # no lone surrogate left
    folder = tmp_path_factory.mktemp("names")
    path = folder / name
    path.write_bytes(b"x")
    assert path.parent == folder and [p.name for p in folder.iterdir()] == [name]
    assert safe_file_name(reference + correspondent, ext).endswith(f".{ext}")


def test_only_our_errors_are_expected() -> None:
    """The error types the fuzz tests accept are all MissivaError subclasses."""
    for kind in (FieldError, MergeError, RegisterError):
        assert issubclass(kind, MissivaError)
    assert codecs.lookup("utf-16-le").name == "utf-16-le"
