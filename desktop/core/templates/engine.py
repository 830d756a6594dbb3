"""Sandboxed, strict Jinja for templates, where every field value is printed as literal data.

Context values are wrapped in tagged types that remember their field and their text formatted
for the letter's language. The environment's ``finalize`` turns every printed value into
``MARK_OPEN index MARK_SEP escaped-text MARK_CLOSE``: the text has all ASCII punctuation
backslash-escaped, so the Markdown parser cannot read a value as markup, and the private-use
markers let compose tag those runs with the field they came from. Jinja never re-evaluates a
value, so ``{{ 7*7 }}`` inside a value stays those seven characters.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2 import Template as JinjaTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from desktop.core.errors import TemplateError

MARK_OPEN = "\ue000"
MARK_SEP = "\ue001"
MARK_CLOSE = "\ue002"
TEMPLATE_INDEX = "t"
GLOBAL_NAMES = frozenset(
    {"today", "org", "loop", "range", "lipsum", "dict", "cycler", "joiner", "namespace"}
)
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MARKED = re.compile(f"{MARK_OPEN}([^{MARK_SEP}]*){MARK_SEP}([^{MARK_CLOSE}]*){MARK_CLOSE}")


class FieldText(str):
    """A text value that remembers its field (index) and its display text."""

    _missiva: tuple[str, str]


class FieldDecimal(Decimal):
    """A money or number value that remembers its field and display text."""

    _missiva: tuple[str, str]


class FieldDate(dt.date):
    """A date value that remembers its field and display text."""

    _missiva: tuple[str, str]


class FieldList(list):  # type: ignore[type-arg]
    """A list value; its items are FieldText of the same field."""

    _missiva: tuple[str, str]


def tag(value: Any, index: str, display: str) -> Any:
    """Wrap a typed value so the renderer knows its field index and display text."""
    tagged: Any
    if isinstance(value, bool) or value is None:
        return value  # cannot subclass bool; None tests falsy in {% if %}
    if isinstance(value, list):
        tagged = FieldList(tag(str(item), index, str(item)) for item in value)
    elif isinstance(value, Decimal):
        tagged = FieldDecimal(value)
    elif isinstance(value, dt.date):
        tagged = FieldDate(value.year, value.month, value.day)
    else:
        tagged = FieldText(str(value))
    tagged._missiva = (index, display)
    return tagged


def escape_markdown(text: str) -> str:
    """Backslash-escape ASCII punctuation and turn line breaks into Markdown hard breaks."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    escaped = [_PUNCTUATION.sub(r"\\\1", line) for line in lines if line]
    return "\\\n".join(escaped)


def _finalize(value: Any) -> str:
    if value is None:
        return ""
    marked = getattr(value, "_missiva", None)
    if marked is not None:
        index, display = marked
    elif isinstance(value, bool):
        index, display = TEMPLATE_INDEX, "✓" if value else ""
    else:
        index, display = TEMPLATE_INDEX, str(value)
    if not display:
        return ""
    return f"{MARK_OPEN}{index}{MARK_SEP}{escape_markdown(display)}{MARK_CLOSE}"


def make_environment() -> ImmutableSandboxedEnvironment:
    """Return the one sandboxed, strict environment every template is compiled in."""
    return ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def compile_source(
    env: ImmutableSandboxedEnvironment,
    source: str,
    *,
    declared: set[str],
    where: dict[str, Any],
    first_line: int,
) -> JinjaTemplate:
    """Compile template text; syntax errors and undeclared names name the file and line."""
    try:
        parsed = env.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"Jinja syntax error: {exc.message}", line=first_line + (exc.lineno or 1) - 1, **where
        ) from exc
    unknown = sorted(meta.find_undeclared_variables(parsed) - declared - GLOBAL_NAMES)
    if unknown:
        name = unknown[0]
        offset = next(
            (
                n
                for n, text in enumerate(source.splitlines())
                if re.search(rf"\b{re.escape(name)}\b", text)
            ),
            0,
        )
        raise TemplateError(
            f"'{name}' is used but not declared in the template's fields",
            line=first_line + offset,
            field=name,
            **where,
            hint="Declare it under 'fields:' or correct the spelling.",
        )
    return env.from_string(parsed)  # type: ignore[arg-type]


def render(template: JinjaTemplate, context: dict[str, Any], *, template_key: str) -> str:
    """Render a compiled template; a missing name or a sandbox refusal is a TemplateError."""
    try:
        return template.render(context)
    except UndefinedError as exc:
        raise TemplateError(f"undefined value: {exc.message}", template=template_key) from exc
    except SecurityError as exc:
        raise TemplateError(
            f"the template tried something the sandbox forbids: {exc}", template=template_key
        ) from exc
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise TemplateError(
            f"the template's logic failed on these values: {exc}", template=template_key
        ) from exc


def decode_plain(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Strip the markers from rendered plain text; return the text and (start, end, index) spans."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    length = 0
    position = 0
    for match in _MARKED.finditer(text):
        literal = text[position : match.start()]
        out.append(literal)
        length += len(literal)
        value = _UNESCAPE.sub(r"\1", match.group(2)).replace("\\\n", "\n")
        out.append(value)
        spans.append((length, length + len(value), match.group(1)))
        length += len(value)
        position = match.end()
    out.append(text[position:])
    return "".join(out), spans
