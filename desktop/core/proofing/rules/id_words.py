"""Built-in rules for id_words: placeholder until the rule set lands (no rules yet)."""

from __future__ import annotations

from desktop.core.proofing.model import CheckInput, Issue


class _Rules:
    name = "builtin-id_words"

    def check(self, item: CheckInput) -> list[Issue]:
        return []


def checker(language: str) -> _Rules:
    """Return the rule set for a language."""
    return _Rules()
