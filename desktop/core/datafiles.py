"""Text data files read strictly and within bounds: encodings, JSON and YAML values.

Encoding rule (CSV merge files, JSON/YAML value and mapping files), when none is given:

1. a byte-order mark decides: UTF-8, UTF-16 (LE/BE) or UTF-32 (LE/BE);
2. no BOM but NUL bytes: UTF-16 when the NULs fall on one side of the byte pairs (text mostly
   in Latin script written as UTF-16 LE or BE without BOM) and the sample decodes as such;
   any other NUL is refused (the file is binary, or UTF-32 without a BOM);
3. valid UTF-8 is UTF-8;
4. Windows-1252 only where that is unambiguous: the bytes are not valid UTF-8, none is one of
   the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), there is no NUL
   and no other control byte than tab, line feed and carriage return;
5. anything else is refused, naming the first bad bytes, with a hint to save the file as UTF-8
   or to give ``--encoding``.

An encoding given by name is used as given (a UTF-8 BOM is still skipped). Decoding is strict
whatever the encoding: bad bytes are reported with their place and their hex value, never
replaced. Values may not hold NULs or other control characters than tab and line breaks.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from desktop.core.errors import MissivaError
from desktop.core.i18n import _

SNIFF_BYTES = 64 * 1024
MAX_VALUES_FILE_BYTES = 5 * 1024 * 1024  # JSON/YAML values or mapping: one letter's worth
MAX_NESTING = 32  # lists and mappings inside each other in a JSON/YAML values file
MAX_YAML_NODES = 200_000
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# category Cc is exactly U+0000-U+001F and U+007F-U+009F; tab, LF and CR are allowed
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BAD_BYTES_HANDLER = "missiva-bad-bytes"
_BAD_BYTE_BASE = 0xDC00  # a bad byte b decodes to chr(0xDC00 + b): a lone surrogate, never text
_BAD_BYTE_RE = re.compile("[\udc00-\udcff]")
SUSPECT_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\udc00-\udcff]")  # either

ErrorType = type[MissivaError]


def _mark_bad_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: keep each undecodable byte as a lone surrogate to report later."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(chr(_BAD_BYTE_BASE + b) for b in bad), exc.end


codecs.register_error(BAD_BYTES_HANDLER, _mark_bad_bytes)


def bad_bytes_in(text: str) -> bytes:
    """Return the undecodable bytes marked in ``text`` (empty when it decoded cleanly)."""
    if _BAD_BYTE_RE.search(text) is None:
        return b""
    return bytes(ord(c) - _BAD_BYTE_BASE for c in _BAD_BYTE_RE.findall(text))


def hex_bytes(data: bytes, limit: int = 8) -> str:
    """Return ``data`` as ``0xC3 0x28`` (at most ``limit`` bytes, then ``...``)."""
    shown = " ".join(f"0x{b:02X}" for b in data[:limit])
    return shown + (" ..." if len(data) > limit else "")


def first_control(text: str) -> str | None:
    """Return the first NUL or control character of ``text`` other than tab and line breaks."""
    found = _CONTROL_RE.search(text)
    return found.group() if found else None


def _utf16_without_bom(sample: bytes) -> str | None:
    """Return ``utf-16-le``/``utf-16-be`` when NULs sit on one side of the pairs, else None.

    The sample must then decode as that UTF-16 and hold no control character other than tab
    and line breaks: binary files and UTF-32 fail one test or the other.
    """
    body = sample[: len(sample) - len(sample) % 2]
    if len(body) < 2:
        return None
    even = body[0::2].count(0)
    odd = body[1::2].count(0)
    for name, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= max(1, len(body) // 2 * 0.2) and others <= zeros * 0.05:
            try:
                text = body.decode(name)
            except UnicodeDecodeError as exc:
                if exc.start < len(body) - 4:  # a surrogate pair cut at the sample's end is fine
                    return None
                text = body[: exc.start].decode(name)
            return name if first_control(text) is None else None
    return None


def _utf8_prefix_ok(sample: bytes, complete: bool) -> UnicodeDecodeError | None:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data":
            return None  # a character cut at the end of the sample
        return exc
    return None


def _position(sample: bytes, offset: int) -> tuple[int, int]:
    """Return the 1-based line and byte column of ``offset`` in ``sample``."""
    line = sample.count(b"\n", 0, offset) + 1
    column = offset - (sample.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def detect_encoding(
    sample: bytes, *, complete: bool = False, file: Path | None = None, error: ErrorType
) -> str:
    """Return the encoding of ``sample`` (the start of a file) by the rule of this module.

    Args:
        sample: the first bytes of the file (up to :data:`SNIFF_BYTES`).
        complete: ``sample`` is the whole file (no character cut at its end).
        file: the file, for messages.
        error: the error class to raise (``MergeError``, ``FieldError``).

    Raises:
        MissivaError: (of class ``error``) the encoding cannot be told safely.
    """
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        utf16 = _utf16_without_bom(sample)
        if utf16 is not None:
            return utf16
        line, column = _position(sample, sample.index(b"\x00"))
        raise error(
            _("the file holds NUL bytes (0x00) and is not UTF-16 text: it is not a text file"),
            file=file,
            line=line,
            column=column,
            hint=_("Save it as CSV UTF-8, or give its encoding with --encoding."),
        )
    problem = _utf8_prefix_ok(sample, complete)
    if problem is None:
        return "utf-8"
    undefined = [b for b in sample if b in CP1252_UNDEFINED]
    controls = [b for b in sample if (b < 0x20 and b not in b"\t\n\r") or b == 0x7F]
    if not undefined and not controls:
        return "cp1252"
    line, column = _position(sample, problem.start)
    raise error(
        _(
            "the file is not valid UTF-8 (bytes {bytes}) and cannot be read safely as "
            "Windows-1252 either"
        ).format(bytes=hex_bytes(sample[problem.start : problem.end])),
        file=file,
        line=line,
        column=column,
        hint=_("Save it as CSV UTF-8, or give its encoding with --encoding."),
    )


def check_encoding_name(encoding: str, *, file: Path | None, error: ErrorType) -> str:
    """Return the codec name of ``encoding``; refuse unknown names and non-text codecs."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise error(
            _("unknown encoding '{encoding}'").format(encoding=encoding),
            file=file,
            hint=_("Use a name such as utf-8, utf-16, cp1252 or latin-1."),
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise error(_("'{encoding}' is not a text encoding").format(encoding=encoding), file=file)
    return info.name


def choose_encoding(
    sample: bytes, encoding: str | None, *, complete: bool, file: Path | None, error: ErrorType
) -> str:
    """Return the encoding to read a file with: ``encoding`` if given, else the detected one."""
    if not encoding:
        return detect_encoding(sample, complete=complete, file=file, error=error)
    name = check_encoding_name(encoding, file=file, error=error)
    if name == "utf-8" and sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return name


def decoded_lines(
    handle: Any, encoding: str, *, max_line_chars: int, on_long_line: Callable[[int], None]
) -> Iterator[str]:
    """Yield the lines of a binary ``handle`` (line feeds kept), decoded with bad bytes marked.

    Undecodable bytes come out as lone surrogates (see :func:`bad_bytes_in`): the caller
    reports them with their row and column. A line longer than ``max_line_chars`` calls
    ``on_long_line(line_number)``, which raises.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors=BAD_BYTES_HANDLER)
    pending = ""
    number = 1
    while True:
        chunk = handle.read(SNIFF_BYTES)
        pending += decoder.decode(chunk, final=not chunk)
        start = 0
        while True:
            end = pending.find("\n", start)
            if end < 0:
                break
            yield pending[start : end + 1]
            number += 1
            start = end + 1
        pending = pending[start:]
        if len(pending) > max_line_chars:
            on_long_line(number)
        if not chunk:
            break
    if pending:
        yield pending


# -- JSON and YAML values ----------------------------------------------------------------------


class _BoundedLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses aliases and bounds nesting and node count."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                _("aliases (*name) are not allowed in data files"),
                event.start_mark,
            )
        self._nodes += 1
        if self._nodes > MAX_YAML_NODES:
            raise yaml.composer.ComposerError(
                None,
                None,
                _("more than {count} values").format(count=MAX_YAML_NODES),
                self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    _("lists and mappings nested more than {depth} deep").format(depth=MAX_NESTING),
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _too_deep(data: Any) -> bool:
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_NESTING:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def read_text(
    path: Path, *, encoding: str | None, max_bytes: int, error: ErrorType, what: str
) -> str:
    """Read a whole small text file strictly: bounded size, known encoding, no control bytes.

    Args:
        path: the file.
        encoding: the encoding to use, or ``None`` to detect it.
        max_bytes: the largest size accepted.
        error: the error class to raise.
        what: the file's role in messages ("data file", "mapping file").
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise error(
            _("cannot read the {what}: {error}").format(what=what, error=exc.strerror or exc),
            file=path,
        ) from None
    if len(raw) > max_bytes:
        raise error(
            _("the {what} is larger than {size} MB").format(
                what=what, size=max_bytes // (1024 * 1024)
            ),
            file=path,
        )
    name = choose_encoding(raw, encoding, complete=True, file=path, error=error)
    text = raw.decode(name, errors=BAD_BYTES_HANDLER)
    text = text.removeprefix("\ufeff")
    for number, line in enumerate(text.split("\n"), start=1):
        bad = bad_bytes_in(line)
        if bad:
            raise error(
                _("bytes {bytes} are not valid {encoding} text").format(
                    bytes=hex_bytes(bad), encoding=name
                ),
                file=path,
                line=number,
                hint=_("Save the file as UTF-8, or give its encoding with --encoding."),
            )
        control = first_control(line)
        if control is not None:
            raise error(
                _("the file holds a control character U+{code:04X}").format(code=ord(control)),
                file=path,
                line=number,
            )
    return text


def load_structured(
    path: Path,
    *,
    encoding: str | None = None,
    error: ErrorType,
    what: str,
    max_bytes: int = MAX_VALUES_FILE_BYTES,
) -> Any:
    """Read a JSON (``.json``) or YAML file within bounds; errors name the file and line.

    YAML aliases are refused (no "billion laughs"), nesting is bounded, numbers too long to
    convert are refused.
    """
    text = read_text(path, encoding=encoding, max_bytes=max_bytes, error=error, what=what)
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=_BoundedLoader)  # a SafeLoader subclass
    except json.JSONDecodeError as exc:
        raise error(
            _("not valid JSON: {error}").format(error=exc.msg), file=path, line=exc.lineno
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error(
            _("not valid YAML: {error}").format(error=getattr(exc, "problem", None) or exc),
            file=path,
            line=mark.line + 1 if mark is not None else None,
        ) from None
    except RecursionError:
        raise error(
            _("lists and mappings nested more than {depth} deep").format(depth=MAX_NESTING),
            file=path,
        ) from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer of 10,000 digits
        raise error(_("a value cannot be read: {error}").format(error=exc), file=path) from None
    if _too_deep(data):
        raise error(
            _("lists and mappings nested more than {depth} deep").format(depth=MAX_NESTING),
            file=path,
        )
    _check_strings(data, path, error)
    return data


def _check_strings(data: Any, path: Path, error: ErrorType) -> None:
    """Refuse control characters in keys and values (JSON escapes included), NaN and infinity."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                name = f"{where}.{key}" if where else str(key)
                stack.append((key, name))
                stack.append((value, name))
        elif isinstance(item, list):
            stack.extend((value, f"{where}[{i}]") for i, value in enumerate(item))
        elif isinstance(item, float) and not math.isfinite(item):
            raise error(
                _("the value {value} is not a finite number").format(value=item),
                file=path,
                field=where or None,
            )
        elif isinstance(item, str):
            control = first_control(item)
            if control is not None:
                raise error(
                    _("the value holds a control character U+{code:04X}").format(code=ord(control)),
                    file=path,
                    field=where or None,
                )
