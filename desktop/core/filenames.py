r"""Names of issued files: ``<reference> <correspondent>``, safe on every file system.

The correspondent's name is data typed by anyone (a CSV cell, an incoming e-mail), so the name
made from it is cleaned before it reaches the file system:

* text is NFC; Unicode control, format, surrogate, private-use and unassigned characters
  (categories Cc, Cf, Cs, Co, Cn: bidi controls U+202A-U+202E and U+2066-U+2069, U+200E/F,
  zero-width characters, the BOM) are dropped, white space of any kind becomes one space;
* path separators and the characters Windows refuses (``< > : " / \ | ? *``) become spaces
  (a ``/`` in the reference becomes ``-``: ``007/CS/2026`` -> ``007-CS-2026``);
* leading and trailing dots and spaces go (no hidden file, no ``..``, nothing Windows trims);
* ``.~`` never appears (it starts Missiva's temporary names, which recovery may delete);
* a Windows device name (``CON``, ``NUL``, ``COM1``, ``LPT9``, with or without an extension)
  gets a leading ``_``;
* the stem is at most :data:`MAX_STEM_CHARS` characters and :data:`MAX_STEM_BYTES` UTF-8 bytes,
  cut between characters and never inside a combining sequence, so that stem, ``.`` and an
  extension of up to :data:`MAX_EXTENSION_CHARS` characters stay within :data:`MAX_NAME_CHARS`.

A name that is already safe comes out unchanged, and cleaning is idempotent.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 120
MAX_EXTENSION_CHARS = 5  # ".docx", ".html", ".pdf", ".txt"
MAX_STEM_CHARS = MAX_NAME_CHARS - 1 - MAX_EXTENSION_CHARS
MAX_STEM_BYTES = 150  # leaves room for the extension and the temporary suffix within 255 bytes
DEFAULT_STEM = "letter"

_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_SPACE_CATEGORIES = frozenset({"Zs", "Zl", "Zp"})
_WINDOWS_FORBIDDEN = frozenset('<>:"/\\|?*')
_CONTINUING_CATEGORIES = frozenset({"Mn", "Mc", "Me"})  # marks that belong to the previous char
_RESERVED = re.compile(
    r"^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$|clock\$)$",
    re.IGNORECASE,
)


def _clean_char(char: str) -> str:
    if char.isspace() or unicodedata.category(char) in _SPACE_CATEGORIES:
        return " "
    if char in _WINDOWS_FORBIDDEN:
        return " "
    if unicodedata.category(char) in _DROPPED_CATEGORIES:
        return ""
    return char


def _continues_previous(char: str) -> bool:
    """Return whether ``char`` cannot start a grapheme (a mark, a skin-tone modifier)."""
    return unicodedata.category(char) in _CONTINUING_CATEGORIES or "\U0001f3fb" <= char <= (
        "\U0001f3ff"
    )


def _truncate(text: str, max_chars: int, max_bytes: int) -> str:
    """Cut ``text`` to the limits, between graphemes (a base keeps all its marks or goes)."""
    if len(text) <= max_chars and len(text.encode("utf-8")) <= max_bytes:
        return text
    cut = min(len(text), max_chars)
    while cut > 0 and len(text[:cut].encode("utf-8")) > max_bytes:
        cut -= 1
    while 0 < cut < len(text) and _continues_previous(text[cut]):
        cut -= 1
    return text[:cut]


def _tidy(text: str) -> str:
    text = "".join(_clean_char(c) for c in unicodedata.normalize("NFC", text))
    text = " ".join(text.split())
    while ".~" in text:
        text = text.replace(".~", ".-")
    text = text.strip(". ")
    while text and _continues_previous(text[0]):  # a mark with nothing to sit on
        text = text[1:].strip(". ")
    return text


def _is_reserved(stem: str) -> bool:
    base = stem.split(".", 1)[0].rstrip(" .")
    return bool(_RESERVED.match(base))


def safe_name(
    text: str, *, max_chars: int = MAX_STEM_CHARS, max_bytes: int = MAX_STEM_BYTES
) -> str:
    """Return ``text`` made into a safe file name stem (see the module notes); never empty.

    Args:
        text: any text, e.g. ``"OUT-2026-00007 Silva & Filhos"``.
        max_chars: the longest stem, in characters.
        max_bytes: the longest stem, in UTF-8 bytes.
    """
    stem = text
    for _round in range(4):  # normalising a cut text may change it again; it settles fast
        cleaned = _tidy(_truncate(_tidy(stem), max_chars, max_bytes))
        if _is_reserved(cleaned):
            cleaned = _tidy(_truncate("_" + cleaned, max_chars, max_bytes))
        cleaned = cleaned or DEFAULT_STEM
        if cleaned == stem:
            break
        stem = cleaned
    return stem


def safe_file_stem(
    reference: str,
    correspondent: str = "",
    *,
    max_chars: int = MAX_STEM_CHARS,
    max_bytes: int = MAX_STEM_BYTES,
) -> str:
    """Return the stem of an issued file, e.g. ``OUT-2026-00007 Silva & Filhos``.

    Args:
        reference: the register reference; its ``/`` become ``-``.
        correspondent: the correspondent's name (may be empty).
        max_chars: the longest stem, in characters.
        max_bytes: the longest stem, in UTF-8 bytes.
    """
    return safe_name(
        f"{reference.replace('/', '-')} {correspondent}", max_chars=max_chars, max_bytes=max_bytes
    )


def safe_file_name(stem_text: str, extension: str) -> str:
    """Return ``<safe stem>.<extension>``, at most :data:`MAX_NAME_CHARS` characters.

    Args:
        stem_text: any text for the stem.
        extension: the extension without its dot, e.g. ``"pdf"`` (cleaned too).
    """
    ext = safe_name(extension.lstrip("."), max_chars=MAX_EXTENSION_CHARS, max_bytes=20)
    stem = safe_name(stem_text, max_chars=MAX_NAME_CHARS - 1 - len(ext))
    return f"{stem}.{ext}"
