"""Compose a Document from a template, field values and the writer's free edits.

The body's Markdown (after Jinja) becomes paragraphs, lists, tables and headings with
markdown-it-py; runs that came from field values are tagged ``field:<name>`` so proofing skips
them and maps issues back. An edited body is plain text: taken literally, never as Markdown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from desktop.core.errors import FieldError, SettingsError
from desktop.core.models import (
    ORIGIN_EDIT,
    ORIGIN_TEMPLATE,
    Block,
    Document,
    ListBlock,
    Paragraph,
    Run,
    SignatoryBlock,
    Table,
    Template,
    field_origin,
)
from desktop.core.settings import OrganisationProfile
from desktop.core.templates.engine import (
    MARK_CLOSE,
    MARK_OPEN,
    MARK_SEP,
    ORG_INDEX,
    TEMPLATE_INDEX,
    decode_plain,
    tag,
    unescape_marked,
)
from desktop.core.templates.fields import DEFAULT_CURRENCY, format_value, validate_values

# Value markers inside a link destination, as markdown-it percent-encodes them.
_ENCODED_MARKS = re.compile(r"%EE%80%80[^%]*%EE%80%81|%EE%80%82")
_PRINTED_NAME = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)")
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
        for char in text:
            if self.reading_index:
                if char == MARK_SEP:
                    self.reading_index = False
                    self._flush()
                    self.origin = _origin(self.index, self.names)
                else:
                    self.index += char
            elif char == MARK_OPEN:
                self._flush()
                self.reading_index, self.index = True, ""
            elif char == MARK_CLOSE:
                self._flush()
                self.origin = ORIGIN_TEMPLATE
            else:
                self.buffer += char

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
    if index.isdigit():
        return field_origin(names[int(index)])
    return ORIGIN_TEMPLATE


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
    """Return the body as the plain text the editor shows (the inverse of an edited body)."""
    return document.body_text()


def document_from_edit(document: Document, body_text: str) -> Document:
    """Return ``document`` with its body replaced by the writer's edited plain text.

    The same parse as ``compose(..., body_override=...)`` without rendering the template again:
    the text is literal, list lines become lists, and stretches equal to a field's displayed
    value keep that field's origin.
    """
    return dataclasses.replace(document, body=plain_text_blocks(body_text, document.field_values))


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def compose(
    template: Template,
    values: Mapping[str, Any],
    profile: OrganisationProfile,
    *,
    today: dt.date,
    reference: str | None = None,
    body_override: str | None = None,
) -> Document:
    """Validate ``values`` and build the Document (a draft unless ``reference`` is given).

    ``values`` may be raw (strings from the command line or CSV, cells, widget values) or the
    result of :func:`validate_values`: validation is idempotent, so passing validated values
    again is safe. ``body_override`` is the writer's edited body as plain text (see
    :func:`plain_text_blocks`); the template's subject and parts are still rendered.

    Raises:
        FieldError: a value is missing or invalid, or the signatory id is unknown.
        TemplateError: the template's logic fails at render time (undefined name, sandbox).
    """
    from desktop.core.templates.catalog import compiled

    typed = validate_values(template, values)
    currency = profile.currency.get(template.language, DEFAULT_CURRENCY.get(template.language, ""))
    names = [spec.name for spec in template.fields]
    displays: dict[str, str] = {}
    context: dict[str, Any] = {}
    for index, spec in enumerate(template.fields):
        value = typed[spec.name]
        display = format_value(spec, value, language=template.language, currency=currency)
        displays[spec.name] = display
        context[spec.name] = tag(value, str(index), display)
    context["today"] = tag(
        today, TEMPLATE_INDEX, format_value(None, today, language=template.language)
    )
    context["org"] = tag(profile.name, ORG_INDEX, profile.name)
    parts_compiled, subject_compiled, body_compiled = compiled(template)

    def plain(name: str) -> str:
        jinja = parts_compiled.get(name)
        if jinja is None:
            return ""
        text, _spans = decode_plain(_render(jinja, context, template.key))
        return text.strip()

    subject, _ = decode_plain(_render(subject_compiled, context, template.key))
    if body_override is not None:
        body = plain_text_blocks(body_override, displays)
    else:
        body = markdown_blocks(_render(body_compiled, context, template.key), names)
    signatory = _signatory(template, profile, plain("signatory") or None)
    letter_date = (
        typed.get("letter_date") if isinstance(typed.get("letter_date"), dt.date) else None
    )
    return Document(
        kind=template.kind,
        language=template.language,
        template_id=template.id,
        title=template.title,
        subject=" ".join(subject.split()),
        date=letter_date or today,
        body=body,
        reference=reference,
        your_ref=plain("your_ref"),
        place=profile.city,
        recipient=_lines(plain("recipient")),
        salutation=plain("salutation"),
        closing=plain("closing"),
        signatory=signatory,
        enclosures=_lines(plain("enclosures")),
        copies=_lines(plain("copies")),
        classification=plain("classification"),
        memo_to=plain("memo_to"),
        memo_from=plain("memo_from"),
        memo_cc=plain("memo_cc"),
        layout=template.layout or template.kind,
        series=template.series,
        field_values=displays,
        template_hash=template.source_hash,
        correspondent_name=plain("correspondent_name"),
        correspondent_email=plain("correspondent_email"),
        correspondent_organisation=plain("correspondent_organisation"),
    )


def _signatory(
    template: Template, profile: OrganisationProfile, signatory_id: str | None
) -> SignatoryBlock | None:
    """Resolve the signatory id printed by the ``signatory`` part; unknown ids name the field."""
    try:
        person = profile.signatory(signatory_id)
    except SettingsError as exc:
        names = _PRINTED_NAME.findall(template.parts.get("signatory", ""))
        field = next((n for n in names if template.field_spec(n) is not None), None)
        raise FieldError(exc.message, field=field, template=template.key, hint=exc.hint) from exc
    if person is None:
        return None
    return SignatoryBlock(
        name=person.name,
        title=person.title,
        unit=profile.units.get(person.unit, person.unit),
        staff_number=person.staff_number,
        image=profile.resolve(person.image),
    )


def _render(jinja: Any, context: dict[str, Any], key: str) -> str:
    from desktop.core.templates.engine import render

    return render(jinja, context, template_key=key)
