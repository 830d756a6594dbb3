"""The proofing gate of a batch merge: one full check per distinct template text.

Field values are data: the proofer never flags them, and every rule that blocks issuing (an
unknown word, a banned word, an unfilled placeholder) looks at words outside them. Rows of a
merge whose proofed text is the same once each field value is set aside (same template branch,
same words around the values) therefore have the same blocking findings at the same places of
that text. :class:`MergeGate` checks the first such row in full and gives the next ones its
findings, moved to their own positions, with a notice saying which row was checked.

The key keeps whatever could change a finding outside the values:

- a value glued (no space between) to template letters, digits or one of the characters that
  join words, codes and addresses (apostrophe, hyphen, underscore, slash, backslash, at sign)
  stays in the key verbatim: that whitespace-delimited chunk decides whether the letters next to
  the value are a word, a code or an address;
- a value with a line break stays verbatim (lines and paragraphs move);
- for each line holding a value, whether it reads as the salutation or the closing (the
  address and signature blocks, where capitalised names are not flagged, depend on it).

A row whose template text differs (another branch of an ``{% if %}``, another language, an
edited body) has another key and is checked in full. What a reused check does not redo are
findings that read a value itself (grammar across a value, a sentence made long by a value):
those of the checked row that touch a value are not copied. See docs/decisions/0009.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.core.i18n import _
from desktop.core.models import FIELD_ORIGIN_PREFIX, Document
from desktop.core.proofing.documents import document_text
from desktop.core.proofing.engine import normalise_language
from desktop.core.proofing.house_style import load_house_style
from desktop.core.proofing.model import GateDecision, Issue, ProofingReport

_GLUE = frozenset("'’-_/\\@")
_MASK = "\x00"  # a value set aside
_KEPT = "\x01"  # a value kept verbatim (still protected: the key says so)


@dataclass(frozen=True)
class GateResult:
    """The gate's answer for one row: the summary to store and the count of blocking issues."""

    summary: dict[str, Any]
    blocking: int
    checked_as: int  # the row whose full check this is (the row itself when checked in full)
    fingerprint: str = ""  # of the row's own text (what issuing checks the decision against)

    def decision(self, override_reason: str | None) -> GateDecision:
        """Return the typed gate decision for this row, as :func:`proofing.gate` would.

        The merge's override reason is recorded only for a row that needs one.
        """
        reason = (override_reason or "").strip() or None
        if not self.blocking:
            return GateDecision(self.summary, None, self.fingerprint, 0)
        summary = dict(self.summary)
        if reason:
            summary["override_reason"] = reason
        return GateDecision(summary, reason, self.fingerprint, self.blocking)


@dataclass(frozen=True)
class _Shape:
    """A row's text cut at its set-aside values: the template pieces and the cache key."""

    key: tuple[Any, ...]
    segments: tuple[tuple[int, int], ...]  # (start, end) of each template piece in the text


@dataclass
class _Checked:
    row: int
    issues: tuple[tuple[int, int, Issue], ...]  # (segment, offset in it, issue)
    notices: tuple[str, ...]


@functools.lru_cache(maxsize=8)
def _structure(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Return the house style's salutation and closing patterns for a language."""
    spec = load_house_style(normalise_language(language)).get("structure", {})
    salutation, closing = spec.get("salutation"), spec.get("closing")
    return (
        re.compile(salutation, re.IGNORECASE) if salutation else None,
        re.compile(closing, re.IGNORECASE) if closing else None,
    )


def _chunk_around(text: str, start: int, end: int) -> str:
    """Return the non-space characters glued to ``text[start:end]`` on either side."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return text[left:start] + text[end:right]


def _verbatim(text: str, start: int, end: int) -> bool:
    """Return whether a value can change findings outside it (so it must stay in the key)."""
    if "\n" in text[start:end]:
        return True
    return any(ch.isalnum() or ch in _GLUE for ch in _chunk_around(text, start, end))


@dataclass
class MergeGate:
    """Proof the rows of one merge, checking each distinct template text once in full."""

    proofer: Any
    checked: dict[tuple[Any, ...], _Checked] = field(default_factory=dict)
    full_checks: int = 0
    reused: int = 0

    def check(self, row: int, doc: Document) -> GateResult:
        """Return the gate's result for ``doc`` (spreadsheet row ``row``)."""
        text, spans = document_text(doc)
        shape = self._shape(doc, text, spans)
        found = self.checked.get(shape.key)
        if found is None:
            report = self.proofer.check_document(doc)
            self.checked[shape.key] = _Checked(
                row, _anchored(report.issues, shape.segments), report.notices
            )
            self.full_checks += 1
            return GateResult(report.summary(), len(report.blocking), row, report.fingerprint)
        issues = tuple(
            replace(issue, offset=shape.segments[segment][0] + offset)
            for segment, offset, issue in found.issues
        )
        note = _("Proofed as row {row} of this merge: the same text apart from field values.")
        report = ProofingReport(
            normalise_language(doc.language),
            text,
            issues,
            (*found.notices, note.format(row=found.row)),
        )
        self.reused += 1
        return GateResult(report.summary(), len(report.blocking), found.row, report.fingerprint)

    def _shape(self, doc: Document, text: str, spans: list[tuple[int, int, str]]) -> _Shape:
        pieces: list[str] = []
        segments: list[tuple[int, int]] = []
        masked_lines: set[int] = set()
        cursor = 0
        kept = 0  # text before this offset is already in the key
        for start, end, origin in spans:
            if not origin.startswith(FIELD_ORIGIN_PREFIX):
                continue
            if _verbatim(text, start, end):  # protected, but its text stays in the key
                pieces += [text[kept:start], _KEPT + origin + _KEPT + text[start:end] + _KEPT]
                kept = end
                continue
            pieces += [text[kept:start], _MASK + origin + _MASK]
            segments.append((cursor, start))
            masked_lines.add(text.count("\n", 0, start))
            cursor = kept = end
        pieces.append(text[kept:])
        segments.append((cursor, len(text)))
        salutation, closing = _structure(doc.language)
        lines = text.split("\n")
        roles = tuple(
            (
                number,
                bool(salutation and salutation.match(lines[number].strip())),
                bool(closing and closing.match(lines[number].strip())),
            )
            for number in sorted(masked_lines)
        )
        key = (
            doc.template_id,
            doc.template_hash,
            doc.language,
            doc.kind,
            bool(doc.field_values),
            tuple(pieces),
            roles,
        )
        return _Shape(key, tuple(segments))


def _anchored(
    issues: tuple[Issue, ...], segments: tuple[tuple[int, int], ...]
) -> tuple[tuple[int, int, Issue], ...]:
    """Return each issue inside a template piece as (piece, offset in it); drop the others."""
    anchored = []
    for issue in issues:
        for number, (start, end) in enumerate(segments):
            if start <= issue.offset and issue.end <= end:
                anchored.append((number, issue.offset - start, issue))
                break
    return tuple(anchored)
