"""Proofing: spelling, grammar and house style in en, pt-BR and id, and the gate before output.

The CLI, the issuing service and the window use this interface only::

    proofer = Proofer(settings, paths)          # once per application
    report = proofer.check_document(doc)        # or check_text(text, "pt-BR", spans=...)
    decision = gate(report, override_reason)    # raises GateBlocked when errors remain
"""

from __future__ import annotations

from desktop.core.proofing.dictionaries import install_dictionary
from desktop.core.proofing.engine import Proofer, normalise_language
from desktop.core.proofing.gate import gate
from desktop.core.proofing.model import (
    Checker,
    GateDecision,
    GrammarChecker,
    Issue,
    ProofingReport,
)
from desktop.core.proofing.reply import reply_questions

__all__ = [
    "Checker",
    "GateDecision",
    "GrammarChecker",
    "Issue",
    "Proofer",
    "ProofingReport",
    "gate",
    "install_dictionary",
    "normalise_language",
    "reply_questions",
]
