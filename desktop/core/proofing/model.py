"""Value types of proofing: issues, reports, the gate's decision and the checker seam.

Everything here is immutable and JSON-friendly so a report can cross threads (the GUI's task
runner), be printed by the CLI and be stored with a register entry.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

CATEGORIES: tuple[str, ...] = ("spelling", "grammar", "style", "typography", "placeholder")
SEVERITIES: tuple[str, ...] = ("error", "warning", "hint")
SEVERITY_RANK = {"error": 0, "warning": 1, "hint": 2}


@dataclass(frozen=True)
class Issue:
    """One finding: where it is, what kind, how serious, and what to do about it.

    Attributes:
        offset: start of the flagged text in the report's text (code points).
        length: length of the flagged text.
        category: spelling, grammar, style, typography or placeholder.
        severity: error (blocks issuing), warning or hint (never block).
        rule_id: stable id of the rule, e.g. ``spelling.unknown`` or ``style.informal``.
        message: explanation in the interface language.
        source: where the text came from: ``template``, ``field:<name>``, ``edit`` or "".
        suggestions: cheap replacements known at check time (spelling ones come on demand).
    """

    offset: int
    length: int
    category: str
    severity: str
    rule_id: str
    message: str
    source: str = ""
    suggestions: tuple[str, ...] = ()

    @property
    def end(self) -> int:
        """Return the offset just past the flagged text."""
        return self.offset + self.length

    def to_dict(self) -> dict[str, Any]:
        """Return the issue as JSON-ready data."""
        return {
            "offset": self.offset,
            "length": self.length,
            "category": self.category,
            "severity": self.severity,
            "rule_id": self.rule_id,
            "message": self.message,
            "source": self.source,
            "suggestions": list(self.suggestions),
        }


@dataclass(frozen=True)
class ProofingReport:
    """The result of checking one text in one language."""

    language: str
    text: str
    issues: tuple[Issue, ...]
    notices: tuple[str, ...] = ()
    grammar: tuple[str, ...] = ()  # the grammar engines and built-in rule sets that ran

    @property
    def fingerprint(self) -> str:
        """Return the SHA-256 of the checked text and its language (what a decision covers)."""
        return text_fingerprint(self.text, self.language)

    @property
    def blocking(self) -> tuple[Issue, ...]:
        """Return the issues that stop issuing (severity ``error``)."""
        return tuple(i for i in self.issues if i.severity == "error")

    def flagged(self, issue: Issue) -> str:
        """Return the text an issue points at."""
        return self.text[issue.offset : issue.end]

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of ``offset`` in the text."""
        line = self.text.count("\n", 0, offset) + 1
        start = self.text.rfind("\n", 0, offset) + 1
        return line, offset - start + 1

    def summary(self) -> dict[str, Any]:
        """Return counts per category and severity, the notices and the issues, JSON-ready."""
        by_category = Counter(i.category for i in self.issues)
        by_severity = Counter(i.severity for i in self.issues)
        issues = []
        for issue in self.issues:
            data = issue.to_dict()
            data["line"], data["column"] = self.position(issue.offset)
            data["text"] = self.flagged(issue)
            issues.append(data)
        return {
            "language": self.language,
            "total": len(self.issues),
            "blocking": len(self.blocking),
            "by_category": {c: by_category.get(c, 0) for c in CATEGORIES},
            "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
            "notices": list(self.notices),
            "grammar": list(self.grammar),
            "issues": issues,
        }


def text_fingerprint(text: str, language: str) -> str:
    """Return the SHA-256 (hex) of a text in a language: binds a gate decision to that text."""
    return hashlib.sha256(f"{language}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class GateDecision:
    """What the gate lets through, for one exact text: issuing accepts nothing else.

    Made by :func:`desktop.core.proofing.gate` (or the batch merge's gate) from a proofing run.
    Issuing checks that ``fingerprint`` is the fingerprint of the text it is about to issue and
    that blocking findings come with a reason, so a decision cannot be reused for another text
    and a caller cannot skip proofing.

    Attributes:
        summary: the report's summary, stored with the register entry.
        override_reason: the reason a person gave to issue despite blocking findings.
        fingerprint: :func:`text_fingerprint` of the proofed text and its language.
        blocking: how many findings of severity ``error`` the proofed text has.
    """

    summary: dict[str, Any]
    override_reason: str | None
    fingerprint: str
    blocking: int


@dataclass(frozen=True)
class CheckInput:
    """What every checker sees: the text, its language and what must not be flagged.

    Attributes:
        text: the full text (a paragraph when checking paragraph by paragraph).
        language: "en", "en-GB", "pt-BR" or "id".
        kind: letter, memo, email or snippet.
        protected: (start, end) ranges of field values: data, never flagged for spelling
            or style.
        has_fields: whether the caller knows the field values of this text at all.
    """

    text: str
    language: str
    kind: str = "letter"
    protected: tuple[tuple[int, int], ...] = ()
    has_fields: bool = False
    field_values: tuple[str, ...] = field(default=())

    def is_protected(self, start: int, end: int) -> bool:
        """Return whether [start, end) overlaps a field value."""
        return any(start < p_end and p_start < end for p_start, p_end in self.protected)


class Checker(Protocol):
    """Anything that turns a :class:`CheckInput` into issues (spelling, grammar, house style)."""

    def check(self, item: CheckInput) -> list[Issue]:
        """Return the issues found in ``item.text`` (offsets relative to it)."""
        ...


class GrammarChecker(Protocol):
    """A grammar engine (LanguageTool, Harper): checks plain text in one language."""

    name: str

    def check(self, text: str, language: str) -> list[Issue]:
        """Return the issues found in ``text`` (offsets relative to it)."""
        ...
