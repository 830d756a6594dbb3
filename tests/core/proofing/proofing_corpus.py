"""Load the labelled corpus and score a proofer on it (shared by the corpus tests)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from desktop.core.proofing import Issue, Proofer, ProofingReport

CORPUS_DIR = Path(__file__).resolve().parents[2] / "data" / "proofing"


def load(language: str) -> dict[str, Any]:
    """Return the corpus of a language."""
    return yaml.safe_load((CORPUS_DIR / f"{language}.yaml").read_text(encoding="utf-8"))


def field_spans(text: str, fields: dict[str, str]) -> list[tuple[int, int, str]]:
    """Return the spans of each field value's occurrences in a text."""
    spans = []
    for name, value in fields.items():
        start = text.find(value)
        while start >= 0:
            spans.append((start, start + len(value), f"field:{name}"))
            start = text.find(value, start + len(value))
    return spans


def matches(report: ProofingReport, issue: Issue, category: str, needle: str) -> bool:
    """Return whether an issue satisfies an expectation [category, needle]."""
    return issue.category == category and (
        needle in issue.rule_id or needle.lower() in report.flagged(issue).lower()
    )


@dataclass
class Score:
    """Counts per category over the labelled sentences and the clean letters."""

    expected: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)
    true_flags: Counter[str] = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    letter_false_positives: list[str] = field(default_factory=list)
    letter_words: int = 0

    def recall(self, category: str) -> float:
        """Return the share of expected issues found in a category."""
        return self.found[category] / self.expected[category] if self.expected[category] else 1.0

    def precision(self, category: str) -> float:
        """Return the share of flagged issues that were expected, in a category."""
        return self.true_flags[category] / self.flagged[category] if self.flagged[category] else 1.0


def score(proofer: Proofer, language: str) -> Score:
    """Check every corpus entry and count hits, misses and false flags."""
    data = load(language)
    result = Score()
    for entry in data["sentences"]:
        report = proofer.check_text(entry["text"], language, kind=entry.get("kind", "memo"))
        expected = [tuple(e) for e in entry.get("expect", [])]
        for category, needle in expected:
            result.expected[category] += 1
            if any(matches(report, i, category, needle) for i in report.issues):
                result.found[category] += 1
            else:
                result.missed.append(f"{category}:{needle} in {entry['text']!r}")
        for issue in report.issues:
            result.flagged[issue.category] += 1
            if any(matches(report, issue, c, n) for c, n in expected):
                result.true_flags[issue.category] += 1
            else:
                result.unexpected.append(f"{issue.rule_id} {report.flagged(issue)!r}")
    for letter in data["clean_letters"]:
        text = letter["text"]
        spans = field_spans(text, letter.get("fields") or {})
        report = proofer.check_text(
            text, letter.get("language", language), spans=spans, kind=letter.get("kind", "letter")
        )
        result.letter_words += len(text.split())
        for issue in report.issues:
            result.flagged[issue.category] += 1
            result.letter_false_positives.append(
                f"{issue.rule_id} {report.flagged(issue)!r}: {issue.message}"
            )
    return result


def large_text(language: str, size: int) -> str:
    """Return ``size`` characters of the labelled corpus, every sentence made unique.

    Clean letters and the sentences with known mistakes, repeated with a reference number
    before each sentence's final mark so that no cache hides the work (the 1 MB bound test
    and ``bench/proofing.py`` check this text).
    """
    import re

    corpus = load(language)
    pieces = [letter["text"] for letter in corpus["clean_letters"]]
    pieces += [item["text"] for item in corpus.get("sentences", [])]
    end = re.compile(r"([.?!])(\s|$)")
    parts: list[str] = []
    total = n = 0
    while total < size:
        piece = end.sub(
            lambda m, n=n: f" (ref {n}){m.group(1)}{m.group(2)}", pieces[n % len(pieces)]
        )
        parts.append(piece)
        total += len(piece) + 2
        n += 1
    return "\n\n".join(parts)[:size]
