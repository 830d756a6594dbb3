"""Build the text that proofing sees from a Document, with where each stretch came from.

Subject, salutation, body (paragraphs, list items, table cells) and closing are checked; the
inside address and the signature block are data (names, addresses) and are left out. Body runs
carry their origin; in the header parts, occurrences of field values are marked as fields.
"""

from __future__ import annotations

import itertools

from desktop.core.models import (
    FIELD_ORIGIN_PREFIX,
    ORIGIN_TEMPLATE,
    Document,
    ListBlock,
    Paragraph,
    Run,
)


class _Builder:
    def __init__(self, field_values: dict[str, str]) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, str]] = []
        self.length = 0
        self.values = sorted(
            ((name, value) for name, value in field_values.items() if value and value.strip()),
            key=lambda item: len(item[1]),
            reverse=True,
        )

    def add(self, text: str, origin: str) -> None:
        if not text:
            return
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        if origin == ORIGIN_TEMPLATE and not origin.startswith(FIELD_ORIGIN_PREFIX):
            self._mark_values(text, start)
        self.spans.append((start, self.length, origin))

    def _mark_values(self, text: str, start: int) -> None:
        taken: list[tuple[int, int]] = []
        for name, value in self.values:
            index = text.find(value)
            while index >= 0:
                span = (start + index, start + index + len(value))
                if not any(a < span[1] and span[0] < b for a, b in taken):
                    taken.append(span)
                    self.spans.append((*span, FIELD_ORIGIN_PREFIX + name))
                index = text.find(value, index + len(value))

    def runs(self, runs: tuple[Run, ...]) -> None:
        for run in runs:
            self.add(run.text, run.origin)

    def separator(self, text: str = "\n\n") -> None:
        if self.parts:
            self.add(text, "")

    def result(self) -> tuple[str, list[tuple[int, int, str]]]:
        spans = [s for s in self.spans if s[2]]
        # field spans inside a template span win: order so the innermost comes last per start
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        return "".join(self.parts), _flatten(spans)


def _flatten(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Turn nested spans (a field inside template text) into non-overlapping ones."""
    points = sorted({p for s, e, _o in spans for p in (s, e)})
    flat: list[tuple[int, int, str]] = []
    for start, end in itertools.pairwise(points):
        covering = [s for s in spans if s[0] <= start and end <= s[1]]
        if not covering:
            continue
        inner = min(covering, key=lambda s: s[1] - s[0])
        if flat and flat[-1][1] == start and flat[-1][2] == inner[2]:
            flat[-1] = (flat[-1][0], end, inner[2])
        else:
            flat.append((start, end, inner[2]))
    return flat


def document_text(doc: Document) -> tuple[str, list[tuple[int, int, str]]]:
    """Return the text to proof and its (start, end, origin) spans."""
    values = dict(doc.field_values)
    for run in doc.iter_runs():
        if run.origin.startswith(FIELD_ORIGIN_PREFIX) and run.text.strip():
            values.setdefault(run.origin[len(FIELD_ORIGIN_PREFIX) :], run.text)
    builder = _Builder(values)
    if doc.subject:
        builder.add(doc.subject, ORIGIN_TEMPLATE)
    if doc.salutation:
        builder.separator()
        builder.add(doc.salutation, ORIGIN_TEMPLATE)
    for block in doc.body:
        builder.separator()
        if isinstance(block, Paragraph):
            builder.runs(block.runs)
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items):
                if number:
                    builder.separator("\n")
                builder.runs(item)
        else:
            for row_number, row in enumerate(block.rows):
                if row_number:
                    builder.separator("\n")
                for cell_number, cell in enumerate(row):
                    if cell_number:
                        builder.separator("\n")
                    builder.runs(cell)
    if doc.closing:
        builder.separator()
        builder.add(doc.closing, ORIGIN_TEMPLATE)
    return builder.result()
