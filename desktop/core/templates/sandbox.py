"""The budgeted Jinja sandbox: Jinja's immutable sandbox plus the limits of :mod:`.limits`.

What is hooked, and how:

- **Loops**: before code generation every ``{% for %}`` iterable is wrapped in
  ``environment.missiva_loop(...)``, a generator that reads the clock on every item.
- **Output**: the code generator routes every piece of output (literal text, printed values,
  filter and call blocks, in the top level and inside macros and ``{% set %}`` blocks) through
  ``environment.missiva_out``, which counts it against the document's output budget.
- **Calls, operators, filters**: ``call``, ``call_binop`` (every arithmetic operator is
  intercepted) and a wrapper around each filter read the clock, refuse arguments that would
  make a value over the limits (a width of a billion, a repetition count, an exponent), and
  measure what they return. Filters are marked as needing the render context, so Jinja never
  runs them at compile time (constant folding would run ``'x'|center(10**9)`` while loading).
- ``~`` (concatenation) measures its parts; ``range`` and ``lipsum`` are capped; ``str.format``
  and ``%`` formatting check widths and precisions first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from string import Formatter
from typing import Any

from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from jinja2.utils import generate_lorem_ipsum
from markupsafe import EscapeFormatter, Markup

from desktop.core.i18n import _
from desktop.core.templates.limits import (
    MAX_INT_BITS,
    MAX_INT_DIGITS,
    MAX_ITEMS,
    MAX_LIPSUM_PARAGRAPHS,
    MAX_LIPSUM_WORDS,
    MAX_TEXT_CHARS,
    BudgetExceeded,
    check_size,
    current,
    take,
    text_size,
    too_long,
    too_many,
)

LOOP_HOOK = "missiva_loop"
OUT_HOOK = "missiva_out"
CONCAT_HOOK = "missiva_concat"
SIZE_HOOK = "missiva_sized"
_ARITHMETIC = frozenset({"+", "-", "*", "/", "//", "%", "**"})
_SEQUENCES = (str, bytes, list, tuple)
_PERCENT_SPEC = re.compile(
    r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])"
)
_DIGITS = re.compile(r"\d+")
_INT_CONVERSIONS = frozenset("diouxXc")


def _number(digits: str) -> int:
    """Return a run of digits as an int without converting absurdly long runs."""
    return MAX_TEXT_CHARS + 1 if len(digits) > 9 else int(digits)


def _check_decimal(value: Any, what: str) -> None:
    """Refuse turning a decimal with a huge exponent into an integer (minutes of work)."""
    if isinstance(value, Decimal) and value.is_finite() and value.adjusted() > MAX_INT_DIGITS:
        raise BudgetExceeded(
            _("{what}: the number has more than {digits} digits").format(
                what=what, digits=f"{MAX_INT_DIGITS:,}"
            )
        )


def _percent_estimate(fmt: str, args: Any) -> int:
    """Estimate the length of ``fmt % args`` from its widths, precisions and arguments."""
    values = list(args.values()) if isinstance(args, dict) else args
    values = values if isinstance(values, tuple) else [values]
    estimate = len(fmt) + text_size(args)
    star = False
    for width, precision, conversion in _PERCENT_SPEC.findall(fmt):
        for number in (width, precision):
            if number == "*":
                star = True
            elif number:
                estimate += _number(number)
        if conversion in _INT_CONVERSIONS:
            for value in values:
                _check_decimal(value, _("'%' formatting"))
    if star:
        estimate += sum(abs(v) for v in values if isinstance(v, int) and v.bit_length() < 64)
    return estimate


def check_percent(fmt: Any, args: Any) -> None:
    """Refuse ``fmt % args`` whose result would be over the text limit."""
    if isinstance(fmt, (str, bytes)):
        text = fmt if isinstance(fmt, str) else fmt.decode("latin-1")
        estimate = _percent_estimate(text, args)
        if estimate > MAX_TEXT_CHARS:
            raise too_long(_("'%' formatting"), estimate)


def _check_repeat(sequence: Any, count: int) -> None:
    if count <= 0:
        return
    if isinstance(sequence, (str, bytes)):
        size = len(sequence) * count
        if size > MAX_TEXT_CHARS:
            raise too_long(_("repeating a text {count} times").format(count=f"{count:,}"), size)
        return
    items = len(sequence) * count
    if items > MAX_ITEMS:
        raise too_many(_("repeating a list {count} times").format(count=f"{count:,}"), items)
    size = text_size(sequence) * count
    if size > MAX_TEXT_CHARS:
        raise too_long(_("repeating a list {count} times").format(count=f"{count:,}"), size)


def _check_int_bits(bits: int, operator: str) -> None:
    if bits > MAX_INT_BITS:
        raise BudgetExceeded(
            _(
                "'{operator}' would make a number of about {bits} bits, over the limit of {limit}"
            ).format(operator=operator, bits=f"{bits:,}", limit=f"{MAX_INT_BITS:,}")
        )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an arithmetic operation whose result would be over the limits, before it runs."""
    if operator == "*":
        if isinstance(left, _SEQUENCES) and isinstance(right, int):
            _check_repeat(left, right)
        elif isinstance(right, _SEQUENCES) and isinstance(left, int):
            _check_repeat(right, left)
        elif _is_int(left) and _is_int(right):
            _check_int_bits(left.bit_length() + right.bit_length(), "*")
    elif operator == "+":
        if isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
            lists = isinstance(left, (list, tuple)) and isinstance(right, (list, tuple))
            if lists and len(left) + len(right) > MAX_ITEMS:
                raise too_many(_("joining two lists"), len(left) + len(right))
            size = text_size(left) + text_size(right)
            if size > MAX_TEXT_CHARS:
                raise too_long(_("'+'"), size)
    elif operator == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            _check_int_bits(right * left.bit_length(), "**")
    elif operator == "%":
        check_percent(left, right)


class _BudgetFormatter(SandboxedFormatter):
    """``str.format`` in the sandbox, refusing huge widths and counting what it makes."""

    def __init__(self, env: Any, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)
        self.produced = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        """Check the spec's numbers (width, precision) and the value, then format."""
        for digits in _DIGITS.findall(format_spec):
            if _number(digits) > MAX_TEXT_CHARS:
                raise too_long(_("a format width or precision"), _number(digits))
        if "d" in format_spec or "n" in format_spec:
            _check_decimal(value, _("formatting"))
        check_size(value, _("a formatted value"))
        text = super().format_field(value, format_spec)
        self.produced += len(text)
        if self.produced > MAX_TEXT_CHARS:
            raise too_long(_("str.format"), self.produced)
        current().tick()
        return text


class _BudgetEscapeFormatter(_BudgetFormatter, EscapeFormatter):  # type: ignore[misc]
    pass


def _first(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str) -> Any:
    """Return a call's argument by position or by name (None when absent)."""
    if len(args) > index:
        return args[index]
    return kwargs.get(name)


def _check_width(width: Any, what: str, base: int = 0) -> None:
    if isinstance(width, int) and width + base > MAX_TEXT_CHARS:
        raise too_long(what, width + base)


def _check_replace(text: Any, old: Any, new: Any, count: Any) -> None:
    if not isinstance(text, (str, bytes)) or not isinstance(new, (str, bytes)):
        return
    if not isinstance(old, (str, bytes)):
        return
    hits = len(text) + 1 if not old else text.count(old)  # type: ignore[arg-type]
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    size = len(text) + hits * len(new)
    if size > MAX_TEXT_CHARS:
        raise too_long(_("replace"), size)


def _check_join(separator: Any, items: list[Any]) -> None:
    size = sum(text_size(item) for item in items) + max(len(items) - 1, 0) * len(str(separator))
    if size > MAX_TEXT_CHARS:
        raise too_long(_("join"), size)


def _check_method(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Refuse a str, bytes, int or Decimal method call that would make a huge value.

    Returns the arguments to call with (a joined iterable is read once, to be measured).
    """
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, (str, bytes)):
        what = f"{name}()"
        if name in ("center", "ljust", "rjust", "zfill"):
            _check_width(_first(args, kwargs, 0, "width"), what)
        elif name == "expandtabs":
            size = _first(args, kwargs, 0, "tabsize")
            tabs = owner.count("\t" if isinstance(owner, str) else b"\t")  # type: ignore[arg-type]
            if isinstance(size, int):
                _check_width(size * tabs, what, len(owner))
        elif name == "replace":
            _check_replace(
                owner,
                _first(args, kwargs, 0, "old"),
                _first(args, kwargs, 1, "new"),
                _first(args, kwargs, 2, "count"),
            )
        elif name == "join" and args:
            items = take(args[0], what)
            _check_join(owner, items)
            return (items, *args[1:])
        elif name == "translate" and args and isinstance(args[0], dict):
            longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
            _check_width(len(owner) * longest, what)
    elif _is_int(owner) and name == "to_bytes":
        _check_width(_first(args, kwargs, 0, "length"), what="to_bytes()")
    elif isinstance(owner, Decimal) and name == "as_integer_ratio":
        _check_decimal(owner, "as_integer_ratio()")
    return args


# Filters: checks on their arguments before they run (value first, context already removed).
def _filter_center(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    _check_width(_first(args, kwargs, 1, "width"), "center")


def _filter_indent(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    width = _first(args, kwargs, 1, "width")
    text = str(args[0]) if args else ""
    per_line = len(width) if isinstance(width, str) else width
    if isinstance(per_line, int):
        _check_width(per_line * (text.count("\n") + 1), "indent", len(text))


def _filter_wordwrap(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    text = str(args[0]) if args else ""
    width = _first(args, kwargs, 1, "width")
    wrap = _first(args, kwargs, 3, "wrapstring") or "\n"
    lines = len(text) // max(width if isinstance(width, int) else 1, 1) + text.count("\n") + 1
    _check_width(lines * len(str(wrap)), "wordwrap", len(text))


def _filter_replace(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if args:
        _check_replace(
            str(args[0]),
            _first(args, kwargs, 1, "old"),
            _first(args, kwargs, 2, "new"),
            _first(args, kwargs, 3, "count"),
        )


def _filter_join(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    items = take(args[0], "join") if args else []
    _check_join(_first(args, kwargs, 1, "d") or "", items)
    return (items, *args[1:])


def _filter_format(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if args:
        check_percent(str(args[0]), kwargs or tuple(args[1:]))


def _filter_sum(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    items = take(args[0], "sum") if args else []
    start = _first(args, kwargs, 2, "start")
    if isinstance(start, _SEQUENCES) or any(isinstance(i, _SEQUENCES) for i in items):
        if sum(len(i) for i in items if isinstance(i, _SEQUENCES)) > MAX_ITEMS:
            raise too_many("sum", sum(len(i) for i in items if isinstance(i, _SEQUENCES)))
        check_size([start, items], "sum")
    return (items, *args[1:])


def _filter_slice(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    slices = _first(args, kwargs, 1, "slices")
    if isinstance(slices, int) and slices > MAX_ITEMS:
        raise too_many("slice", slices)


def _filter_batch(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    count = _first(args, kwargs, 1, "linecount")
    filled = _first(args, kwargs, 2, "fill_with") is not None
    if filled and isinstance(count, int) and count > MAX_ITEMS:
        raise too_many("batch", count)


def _filter_tojson(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    indent = _first(args, kwargs, 1, "indent")
    step = len(indent) if isinstance(indent, str) else indent if isinstance(indent, int) else 0
    if step > 16:
        raise BudgetExceeded(_("tojson: indent is at most 16"))
    depth, nodes_count = _shape(args[0] if args else None)
    _check_width(nodes_count * depth * step, "tojson", text_size(args[0] if args else None))


def _filter_urlize(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    extras = (_first(args, kwargs, 3, "target"), _first(args, kwargs, 4, "rel"))
    if sum(len(str(e)) for e in extras if e) > 256:
        raise BudgetExceeded(_("urlize: target and rel are at most 256 characters"))


def _filter_int(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if args:
        _check_decimal(args[0], "int")


def _shape(value: Any) -> tuple[int, int]:
    """Return (depth, number of containers and items) of a value, within the item limit."""
    depth = 0
    count = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack and count <= MAX_ITEMS * 10:
        item, level = stack.pop()
        count += 1
        depth = max(depth, level)
        if isinstance(item, (list, tuple, dict)):
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return depth, count


_FILTER_CHECKS: dict[str, Callable[[tuple[Any, ...], dict[str, Any]], Any]] = {
    "center": _filter_center,
    "indent": _filter_indent,
    "wordwrap": _filter_wordwrap,
    "replace": _filter_replace,
    "join": _filter_join,
    "format": _filter_format,
    "sum": _filter_sum,
    "slice": _filter_slice,
    "batch": _filter_batch,
    "tojson": _filter_tojson,
    "urlize": _filter_urlize,
    "int": _filter_int,
}


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter: clock, argument checks, and the size of its result."""
    pass_arg = getattr(getattr(func, "jinja_pass_arg", None), "name", None)
    check = _FILTER_CHECKS.get(name)

    @pass_context
    @functools.wraps(func)
    def guarded(context: Any, *args: Any, **kwargs: Any) -> Any:
        current().tick()
        if args:  # many filters turn their value into text first: it must be in bounds
            check_size(args[0], _("the value given to '{name}'").format(name=name))
        if check is not None:
            args = check(args, kwargs) or args
        if pass_arg == "context":
            result = func(context, *args, **kwargs)
        elif pass_arg == "eval_context":
            result = func(context.eval_ctx, *args, **kwargs)
        elif pass_arg == "environment":
            result = func(context.environment, *args, **kwargs)
        else:
            result = func(*args, **kwargs)
        return check_size(result, _("the filter '{name}'").format(name=name))

    return guarded


def budget_range(*args: int) -> range:
    """``range()`` of at most :data:`MAX_ITEMS` items."""
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:
        count = MAX_ITEMS + 1
    if count > MAX_ITEMS:
        raise BudgetExceeded(
            _("range() of {count} items is over the limit of {limit}").format(
                count=f"{count:,}" if count <= MAX_ITEMS * 10**6 else _("too many"),
                limit=f"{MAX_ITEMS:,}",
            )
        )
    return numbers


def budget_lipsum(n: int = 5, html: bool = False, min: int = 20, max: int = 100) -> str:
    """Return placeholder text: ``lipsum()`` with the paragraphs and words capped.

    At most :data:`MAX_LIPSUM_PARAGRAPHS` paragraphs of at most :data:`MAX_LIPSUM_WORDS` words;
    plain text by default (a letter is not HTML).
    """
    if not all(isinstance(v, int) for v in (n, min, max)):
        raise TypeError("lipsum() takes whole numbers")
    if n > MAX_LIPSUM_PARAGRAPHS or max > MAX_LIPSUM_WORDS or min > max:
        raise BudgetExceeded(
            _("lipsum() makes at most {n} paragraphs of at most {words} words").format(
                n=MAX_LIPSUM_PARAGRAPHS, words=MAX_LIPSUM_WORDS
            )
        )
    return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))


class BudgetCodeGenerator(CodeGenerator):
    """Jinja's code generator with the budget's hooks around loops, output and ``~``."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        """Wrap every loop's iterable in the clock-reading loop hook, then generate."""
        for loop in node.find_all(nodes.For):
            hooked = isinstance(loop.iter, nodes.Call) and isinstance(
                loop.iter.node, nodes.EnvironmentAttribute
            )
            if not hooked or loop.iter.node.name != LOOP_HOOK:  # type: ignore[attr-defined]
                loop.iter = nodes.Call(
                    nodes.EnvironmentAttribute(LOOP_HOOK, lineno=loop.lineno),
                    [loop.iter],
                    [],
                    None,
                    None,
                    lineno=loop.lineno,
                )
        super().visit_Template(node, frame)

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.{OUT_HOOK}({super()._output_const_repr(group)})"

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write(f"environment.{OUT_HOOK}(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    def start_write(self, frame: Frame, node: nodes.Node | None = None) -> None:
        """Begin writing output (filter and call blocks, blocks) through the output hook."""
        super().start_write(frame, node)
        self.write(f"environment.{OUT_HOOK}(")

    def end_write(self, frame: Frame) -> None:
        """Close the output hook opened by :meth:`start_write`."""
        self.write(")")
        super().end_write(frame)

    def _measured(self, visit: Callable[[Any, Frame], None], node: Any, frame: Frame) -> None:
        self.write(f"environment.{SIZE_HOOK}(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        """Generate a list literal, measured (nested literals could share parts exponentially)."""
        self._measured(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        """Generate a dict literal, measured."""
        self._measured(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        """Generate a tuple literal, measured (a tuple being assigned to is left alone)."""
        if node.ctx == "load":
            self._measured(super().visit_Tuple, node, frame)
        else:
            super().visit_Tuple(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """Generate ``a ~ b`` as a call of the measuring concatenation hook."""
        self.write(f"environment.{CONCAT_HOOK}((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BudgetSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with every arithmetic operator, call and filter budgeted."""

    intercepted_binops = _ARITHMETIC
    code_generator_class = BudgetCodeGenerator

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.optimized = False  # no compile-time evaluation of template expressions
        self.globals["range"] = budget_range
        self.globals["lipsum"] = budget_lipsum
        self.filters = {name: _guard_filter(name, f) for name, f in self.filters.items()}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Check the operands against the limits, compute, and measure the result."""
        current().tick()
        check_binop(operator, left, right)
        return check_size(
            super().call_binop(context, operator, left, right),
            _("'{operator}'").format(operator=operator),
        )

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Check a call against the limits, call it, and measure the result."""
        current().tick()
        args = _check_method(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        return check_size(result, _("a call's result"))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format``/``format_map`` through a formatter that checks widths and sizes."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner: str = value.__self__
        is_map = value.__name__ == "format_map"

        def budgeted(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            formatter: Formatter
            if isinstance(owner, Markup):
                formatter = _BudgetEscapeFormatter(self, escape=owner.escape)
            else:
                formatter = _BudgetFormatter(self)
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(budgeted, value)

    def missiva_loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """Iterate a ``{% for %}`` loop's items, reading the clock on each."""
        budget = current()
        for item in iterable:
            budget.tick()
            yield item

    def missiva_out(self, text: Any) -> Any:
        """Count a piece of output against the document's output budget."""
        size = len(text) if isinstance(text, str) else text_size(text)
        current().charge(size)
        return text

    def missiva_sized(self, value: Any) -> Any:
        """Return a list, tuple or dict literal's value if its text size is within the limit."""
        current().tick()
        return check_size(value, _("a list or mapping"))

    def missiva_concat(self, values: tuple[Any, ...]) -> str:
        """Join the parts of ``a ~ b`` as text, once their size is known to be in bounds."""
        current().tick()
        size = sum(text_size(value) for value in values)
        if size > MAX_TEXT_CHARS:
            raise too_long("'~'", size)
        return "".join(str(value) for value in values)
