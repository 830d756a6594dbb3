"""The gate before output: errors block issuing unless a person gives a written reason."""

from __future__ import annotations

from desktop.core.errors import GateBlocked
from desktop.core.i18n import _
from desktop.core.proofing.model import GateDecision, ProofingReport

MAX_LISTED = 10


def gate(report: ProofingReport, override_reason: str | None) -> GateDecision:
    """Let a checked text out, or raise :class:`GateBlocked` listing what blocks it.

    Args:
        report: the full check of the final text.
        override_reason: the reason a person gave to issue despite the errors; blank or
            whitespace counts as none.

    Returns:
        The summary to store with the register entry and the reason, when one was needed.

    Raises:
        GateBlocked: errors remain and no reason was given (the CLI exits with code 2).
    """
    reason = (override_reason or "").strip() or None
    summary = report.summary()
    blocking = report.blocking
    if not blocking:
        return GateDecision(summary, None, report.fingerprint, 0)
    if reason is None:
        listed = []
        for issue in blocking[:MAX_LISTED]:
            line, column = report.position(issue.offset)
            listed.append(f"{line}:{column} {issue.message}")
        more = len(blocking) - len(listed)
        if more > 0:
            listed.append(_("... and {n} more").format(n=more))
        first_line, first_column = report.position(blocking[0].offset)
        raise GateBlocked(
            _("{n} blocking proofing issue(s): {issues}").format(
                n=len(blocking), issues="; ".join(listed)
            ),
            line=first_line,
            column=first_column,
            hint=_("Fix them, or give a written reason to issue anyway (--accept-issues REASON)."),
        )
    summary["override_reason"] = reason
    return GateDecision(summary, reason, report.fingerprint, len(blocking))
