"""Plain data shared by every core subpackage: templates, fields and the Document.

A :class:`Document` is what a template plus field values (plus the writer's free edits) becomes;
the DOCX, PDF and e-mail writers all draw the same Document, so every output carries the same
words in the same order. Every text run remembers where it came from (template text, a field, or
the writer's edit) so that proofing can skip field values and map issues back to their source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Kind = Literal["letter", "memo", "email", "snippet"]
KINDS: tuple[str, ...] = ("letter", "memo", "email", "snippet")
FIELD_TYPES: tuple[str, ...] = (
    "text",
    "multiline",
    "date",
    "money",
    "number",
    "email",
    "choice",
    "bool",
    "list",
)

ORIGIN_TEMPLATE = "template"
ORIGIN_EDIT = "edit"
FIELD_ORIGIN_PREFIX = "field:"


def field_origin(name: str) -> str:
    """Return the origin tag of text that came from field ``name``."""
    return FIELD_ORIGIN_PREFIX + name


@dataclass(frozen=True)
class FieldSpec:
    """One declared template field (front matter ``fields:`` entry)."""

    name: str
    label: str
    type: str = "text"
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    pattern: str = ""
    help: str = ""
    currency: str = ""  # money only; blank = the organisation's currency for the language
    # choice only: the label of each code, in the template's language (same order as choices;
    # empty when the front matter gives a plain list, then the code is its own label)
    choice_labels: tuple[str, ...] = ()

    def choice_label(self, code: str) -> str:
        """Return the label shown for a choice code (the code itself when it has none)."""
        if code in self.choices and len(self.choice_labels) == len(self.choices):
            return self.choice_labels[self.choices.index(code)] or code
        return code

    # date only: "today" (the letter's date) or another date field's name; a value not later
    # than it gets a warning (never a block), see templates.fields.date_order_warnings
    after: str = ""


@dataclass(frozen=True)
class Template:
    """One language variant of a template family, as loaded from ``<family>/<language>.md``.

    ``parts`` holds the Jinja strings of the letter parts that are not the body: ``recipient``
    (inside address, one line per line), ``salutation``, ``closing``, ``your_ref``, ``enclosures``
    and ``copies`` (one item per line), ``memo_to``, ``memo_from``, ``memo_cc``, ``classification``
    and ``signatory`` (a signatory id). ``body`` is Markdown with Jinja tags.
    """

    id: str
    language: str
    kind: str
    title: str
    description: str
    category: str
    series: str
    subject: str
    fields: tuple[FieldSpec, ...]
    body: str
    layout: str = ""
    parts: dict[str, str] = field(default_factory=dict)
    source: Path | None = None
    body_line: int = 1  # line in ``source`` where the body starts (for error messages)
    shipped: bool = True
    source_hash: str = ""  # SHA-256 of the template file's text (kept in the register)
    compiled: Any = field(default=None, compare=False, repr=False)  # Jinja cache (catalog)

    @property
    def key(self) -> str:
        """Return ``id/language``, the name used in messages."""
        return f"{self.id}/{self.language}"

    def field_spec(self, name: str) -> FieldSpec | None:
        """Return the declared field ``name`` or ``None``."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        return None


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting and one origin."""

    text: str
    bold: bool = False
    italic: bool = False
    origin: str = ORIGIN_TEMPLATE
    link: str = ""


@dataclass(frozen=True)
class Paragraph:
    r"""A body paragraph (line breaks inside it are ``\\n`` in run text)."""

    runs: tuple[Run, ...]
    heading: int = 0  # 0 = normal paragraph, 1..3 = heading level

    @property
    def text(self) -> str:
        """Return the plain text of the paragraph."""
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; each item is a sequence of runs."""

    items: tuple[tuple[Run, ...], ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    """A table; ``rows[0]`` is the header row when ``header`` is true. Cells are run sequences."""

    rows: tuple[tuple[tuple[Run, ...], ...], ...]
    header: bool = True


Block = Paragraph | ListBlock | Table


@dataclass(frozen=True)
class Attestation:
    """Register attestation printed in the footer of issued files (reference + code + QR)."""

    reference: str
    verification_code: str
    qr_payload: str
    note: str = ""  # "register check, not a certified signature" in the document's language


@dataclass(frozen=True)
class SignatoryBlock:
    """The signature block as printed (resolved from the profile's signatory)."""

    name: str
    title: str = ""
    unit: str = ""
    staff_number: str = ""
    image: Path | None = None
    certificate: Path | None = None  # this person's PKCS#12 for digital signatures; not printed


@dataclass(frozen=True)
class Document:
    """One letter, memo, e-mail or snippet, ready for any writer.

    ``reference`` is ``None`` for a draft (writers print a draft mark instead). ``field_values``
    holds each field's displayed text, used by proofing to skip values and by exports.
    """

    kind: str
    language: str
    template_id: str
    title: str
    subject: str
    date: dt.date
    body: tuple[Block, ...]
    reference: str | None = None
    your_ref: str = ""
    place: str = ""
    recipient: tuple[str, ...] = ()
    salutation: str = ""
    closing: str = ""
    signatory: SignatoryBlock | None = None
    enclosures: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()
    classification: str = ""
    memo_to: str = ""
    memo_from: str = ""
    memo_cc: str = ""
    layout: str = ""
    series: str = ""
    attestation: Attestation | None = None
    field_values: dict[str, str] = field(default_factory=dict)
    template_hash: str = ""
    correspondent_name: str = ""
    correspondent_email: str = ""
    correspondent_organisation: str = ""
    # warnings about the values that do not stop issuing ("the refund date is not after the
    # letter's date"), in the interface language; proofing reports them as notices
    notices: tuple[str, ...] = ()

    @property
    def is_draft(self) -> bool:
        """Return whether the document has no reference yet."""
        return self.reference is None

    def iter_runs(self) -> Iterator[Run]:
        """Yield every run of the body in reading order."""
        for block in self.body:
            if isinstance(block, Paragraph):
                yield from block.runs
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield from item
            else:
                for row in block.rows:
                    for cell in row:
                        yield from cell

    def body_text(self) -> str:
        """Return the body as plain text: blocks separated by blank lines, list items by lines."""
        parts: list[str] = []
        for block in self.body:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            elif isinstance(block, ListBlock):
                lines = []
                for number, item in enumerate(block.items, start=1):
                    bullet = f"{number}." if block.ordered else "-"
                    lines.append(f"{bullet} " + "".join(r.text for r in item))
                parts.append("\n".join(lines))
            else:
                parts.append(
                    "\n".join(
                        " | ".join("".join(r.text for r in cell) for cell in row)
                        for row in block.rows
                    )
                )
        return "\n\n".join(parts)
