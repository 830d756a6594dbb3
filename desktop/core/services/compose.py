"""Use case: turn a template id, a language and raw values into a Document, and write drafts.

Shared by ``missiva render``, the batch merge and the window: values come as strings (command
line, CSV) or typed objects (form widgets, XLSX cells) and are validated by the template engine.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.errors import FieldError, RenderError
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.core.services.context import AppContext

SUPPORTED_FORMATS = ("pdf", "docx", "html", "txt")
_SET_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.DOTALL)


@dataclass(frozen=True)
class WrittenFile:
    """A file written for a document (draft or issued)."""

    format: str
    path: Path
    sha256: str


def load_values_file(path: Path, *, encoding: str | None = None) -> dict[str, Any]:
    """Read field values from a JSON or YAML mapping; errors name the file and line.

    Bounded and strict (:func:`desktop.core.datafiles.load_structured`): size, encoding
    (``encoding`` or detected), no YAML aliases, bounded nesting, no control characters.
    """
    from desktop.core.datafiles import load_structured

    data = load_structured(path, encoding=encoding, error=FieldError, what=_("data file"))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FieldError("the data file must hold a mapping of field names to values", file=path)
    return {str(k): v for k, v in data.items()}


def parse_set_options(pairs: Iterable[str]) -> dict[str, Any]:
    """Parse repeated ``NAME=VALUE`` options; a repeated NAME builds a list."""
    values: dict[str, Any] = {}
    for pair in pairs:
        match = _SET_RE.match(pair)
        if not match:
            raise FieldError(
                f"'--set {pair}' is not NAME=VALUE", hint="Example: --set customer_name='Ana Silva'"
            )
        name, value = match.group(1), match.group(2)
        if name in values:
            previous = values[name]
            values[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            values[name] = value
    return values


def compose_document(
    ctx: AppContext,
    template_id: str,
    language: str,
    values: Mapping[str, Any],
    *,
    body_override: str | None = None,
) -> Document:
    """Compose a draft Document (no reference) from a shipped or user template."""
    from desktop.core.templates import compose

    template = ctx.catalog.get(template_id, language)
    return compose(
        template, values, ctx.settings.organisation, today=ctx.today(), body_override=body_override
    )


def normalise_formats(formats: str | Sequence[str], kind: str) -> tuple[str, ...]:
    """Parse ``docx,pdf`` into a tuple, defaulting by kind; refuse unknown formats."""
    if isinstance(formats, str):
        items = [f.strip().lower() for f in formats.split(",") if f.strip()]
    else:
        items = [f.lower() for f in formats]
    if not items:
        items = {"snippet": ["txt"], "email": ["html", "txt"]}.get(kind, ["pdf"])
    unknown = [f for f in items if f not in SUPPORTED_FORMATS]
    if unknown:
        raise FieldError(
            f"unknown format(s) {', '.join(unknown)}",
            hint=f"Use one or more of {', '.join(SUPPORTED_FORMATS)}, separated by commas.",
        )
    return tuple(dict.fromkeys(items))


def render_bytes(ctx: AppContext, doc: Document, fmt: str) -> bytes:
    """Render one format of ``doc`` to bytes with the organisation profile."""
    from desktop.core import rendering

    profile = ctx.settings.organisation
    if fmt == "pdf":
        return rendering.render_pdf(doc, profile)
    if fmt == "docx":
        return rendering.render_docx(doc, profile)
    if fmt == "html":
        return rendering.render_email(doc, profile).html.encode("utf-8")
    if doc.kind == "snippet":
        return (rendering.render_snippet_text(doc) + "\n").encode("utf-8")
    return rendering.render_email(doc, profile).text.encode("utf-8")


def draft_file_stem(doc: Document) -> str:
    """Return the file name stem of a draft, e.g. ``refund-approved-pt-BR-draft``."""
    return f"{doc.template_id}-{doc.language}-draft"


MAX_DRAFT_NUMBER = 1000


def write_draft_files(
    ctx: AppContext, doc: Document, formats: Sequence[str], out_dir: Path
) -> list[WrittenFile]:
    """Render ``doc`` (a draft) in each format into ``out_dir``, atomically; nothing half-written."""
    from desktop.core.rendering import atomic_write

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(
            _("cannot create the output folder: {error}").format(error=exc.strerror), file=out_dir
        ) from exc
    rendered = [(fmt, render_bytes(ctx, doc, fmt)) for fmt in formats]  # render all, then write
    stem = draft_file_stem(doc)
    for number in range(1, MAX_DRAFT_NUMBER + 1):  # "<stem>", "<stem> (2)", ...: never replace
        name = stem if number == 1 else f"{stem} ({number})"
        written: list[WrittenFile] = []
        try:
            for fmt, data in rendered:
                target = out_dir / f"{name}.{fmt}"
                atomic_write(target, data)
                written.append(WrittenFile(fmt, target, hashlib.sha256(data).hexdigest()))
        except FileExistsError:
            for item in written:  # ours: the name is taken for another format, try the next
                item.path.unlink(missing_ok=True)
            continue
        except Exception:
            for item in written:
                item.path.unlink(missing_ok=True)
            raise
        return written
    raise RenderError(
        _("{count} drafts named '{stem}' are already in this folder").format(
            count=MAX_DRAFT_NUMBER, stem=stem
        ),
        file=out_dir,
        hint=_("Choose another output folder."),
    )
