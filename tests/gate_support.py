"""The proofing gate's decision for a document, made the way every caller makes it.

Issuing accepts only the gate's typed decision for the exact text it issues
(``desktop.core.services.issuing.check_decision``), so tests that issue documents run the real
proofer on them and pass the real gate's decision: nothing here is a stand-in.
"""

from __future__ import annotations

from typing import Any

from desktop.core.models import Document
from desktop.core.proofing import GateDecision, gate


def proofed(ctx: Any, doc: Document, reason: str | None = "issued by a test") -> GateDecision:
    """Return ``gate(ctx.proofer.check_document(doc), reason)``.

    The default reason lets a test document with a blocking finding through, recorded as the
    override reason; a document without blocking findings records no reason.
    """
    return gate(ctx.proofer.check_document(doc), reason)
