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
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2 import Template as JinjaTemplate
from jinja2.sandbox import SecurityError

from desktop.core.errors import TemplateError
from desktop.core.i18n import _
from desktop.core.templates.limits import Budget, BudgetExceeded, check_size
from desktop.core.templates.sandbox import BudgetSandbox

MARK_OPEN = "\ue000"
MARK_SEP = "\ue001"
MARK_CLOSE = "\ue002"
TEMPLATE_INDEX = "t"
ORG_INDEX = "o"  # the organisation name: data, like a field value
GLOBAL_NAMES = frozenset(
    {"today", "org", "loop", "range", "lipsum", "dict", "cycler", "joiner", "namespace"}
)
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_NO_MARKERS = str.maketrans("", "", MARK_OPEN + MARK_SEP + MARK_CLOSE)
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


class FieldBool(int):
    """A yes/no value (an int 0/1, since bool cannot be subclassed) with field and display text.

    ``{% if x %}`` and ``x == true`` behave as for a bool; ``{{ x }}`` prints the language's
    yes/no word.
    """

    _missiva: tuple[str, str]


class FieldList(list):  # type: ignore[type-arg]
    """A list value; its items are FieldText of the same field."""

    _missiva: tuple[str, str]


def tag(value: Any, index: str, display: str) -> Any:
    """Wrap a typed value so the renderer knows its field index and display text."""
    tagged: Any
    if value is None:
        return value  # None tests falsy in {% if %} and prints nothing
    if isinstance(value, bool):
        tagged = FieldBool(value)
    elif isinstance(value, list):
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
    text = text.translate(_NO_MARKERS).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
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
        index, display = TEMPLATE_INDEX, str(check_size(value, _("a printed value")))
    if not display:
        return ""
    return f"{MARK_OPEN}{index}{MARK_SEP}{escape_markdown(display)}{MARK_CLOSE}"


Compiled = JinjaTemplate | str  # ready to render; a str (text without tags) renders as itself


def make_environment() -> BudgetSandbox:
    """Return the one sandboxed, strict, budgeted environment every template is compiled in."""
    return BudgetSandbox(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


ENVIRONMENT = make_environment()  # stateless and shared by every template (a constant)


def _name_line(parsed: nodes.Template, name: str) -> int:
    """Return the 1-based line (within the source) where ``name`` is first read."""
    lines = [n.lineno for n in parsed.find_all(nodes.Name) if n.name == name and n.ctx == "load"]
    return min(lines) if lines else 1


@functools.lru_cache(maxsize=4096)
def _analyse(source: str) -> tuple[nodes.Template, frozenset[str]]:
    """Parse a source once per process and find the names it reads (many parts repeat)."""
    parsed = ENVIRONMENT.parse(source)
    return parsed, frozenset(meta.find_undeclared_variables(parsed))


def check_source(
    source: str,
    *,
    declared: set[str],
    where: dict[str, Any],
    first_line: int | Callable[[], int],
) -> str:
    """Parse template text and check its names; return it, or raise naming file and line.

    ``first_line`` is the file line where ``source`` starts, or a function computing it (called
    only when there is an error to report, so the happy path does no extra work).
    """
    if "{" not in source:  # no tag at all: the text renders as itself
        return source

    def file_line(lineno: int) -> int:
        base = first_line() if callable(first_line) else first_line
        return base + max(lineno, 1) - 1

    try:
        parsed, names = _analyse(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            _("Jinja syntax error: {error}").format(error=exc.message),
            line=file_line(exc.lineno or 1),
            **where,
        ) from exc
    except (RecursionError, MemoryError) as exc:
        raise TemplateError(_("the Jinja code is nested too deeply"), **where) from exc
    unknown = sorted(names - declared - GLOBAL_NAMES)
    if unknown:
        name = unknown[0]
        message = _("'{name}' is used but not declared in the template's fields")
        if len(unknown) > 1:
            message = _(
                "'{name}' is used but not declared in the template's fields (also: {others})"
            )
        raise TemplateError(
            message.format(name=name, others=", ".join(unknown[1:])),
            line=file_line(_name_line(parsed, name)),
            field=name,
            **where,
            hint=_("Declare it under 'fields:' or correct the spelling."),
        )
    return source


@functools.lru_cache(maxsize=4096)
def _generate(source: str) -> JinjaTemplate:
    # The budget's code generator wraps loops in the parsed tree (once: it checks for its hook).
    return ENVIRONMENT.from_string(_analyse(source)[0])  # type: ignore[arg-type]


def generate(checked: str, where: dict[str, Any] | None = None) -> Compiled:
    """Return the compiled form of a checked source (code generated once per distinct text).

    ``where`` (file, template) names the place if Python cannot compile the generated code
    (nesting deeper than its compiler allows).
    """
    if "{" not in checked:
        return checked
    try:
        return _generate(checked)
    except (SyntaxError, RecursionError, MemoryError) as exc:
        raise TemplateError(_("the Jinja code is nested too deeply"), **(where or {})) from exc


def _template_line(exc: BaseException, template: JinjaTemplate) -> int | None:
    """Return the template line where ``exc`` was raised (the innermost template frame)."""
    line = None
    trace = exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = template.get_corresponding_lineno(trace.tb_lineno)
        trace = trace.tb_next
    return line


def render(
    template: Compiled,
    context: dict[str, Any],
    *,
    template_key: str,
    budget: Budget | None = None,
    file: str | None = None,
    first_line: int | Callable[[], int] | None = None,
) -> str:
    """Render a compiled template within a budget (see :mod:`.limits`).

    One ``budget`` is shared by the renders of one document; without one a fresh budget is
    used. A missing name, a sandbox refusal or a limit reached is a TemplateError naming the
    template, and when ``file`` and ``first_line`` (the file line where the source starts, or a
    function computing it) are given, the file and line.
    """
    budget = budget or Budget()
    error: BaseException
    try:
        with budget.active():
            if isinstance(template, str):  # text without tags renders as itself
                budget.charge(len(template))
                return template
            chunks = list(template.root_render_func(template.new_context(context)))
            return "".join(chunks)
    except BudgetExceeded as exc:
        message, error = exc.message, exc
    except RecursionError as exc:
        message, error = _("the template calls itself or nests too deeply"), exc
    except MemoryError as exc:
        message, error = _("the template ran out of memory"), exc
    except UndefinedError as exc:
        message, error = _("undefined value: {error}").format(error=exc.message), exc
    except SecurityError as exc:
        message = _("the template tried something the sandbox forbids: {error}").format(error=exc)
        error = exc
    except Exception as exc:  # any other failure of the template's code on these values
        message = _("the template's logic failed on these values: {error}").format(error=exc)
        error = exc
    line = None
    if file is not None and first_line is not None and not isinstance(template, str):
        found = _template_line(error, template)
        if found is not None:
            base = first_line() if callable(first_line) else first_line
            line = base + found - 1
    raise TemplateError(message, template=template_key, file=file, line=line) from error


def unescape_marked(text: str) -> str:
    """Undo the punctuation escaping inside value markers (the markers stay)."""

    def plain(match: re.Match[str]) -> str:
        value = _UNESCAPE.sub(r"\1", match.group(2))
        return f"{MARK_OPEN}{match.group(1)}{MARK_SEP}{value}{MARK_CLOSE}"

    return _MARKED.sub(plain, text)


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
