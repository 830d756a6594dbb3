"""Turn rendered Markdown, and the writer's edited plain text, into Document blocks.

Rendered Markdown (values inside private-use markers, their punctuation escaped) is parsed with
markdown-it-py into paragraphs, headings, lists and tables; runs from values are tagged
``field:<name>``. An edited body is plain text, taken literally: blank lines separate blocks and
list-looking lines make lists; stretches equal to a field's displayed value keep its origin.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from desktop.core.models import (
    ORIGIN_EDIT,
    ORIGIN_TEMPLATE,
    Block,
    Document,
    ListBlock,
    Paragraph,
    Run,
    Table,
    field_origin,
)
from desktop.core.templates.engine import (
    MARK_CLOSE,
    MARK_OPEN,
    MARK_SEP,
    ORG_INDEX,
    unescape_marked,
)

# Value markers inside a link destination, as markdown-it percent-encodes them.
_ENCODED_MARKS = re.compile(r"%EE%80%80[^%]*%EE%80%81|%EE%80%82")
_MARKER_SPLIT = re.compile(f"([{MARK_OPEN}{MARK_SEP}{MARK_CLOSE}])")
_LIST_LINE = re.compile(r"^(?:(?P<bullet>[-*•])|(?P<number>\d+)[.)])\s+(?P<text>.*)$")


@functools.cache
def _markdown() -> MarkdownIt:
    """Return the one Markdown parser (built once: configuring it costs more than a parse)."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass
class _RunBuilder:
    names: Sequence[str]
    runs: list[Run]
    bold: bool = False
    italic: bool = False
    link: str = ""
    origin: str = ORIGIN_TEMPLATE
    reading_index: bool = False
    index: str = ""
    buffer: str = ""

    def _flush(self) -> None:
        if not self.buffer:
            return
        last = self.runs[-1] if self.runs else None
        if last and (last.bold, last.italic, last.origin, last.link) == (
            self.bold,
            self.italic,
            self.origin,
            self.link,
        ):
            self.runs[-1] = Run(
                last.text + self.buffer, self.bold, self.italic, self.origin, self.link
            )
        else:
            self.runs.append(Run(self.buffer, self.bold, self.italic, self.origin, self.link))
        self.buffer = ""

    def text(self, text: str) -> None:
        # Stretches between marker characters are taken whole; the markers switch the state.
        for piece in _MARKER_SPLIT.split(text):
            if not piece:
                continue
            if self.reading_index:
                if piece == MARK_SEP:
                    self.reading_index = False
                    self._flush()
                    self.origin = _origin(self.index, self.names)
                else:
                    self.index += piece
            elif piece == MARK_OPEN:
                self._flush()
                self.reading_index, self.index = True, ""
            elif piece == MARK_CLOSE:
                self._flush()
                self.origin = ORIGIN_TEMPLATE
            else:
                self.buffer += piece

    def style(self, **changes: Any) -> None:
        self._flush()
        for key, value in changes.items():
            setattr(self, key, value)

    def finish(self) -> tuple[Run, ...]:
        self._flush()
        return tuple(self.runs)


def _origin(index: str, names: Sequence[str]) -> str:
    if index == ORG_INDEX:
        return field_origin("org")
    if index.isdigit() and int(index) < len(names):
        return field_origin(names[int(index)])
    return ORIGIN_TEMPLATE  # not a field this template has: text, never a value's origin


def _inline_runs(token: Token, names: Sequence[str]) -> tuple[Run, ...]:
    builder = _RunBuilder(names, [])
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "html_inline"):
            builder.text(child.content)
        elif kind == "code_inline":  # code spans keep backslashes: undo the value escaping
            builder.text(unescape_marked(child.content))
        elif kind == "softbreak":
            builder.text(" ")
        elif kind == "hardbreak":
            builder.text("\n")
        elif kind == "strong_open":
            builder.style(bold=True)
        elif kind == "strong_close":
            builder.style(bold=False)
        elif kind == "em_open":
            builder.style(italic=True)
        elif kind == "em_close":
            builder.style(italic=False)
        elif kind == "link_open":
            builder.style(link=_ENCODED_MARKS.sub("", str(child.attrs.get("href", ""))))
        elif kind == "link_close":
            builder.style(link="")
        elif kind == "image":
            builder.text(child.content)
    return builder.finish()


def markdown_blocks(markdown: str, names: Sequence[str]) -> tuple[Block, ...]:
    """Turn rendered Markdown (with value markers) into Document blocks."""
    tokens = _markdown().parse(markdown)
    blocks: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = min(int(token.tag[1]), 3)
            blocks.append(Paragraph(_inline_runs(tokens[index + 1], names), heading=level))
            index += 3
        elif token.type == "paragraph_open":
            blocks.append(Paragraph(_inline_runs(tokens[index + 1], names)))
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            index, block = _list(tokens, index, names)
            blocks.append(block)
        elif token.type == "table_open":
            index, table = _table(tokens, index, names)
            blocks.append(table)
        elif token.type in ("fence", "code_block"):
            blocks.append(Paragraph((Run(token.content.rstrip("\n")),)))
            index += 1
        else:
            index += 1
    return tuple(b for b in blocks if not (isinstance(b, Paragraph) and not b.text.strip()))


def _list(tokens: list[Token], start: int, names: Sequence[str]) -> tuple[int, ListBlock]:
    ordered = tokens[start].type == "ordered_list_open"
    close = "ordered_list_close" if ordered else "bullet_list_close"
    depth, index = 0, start + 1
    items: list[tuple[Run, ...]] = []
    level = tokens[start].level
    while index < len(tokens):
        token = tokens[index]
        if token.type == close and token.level == level:
            break
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "inline":
            runs = _inline_runs(token, names)
            if depth and runs:  # nested items are flattened with an indent
                runs = (Run("    " * depth + "• "), *runs)
            items.append(runs)
        index += 1
    return index + 1, ListBlock(tuple(items), ordered=ordered)


def _table(tokens: list[Token], start: int, names: Sequence[str]) -> tuple[int, Table]:
    rows: list[tuple[tuple[Run, ...], ...]] = []
    cells: list[tuple[Run, ...]] = []
    index = start + 1
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(_inline_runs(token, names))
        elif token.type == "tr_close":
            rows.append(tuple(cells))
        index += 1
    return index + 1, Table(tuple(rows), header=True)


def plain_text_blocks(text: str, field_values: Mapping[str, str]) -> tuple[Block, ...]:
    """Parse an edited body (plain text) into blocks; stretches equal to a field value are tagged."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = chunk.split("\n")
        matches = [_LIST_LINE.match(line.strip()) for line in lines]
        if all(matches):
            ordered = bool(matches[0] and matches[0].group("number"))
            items = tuple(_tag_values(m.group("text"), field_values) for m in matches if m)
            blocks.append(ListBlock(items, ordered=ordered))
        elif chunk.strip():
            blocks.append(Paragraph(_tag_values(chunk, field_values)))
    return tuple(blocks)


def _tag_values(text: str, field_values: Mapping[str, str]) -> tuple[Run, ...]:
    candidates = sorted(
        ((v, n) for n, v in field_values.items() if len(v) >= 2), key=lambda item: -len(item[0])
    )
    if not candidates:
        return (Run(text, origin=ORIGIN_EDIT),)
    pattern = re.compile("|".join(re.escape(v) for v, _n in candidates))
    by_value = {v: n for v, n in candidates}
    runs: list[Run] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position : match.start()], origin=ORIGIN_EDIT))
        runs.append(Run(match.group(0), origin=field_origin(by_value[match.group(0)])))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:], origin=ORIGIN_EDIT))
    return tuple(runs)


def body_to_plain_text(document: Document) -> str:
    """Return the body as the plain text the editor shows (the inverse of an edited body).

    Paragraphs and lists survive a round trip through :func:`plain_text_blocks`; headings come
    back as plain paragraphs and tables as paragraphs of ``a | b`` lines (plain text has no
    markup for them).
    """
    return document.body_text()
