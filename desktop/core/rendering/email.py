"""E-mail writer: subject, a plain-text part and an inline-styled HTML part of one Document.

Both parts carry the same words in the same order (salutation, body, closing, signature name
and title, organisation footer). Every run goes through :func:`html.escape`; values are data.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from desktop.core.models import Document, ListBlock, Paragraph, Run, Table
from desktop.core.settings import OrganisationProfile, localised

_P = "margin:0 0 12px 0;"
_FONT = "font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45;color:#222222;"


@dataclass(frozen=True)
class EmailContent:
    """A rendered e-mail: subject line, plain-text alternative and HTML body."""

    subject: str
    text: str
    html: str


def _runs_text(runs: tuple[Run, ...]) -> str:
    return "".join(r.text for r in runs)


def _runs_html(runs: tuple[Run, ...]) -> str:
    parts: list[str] = []
    for run in runs:
        text = html.escape(run.text).replace("\n", "<br>")
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.italic:
            text = f"<em>{text}</em>"
        if run.link:
            href = html.escape(run.link, quote=True)
            text = f'<a href="{href}" style="color:#1F3A5F;">{text}</a>'
        parts.append(text)
    return "".join(parts)


def _table_text(block: Table) -> str:
    cells = [[_runs_text(cell).replace("\n", " ") for cell in row] for row in block.rows]
    count = max((len(row) for row in cells), default=0)
    widths = [max((len(row[i]) for row in cells if i < len(row)), default=0) for i in range(count)]
    lines: list[str] = []
    for index, row in enumerate(cells):
        padded = [
            row[i].ljust(widths[i]) if i < len(row) else " " * widths[i] for i in range(count)
        ]
        lines.append("  ".join(padded).rstrip())
        if index == 0 and block.header:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _table_html(block: Table) -> str:
    rows: list[str] = []
    cell_style = "border:1px solid #cccccc;padding:4px 8px;text-align:left;vertical-align:top;"
    for index, row in enumerate(block.rows):
        tag = "th" if index == 0 and block.header else "td"
        cells = "".join(f'<{tag} style="{cell_style}">{_runs_html(c)}</{tag}>' for c in row)
        rows.append(f"<tr>{cells}</tr>")
    return f'<table style="border-collapse:collapse;{_P}">' + "".join(rows) + "</table>"


def body_text(doc: Document) -> str:
    """Return the body as plain text with "- " bullets, "1." items and aligned tables."""
    parts: list[str] = []
    for block in doc.body:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, ListBlock):
            parts.append(
                "\n".join(
                    (f"{n}. " if block.ordered else "- ") + _runs_text(item)
                    for n, item in enumerate(block.items, start=1)
                )
            )
        else:
            parts.append(_table_text(block))
    return "\n\n".join(parts)


def _body_html(doc: Document) -> str:
    parts: list[str] = []
    for block in doc.body:
        if isinstance(block, Paragraph):
            if block.heading:
                level = min(max(block.heading, 1), 3) + 1
                size = {2: 18, 3: 16, 4: 15}[level]
                parts.append(
                    f'<h{level} style="font-size:{size}px;{_P}">{_runs_html(block.runs)}</h{level}>'
                )
            else:
                parts.append(f'<p style="{_P}">{_runs_html(block.runs)}</p>')
        elif isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{_runs_html(item)}</li>" for item in block.items)
            parts.append(f'<{tag} style="{_P}padding-left:24px;">{items}</{tag}>')
        else:
            parts.append(_table_html(block))
    return "\n".join(parts)


def _signature(doc: Document) -> list[str]:
    if doc.signatory is None:
        return []
    return [x for x in (doc.signatory.name, doc.signatory.title) if x]


def render_email(doc: Document, profile: OrganisationProfile) -> EmailContent:
    """Return the subject, plain-text and HTML parts of ``doc`` as an e-mail."""
    signature = _signature(doc)
    footer = localised(profile.footer, doc.language)
    text_parts: list[str] = []
    if doc.salutation:
        text_parts.append(doc.salutation)
    body = body_text(doc)
    if body:
        text_parts.append(body)
    if doc.closing:
        text_parts.append(doc.closing)
    if signature:
        text_parts.append("\n".join(signature))
    if footer:
        text_parts.append("-- \n" + footer)
    text = "\n\n".join(text_parts) + "\n"

    esc = html.escape
    pieces: list[str] = []
    if doc.salutation:
        pieces.append(f'<p style="{_P}">{esc(doc.salutation)}</p>')
    pieces.append(_body_html(doc))
    if doc.closing:
        pieces.append(f'<p style="{_P}">{esc(doc.closing)}</p>')
    if signature:
        lines = "<br>".join(esc(x) for x in signature)
        pieces.append(
            f'<p style="{_P}"><strong>{lines}</strong></p>'
            if len(signature) == 1
            else f'<p style="{_P}">{lines}</p>'
        )
    if footer:
        pieces.append(
            f'<p style="{_P}font-size:12px;color:#666666;border-top:1px solid #dddddd;'
            f'padding-top:8px;">{esc(footer)}</p>'
        )
    lang = esc(doc.language, quote=True)
    html_text = (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{esc(doc.subject)}</title></head>"
        f'<body style="{_FONT}">\n' + "\n".join(p for p in pieces if p) + "\n</body></html>\n"
    )
    return EmailContent(subject=doc.subject, text=text, html=html_text)


def render_snippet_text(doc: Document) -> str:
    """Return the body only as plain text, for pasting into a chat."""
    return body_text(doc)
