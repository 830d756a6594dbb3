"""The budget every template works within: file size, time, output and the size of its values.

A template is code written by staff (the user's template folder may be shared), so one bad file
must never hang or exhaust the app. The limits below are checked *while* rendering, before the
expensive step where one can be estimated (``'x' * 10**9`` is refused before the string is
built) and otherwise as work is done (the clock is read on every loop item, call, filter,
operator and piece of output). See docs/decisions/0016-template-budget.md.

Every limit is far above what a letter needs: the shipped templates produce a few kilobytes in
a few milliseconds.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from desktop.core.i18n import _

MAX_FILE_BYTES = 256 * 1024
"""A template file larger than this is refused (only this many bytes + 1 are ever read)."""
MAX_SECONDS = 5.0
"""Wall time for rendering one document (its subject, parts and body together)."""
PREVIEW_SECONDS = 1.0
"""Wall time for a preview with sample values (the window's template picker)."""
MAX_OUTPUT_CHARS = 2_000_000
"""Text one document may produce while rendering (macro and block text counts when made)."""
MAX_TEXT_CHARS = 1_000_000
"""The text size of any one value a template makes (a string, or a list as text)."""
MAX_ITEMS = 10_000
"""Items of ``range()`` and of any list or collection a template makes."""
MAX_INT_BITS = 16_384
"""Bits of an integer made by ``*`` or ``**`` (about 4,900 decimal digits)."""
MAX_INT_DIGITS = 4_300
"""Decimal digits of an integer made from a decimal number (Python's own text limit)."""
MAX_NESTING = 100
"""Levels of lists or mappings nested in one another in a value a template makes."""
MAX_LIPSUM_PARAGRAPHS = 20
"""``lipsum(n)``: the most paragraphs of placeholder text."""
MAX_LIPSUM_WORDS = 200
"""``lipsum(max=...)``: the most words in one paragraph of placeholder text."""


class BudgetExceeded(Exception):
    """A template went over one of the limits; the renderer turns it into a TemplateError."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def size_label(chars: int) -> str:
    """Return a size for messages: ``2 MB``, ``256 KB``, ``10,000 characters``."""
    if chars >= 1_000_000 and chars % 1_000_000 == 0:
        return f"{chars // 1_000_000} MB"
    if chars >= 1024 and chars % 1024 == 0:
        return f"{chars // 1024} KB"
    return f"{chars:,}"


class Budget:
    """The time and output allowance of one document's rendering.

    Args:
        seconds: wall time allowed from creation (default :data:`MAX_SECONDS`, or the value set
            by :func:`time_limit`).
        output_chars: text allowed to be produced (default :data:`MAX_OUTPUT_CHARS`).
    """

    def __init__(self, seconds: float | None = None, output_chars: int | None = None) -> None:
        self.seconds = seconds if seconds is not None else _DEFAULT_SECONDS.get()
        self.deadline = time.monotonic() + self.seconds
        self.output_chars = output_chars if output_chars is not None else MAX_OUTPUT_CHARS
        self.produced = 0

    def tick(self) -> None:
        """Raise BudgetExceeded once the wall time is spent."""
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(
                _("rendering takes longer than {seconds:g} seconds (a runaway loop?)").format(
                    seconds=self.seconds
                )
            )

    def charge(self, chars: int) -> None:
        """Count produced text; raise BudgetExceeded past the output limit (and on timeout)."""
        self.produced += chars
        if self.produced > self.output_chars:
            raise BudgetExceeded(
                _("output exceeds {size}").format(size=size_label(self.output_chars))
            )
        self.tick()

    @contextlib.contextmanager
    def active(self) -> Iterator[Budget]:
        """Make this the budget the sandbox charges (per thread and per context)."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)


_ACTIVE: ContextVar[Budget | None] = ContextVar("missiva_template_budget", default=None)
_DEFAULT_SECONDS: ContextVar[float] = ContextVar("missiva_template_seconds", default=MAX_SECONDS)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Give renders started inside the block ``seconds`` of wall time (previews use less)."""
    token = _DEFAULT_SECONDS.set(min(seconds, MAX_SECONDS))
    try:
        yield
    finally:
        _DEFAULT_SECONDS.reset(token)


def current() -> Budget:
    """Return the active budget; outside a render nothing may run (compile-time folding)."""
    budget = _ACTIVE.get()
    if budget is None:
        raise BudgetExceeded(_("template code ran outside a render"))
    return budget


def too_long(what: str, size: int, limit: int = MAX_TEXT_CHARS) -> BudgetExceeded:
    """Return the error for a value over a size limit."""
    return BudgetExceeded(
        _("{what} would make {size} characters, over the limit of {limit}").format(
            what=what, size=f"{size:,}", limit=f"{limit:,}"
        )
    )


def too_many(what: str, count: int) -> BudgetExceeded:
    """Return the error for a collection over the item limit."""
    return BudgetExceeded(
        _("{what} would have {count} items, over the limit of {limit}").format(
            what=what, count=f"{count:,}", limit=f"{MAX_ITEMS:,}"
        )
    )


def text_size(value: Any, limit: int = MAX_TEXT_CHARS) -> int:
    """Return about how many characters ``str(value)`` has, stopping once past ``limit``.

    Containers are walked without being converted (a list of ten thousand references to one
    long string is not printed to be measured), each distinct container once (its size is
    remembered for its other references), so the work is bounded by ``limit``. A container over
    :data:`MAX_ITEMS` items, or nested too deeply to walk, raises BudgetExceeded.
    """
    if isinstance(value, str):
        return len(value)
    try:
        return _size(value, limit, {}, 0)
    except RecursionError:
        raise BudgetExceeded(_("a value is nested too deeply")) from None


def _size(item: Any, limit: int, known: dict[int, int], depth: int) -> int:
    if isinstance(item, str):
        return len(item) + 2
    if isinstance(item, (bytes, bytearray)):
        return len(item) + 3
    if isinstance(item, (list, tuple, set, frozenset, dict)):
        seen = known.get(id(item))
        if seen is not None:
            return seen
        if len(item) > MAX_ITEMS:
            raise too_many(_("a collection"), len(item))
        if depth >= MAX_NESTING:
            raise BudgetExceeded(
                _("a value nests lists or mappings more than {levels} levels deep").format(
                    levels=MAX_NESTING
                )
            )
        total = 2 + 2 * len(item)
        children = item.items() if isinstance(item, dict) else item
        for child in children:
            if total > limit:
                break
            total += _size(child, limit, known, depth + 1)
        known[id(item)] = total
        return total
    if isinstance(item, bool) or item is None:
        return 5
    if isinstance(item, int):
        return item.bit_length() * 30103 // 100000 + 2
    if type(item).__name__ == "Namespace":
        attrs = dict(getattr(item, "_Namespace__attrs", {}))
        return 14 + _size(attrs, limit, known, depth + 1)
    return 40


def check_size(value: Any, what: str) -> Any:
    """Return ``value`` if its text size is within :data:`MAX_TEXT_CHARS`, else raise."""
    size = text_size(value)
    if size > MAX_TEXT_CHARS:
        raise too_long(what, size)
    return value


def take(iterable: Iterable[Any], what: str) -> list[Any]:
    """Return the items of ``iterable`` as a list, refusing more than :data:`MAX_ITEMS`."""
    if isinstance(iterable, (list, tuple)):
        if len(iterable) > MAX_ITEMS:
            raise too_many(what, len(iterable))
        return list(iterable)
    items: list[Any] = []
    budget = current()
    for item in iterable:
        items.append(item)
        if len(items) > MAX_ITEMS:
            raise too_many(what, len(items))
        budget.tick()
    return items
