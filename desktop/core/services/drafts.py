"""Use case: the window's drafts, kept in the register as entries without a number.

A draft entry is what :func:`desktop.core.services.issuing.save_draft` stores (subject,
correspondent, the composed body) plus, under ``content["window"]``, what the composer needs
to reopen it exactly as it was left: the template and language, the raw form values (dates as
ISO text) and the edited body (``None`` while the body is still the template's own), and the
incoming item it answers. Drafts saved by other tools, without that part, still open: their
displayed field values and body text are used instead.

The crash-recovery snapshot the window writes every few seconds is a local file, not a draft
entry (see docs/decisions/0011-window-drafts.md).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.core.errors import RegisterError
from desktop.core.i18n import _
from desktop.core.models import Document
from desktop.core.register import Entry
from desktop.core.services.context import AppContext
from desktop.core.services.issuing import save_draft

WINDOW_KEY = "window"


@dataclass(frozen=True)
class DraftSummary:
    """One draft as the Drafts list shows it."""

    id: int
    title: str
    subject: str
    correspondent: str
    template_id: str
    language: str
    saved_at: str  # ISO 8601, UTC


def plain(value: Any) -> Any:
    """Return ``value`` with dates and amounts as text, so it can be stored as JSON."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _is_open_draft(ctx: AppContext, draft_id: int) -> bool:
    found = ctx.register.find(draft_id)
    return found is not None and found.status == "draft" and found.direction == "out"


def save_window_draft(
    ctx: AppContext,
    doc: Document,
    *,
    values: Mapping[str, Any],
    body: str | None,
    title: str,
    draft_id: int | None = None,
    reply_to_id: int | None = None,
) -> int:
    """Save the composer's work as a register draft; return its id.

    Args:
        ctx: the application context.
        doc: the document as composed from the values (placeholders where fields are missing).
        values: the raw form values, as the composer reads them from its widgets.
        body: the edited body, or ``None`` when it is the template's own.
        title: how the draft is listed (template title and language).
        draft_id: the draft this work was opened from; a new draft is made when it no longer
            exists (issued or discarded meanwhile, by another window for example).
        reply_to_id: the incoming entry this letter answers, if any.
    """
    window = {
        "template_id": doc.template_id,
        "language": doc.language,
        "title": title,
        "values": plain(values),
        "body": body,
        "reply_to_id": reply_to_id,
        "saved_at": ctx.register.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
    }
    if draft_id is not None and not _is_open_draft(ctx, draft_id):
        draft_id = None
    return save_draft(ctx, doc, draft_id=draft_id, extra_content={WINDOW_KEY: window})


def list_window_drafts(ctx: AppContext) -> list[DraftSummary]:
    """Return the outgoing drafts in the register, most recently saved first."""
    with ctx.register.reading() as session:
        rows = session.scalars(
            select(Entry).where(Entry.status == "draft", Entry.direction == "out")
        ).all()
        found = []
        for row in rows:
            window = (row.content or {}).get(WINDOW_KEY) or {}
            saved = str(window.get("saved_at") or row.created_at.isoformat(timespec="seconds"))
            found.append(
                DraftSummary(
                    id=row.id,
                    title=str(window.get("title") or (row.content or {}).get("title") or ""),
                    subject=row.subject,
                    correspondent=row.correspondent_name,
                    template_id=row.template_id,
                    language=row.language,
                    saved_at=saved,
                )
            )
    return sorted(found, key=lambda d: (d.saved_at, d.id), reverse=True)


def load_window_draft(ctx: AppContext, draft_id: int) -> dict[str, Any]:
    """Return the composer state of a draft: template, language, values, body, reply.

    The state has the keys ``draft_id``, ``template_id``, ``language``, ``title``, ``values``,
    ``body`` and ``reply_to`` (``[incoming id, its text]`` or ``None``).

    Raises:
        RegisterError: there is no such draft (issued or discarded meanwhile).
    """
    entry = ctx.register.find(draft_id)
    if entry is None or entry.status != "draft":
        raise RegisterError(
            _("draft #{number} does not exist or is no longer a draft").format(number=draft_id)
        )
    content = entry.content or {}
    window = content.get(WINDOW_KEY)
    if window:
        values, body = dict(window.get("values") or {}), window.get("body")
    else:  # a draft saved by another tool: what was displayed, and its body as edited text
        values, body = dict(content.get("field_values") or {}), content.get("body_text")
    reply_to = None
    reply_id = (window or {}).get("reply_to_id")
    if reply_id is not None:
        answered = ctx.register.find(int(reply_id))
        if answered is not None:
            text = (answered.content or {}).get("text") or answered.subject
            reply_to = [answered.id, str(text)]
    return {
        "draft_id": entry.id,
        "template_id": (window or {}).get("template_id") or entry.template_id,
        "language": (window or {}).get("language") or entry.language,
        "title": (window or {}).get("title") or content.get("title") or entry.subject,
        "values": values,
        "body": body,
        "reply_to": reply_to,
    }


def discard_draft(ctx: AppContext, draft_id: int) -> bool:
    """Delete a draft (issued or thrown away); return whether there was one to delete."""
    if not _is_open_draft(ctx, draft_id):
        return False
    try:
        ctx.register.delete_draft(draft_id)
    except RegisterError:  # issued or deleted between the check and the delete
        return False
    return True
