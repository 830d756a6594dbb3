"""The proofing gate's decision for a document, made the way every caller makes it.

Issuing accepts only the gate's typed decision for the exact text it issues
(``desktop.core.services.issuing.check_decision``), so tests that issue documents run the real
proofer on them and pass the real gate's decision: nothing here is a stand-in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.models import Document, Paragraph, Run
from desktop.core.proofing import GateDecision, gate


def proofed(ctx: Any, doc: Document, reason: str | None = "issued by a test") -> GateDecision:
    """Return ``gate(ctx.proofer.check_document(doc), reason)``.

    The default reason lets a test document with a blocking finding through, recorded as the
    override reason; a document without blocking findings records no reason.
    """
    return gate(ctx.proofer.check_document(doc), reason)


LETTER_DATE = dt.date(2026, 11, 22)


def small_letter(name: str = "Silva & Filhos") -> Document:
    """Return a small English letter to ``name`` in the OUT series (register integration tests)."""
    return Document(
        kind="letter",
        language="en",
        template_id="refund-approved",
        title="Refund approved",
        subject="Your refund",
        date=LETTER_DATE,
        body=(Paragraph((Run("We have approved your refund."),)),),
        recipient=(name,),
        correspondent_name=name,
        series="OUT",
    )
