"""Names of issued files: any Unicode in, a valid, safe, bounded and stable name out."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.filenames import (
    MAX_NAME_CHARS,
    MAX_STEM_BYTES,
    MAX_STEM_CHARS,
    safe_file_name,
    safe_file_stem,
    safe_name,
)
from desktop.core.register.files import safe_file_stem as reexported

WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789¹²³"
}
BIDI_AND_ZERO_WIDTH = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"
)
EXTENSIONS = ("pdf", "docx", "html", "txt")


def assert_safe(name: str) -> None:
    """Check every rule a name (stem) must keep."""
    assert name, "a name is never empty"
    assert name == name.strip(" ."), "no leading or trailing dots and spaces"
    assert not WINDOWS_FORBIDDEN.search(name)
    for char in name:
        category = unicodedata.category(char)
        assert category not in ("Cc", "Cf", "Cs", "Co", "Cn"), (hex(ord(char)), category)
        assert category not in ("Zl", "Zp") and (char == " " or not char.isspace())
    assert "  " not in name
    assert ".~" not in name
    assert name.split(".", 1)[0].rstrip(" .").upper() not in RESERVED
    assert unicodedata.normalize("NFC", name) == name
    assert len(name) <= MAX_STEM_CHARS
    assert len(name.encode("utf-8")) <= MAX_STEM_BYTES
    assert not unicodedata.category(name[0]).startswith("M"), "never starts with a lone mark"


def test_examples() -> None:
    """The reference and correspondent make the name; slashes in the reference become dashes."""
    assert safe_file_stem("OUT-2026-00007", "Silva & Filhos") == "OUT-2026-00007 Silva & Filhos"
    assert safe_file_stem("007/CS/XI/2026", "Ana") == "007-CS-XI-2026 Ana"
    assert reexported is safe_file_stem


@pytest.mark.parametrize(
    ("correspondent", "expected"),
    [
        ("Ana\u202eFDP.exe", "OUT-1 AnaFDP.exe"),  # right-to-left override dropped
        ("Ana\u2066Souza\u2069", "OUT-1 AnaSouza"),
        ("Zero\u200bWidth\u200dJoin\ufeff", "OUT-1 ZeroWidthJoin"),
        ("a\x00b\x07c\x1bd", "OUT-1 abcd"),
        ("line\nbreak\ttab\u2028sep", "OUT-1 line break tab sep"),
        ('a<b>c:d"e/f\\g|h?i*j', "OUT-1 a b c d e f g h i j"),
        ("../../etc/passwd", "OUT-1 .. .. etc passwd"),
        ("trailing dots...  ", "OUT-1 trailing dots"),
        ("x.~missiva-abcdef-1-deadbeef.tmp", "OUT-1 x.-missiva-abcdef-1-deadbeef.tmp"),
        ("\u00a0non\u2003breaking\u3000", "OUT-1 non breaking"),
        ("Jose\u0301", "OUT-1 José"),  # NFC
    ],
)
def test_dangerous_characters(correspondent: str, expected: str) -> None:
    """Controls, bidi and zero-width characters and separators never reach the file name."""
    assert safe_name("\u0301\u0302 x") == "x"
    stem = safe_file_stem("OUT-1", correspondent)
    assert stem == expected
    assert_safe(stem)


@pytest.mark.parametrize("device", [*sorted(RESERVED), "con", "Nul", "com1", "lPt9"])
def test_windows_device_names(device: str) -> None:
    """A device name alone, with an extension or trailing dots, gets a leading underscore."""
    for text in (device, f"{device}.txt", f"{device} .", f"{device}.tar.gz"):
        name = safe_name(text)
        assert name.startswith("_"), name
        assert_safe(name)
    assert safe_name(f"{device}x") == f"{device}x"


@pytest.mark.parametrize("text", ["", " ", "...", "\u200b\u202e", "/\\:*?", ". . ."])
def test_nothing_left_gives_a_default(text: str) -> None:
    """A name with nothing safe in it becomes the default, never an empty or dot-only name."""
    assert safe_name(text) == "letter"


def test_long_names_are_cut_between_graphemes() -> None:
    """A long name is cut to the limit; a base letter keeps its combining marks or goes."""
    long = "Ana " + "e\u0301\u0302" * 200  # NFC keeps é + U+0302 together
    name = safe_name(long)
    assert_safe(name)
    assert len(name) <= MAX_STEM_CHARS
    assert not unicodedata.combining(name[-1]) or unicodedata.category(name[-2]) != "Zs"
    assert name.endswith("\u0302")  # the last cluster is whole (é + circumflex)
    emoji = "👍🏽" * 200
    name = safe_name(emoji)
    assert name.endswith("🏽") and len(name) % 2 == 0
    wide = "𝔄" * 200  # four bytes each: the byte limit cuts first
    assert len(safe_name(wide).encode("utf-8")) <= MAX_STEM_BYTES
    assert safe_name(wide) == "𝔄" * (MAX_STEM_BYTES // 4)


def test_full_name_keeps_its_extension_within_the_limit() -> None:
    """``safe_file_name`` keeps the extension and stays within 120 characters."""
    for ext in EXTENSIONS:
        name = safe_file_name("OUT-1 " + "x" * 500, ext)
        assert name.endswith(f".{ext}") and len(name) == MAX_NAME_CHARS
    assert safe_file_name("CON", "pdf") == "_CON.pdf"


def test_real_files_can_be_created(tmp_path: Path) -> None:
    """The names made from hostile text are accepted by the file system, in the folder given."""
    hostile = [
        "../../x",
        "\u202egnp.exe",
        "a" * 1000,
        "é" * 400,
        "𝔄" * 400,
        "CON",
        "..",
        "\x00",
        "a/b\\c",
    ]
    for text in hostile:
        for ext in EXTENSIONS:
            path = tmp_path / f"{safe_file_stem('OUT-2026-00001', text)}.{ext}"
            path.write_bytes(b"x")
            assert path.parent == tmp_path and path.is_file()


@settings(max_examples=300, deadline=None)
@given(reference=st.text(max_size=60), correspondent=st.text(max_size=400))
def test_any_text_gives_a_safe_bounded_name(reference: str, correspondent: str) -> None:
    """Arbitrary Unicode in: a safe, bounded name out, with room for every extension."""
    stem = safe_file_stem(reference, correspondent)
    assert_safe(stem)
    for ext in EXTENSIONS:
        assert len(f"{stem}.{ext}") <= MAX_NAME_CHARS


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_cleaning_is_idempotent(text: str) -> None:
    """A cleaned name cleaned again is unchanged."""
    once = safe_name(text)
    assert_safe(once)
    assert safe_name(once) == once


SAFE_CHARS = st.characters(
    blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs", "Mn", "Mc", "Me"),
    blacklist_characters='<>:"/\\|?*.~',
)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.text(alphabet=SAFE_CHARS, min_size=1, max_size=12), min_size=1, max_size=6)
)
def test_safe_names_are_left_unchanged(words: list[str]) -> None:
    """A name that already keeps the rules comes out exactly as it went in."""
    text = unicodedata.normalize("NFC", " ".join(words))
    if (
        len(text) > MAX_STEM_CHARS
        or len(text.encode("utf-8")) > MAX_STEM_BYTES
        or text != " ".join(text.split())
        or text.split(".", 1)[0].upper() in RESERVED
        or any(unicodedata.category(c).startswith("M") for c in text)
        or "\U0001f3fb" <= text[0] <= "\U0001f3ff"  # a skin-tone modifier needs a base
    ):
        return
    assert safe_name(text) == text


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200), ext=st.sampled_from(EXTENSIONS))
def test_full_names_are_bounded(text: str, ext: str) -> None:
    """Stem and extension together stay within the limit, the extension intact."""
    name = safe_file_name(text, ext)
    assert len(name) <= MAX_NAME_CHARS
    assert name.endswith(f".{ext}")
    assert_safe(name[: -len(ext) - 1])
