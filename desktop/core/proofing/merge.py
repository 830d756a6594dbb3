"""Combine the checkers' issues: shift offsets, drop duplicates, attach where text came from."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import replace

from desktop.core.proofing.model import SEVERITY_RANK, Issue

ENGINE_PREFIXES = ("harper.", "languagetool.")


def shift(issues: Iterable[Issue], by: int) -> list[Issue]:
    """Return the issues moved ``by`` characters (paragraph offsets to text offsets)."""
    return [replace(i, offset=i.offset + by) if by else i for i in issues]


def _preference(issue: Issue) -> tuple[int, int, int]:
    engine = issue.rule_id.startswith(ENGINE_PREFIXES)
    generic = issue.rule_id == "spelling.unknown"
    return (int(engine), int(generic), SEVERITY_RANK.get(issue.severity, 3))


def merge_issues(
    issues: Iterable[Issue],
    protected: Sequence[tuple[int, int]],
    spans: Sequence[tuple[int, int, str]],
) -> list[Issue]:
    """De-duplicate and sort issues, drop those inside field values, set each one's source.

    Two issues on the same range keep the more specific one (our rule over an engine's, a
    house-style spelling rule over "unknown word"). An engine's issue that overlaps one of our
    rules in the same category is dropped (e.g. Harper's and our repeated-word rule).
    """
    best: dict[tuple[int, int], Issue] = {}
    others: list[Issue] = []
    for issue in issues:
        if any(s <= issue.offset and issue.end <= e for s, e in protected) and issue.length:
            continue
        key = (issue.offset, issue.length)
        current = best.get(key)
        if current is None:
            best[key] = issue
        elif current.category == issue.category or "spelling.unknown" in (
            current.rule_id,
            issue.rule_id,
        ):
            if _preference(issue) < _preference(current):
                best[key] = issue
        else:
            others.append(issue)
    kept = list(best.values()) + others
    ours: dict[str, list[tuple[int, int]]] = {}
    for issue in kept:
        if not issue.rule_id.startswith(ENGINE_PREFIXES) and issue.rule_id not in (
            "style.long_sentence",
            "style.long_paragraph",
        ):
            ours.setdefault(issue.category, []).append((issue.offset, issue.end))
    for ranges in ours.values():
        ranges.sort()
    exact = {(i.offset, i.length) for i in kept if not i.rule_id.startswith(ENGINE_PREFIXES)}
    result = [
        i
        for i in kept
        if not (
            i.rule_id.startswith(ENGINE_PREFIXES)
            and ((i.offset, i.length) in exact or _overlaps(ours.get(i.category, []), i))
        )
    ]
    result.sort(key=lambda i: (i.offset, i.length, i.rule_id))
    return _with_sources(result, spans)


def _overlaps(ranges: list[tuple[int, int]], issue: Issue) -> bool:
    index = bisect.bisect_left(ranges, (issue.end, issue.end))
    for start, end in ranges[max(0, index - 8) : index]:
        if start < issue.end and issue.offset < end:
            return True
    return False


def _with_sources(issues: list[Issue], spans: Sequence[tuple[int, int, str]]) -> list[Issue]:
    if not spans:
        return issues
    ordered = sorted(spans)
    starts = [s for s, _e, _o in ordered]
    result = []
    for issue in issues:
        index = bisect.bisect_right(starts, issue.offset) - 1
        source = ""
        if index >= 0:
            start, end, origin = ordered[index]
            if start <= issue.offset < end or (issue.length == 0 and issue.offset == end):
                source = origin
        result.append(replace(issue, source=source) if source else issue)
    return result
