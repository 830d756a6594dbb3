"""The gate: errors block unless a written reason is given; warnings and hints never block."""

from __future__ import annotations

import pytest

from desktop.core.errors import GateBlocked
from desktop.core.proofing import Issue, ProofingReport, gate


def _report(*severities: str) -> ProofingReport:
    issues = tuple(
        Issue(i, 1, "spelling", s, f"rule.{s}", f"message {i}") for i, s in enumerate(severities)
    )
    return ProofingReport("en", "abcdef\nghij", issues, ("a notice",))


def test_gate_blocks_errors_without_reason() -> None:
    """An error and no reason raises GateBlocked with exit code 2 and lists the issue."""
    with pytest.raises(GateBlocked) as caught:
        gate(_report("error", "warning"), None)
    assert caught.value.exit_code == 2
    assert "message 0" in caught.value.message
    assert caught.value.line == 1


def test_gate_treats_blank_reason_as_none() -> None:
    """A reason of only spaces does not override."""
    with pytest.raises(GateBlocked):
        gate(_report("error"), "   ")


def test_gate_override_returns_reason_and_summary() -> None:
    """A written reason lets the errors through and is returned for the register."""
    decision = gate(_report("error"), "  customer asked for this spelling ")
    assert decision.override_reason == "customer asked for this spelling"
    assert decision.summary["blocking"] == 1
    assert decision.summary["override_reason"] == "customer asked for this spelling"


def test_gate_passes_warnings_and_hints() -> None:
    """Warnings and hints never block, and no reason is recorded."""
    decision = gate(_report("warning", "hint"), "unneeded")
    assert decision.override_reason is None
    assert decision.summary["by_severity"] == {"error": 0, "warning": 1, "hint": 1}
    assert decision.summary["notices"] == ["a notice"]
