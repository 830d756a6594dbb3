"""Built-in rule sets: grammar and usage rules per language, run on every paragraph.

They run beside whichever grammar engine the language has (LanguageTool, Harper), and alone
where there is none (Indonesian; Portuguese without a LanguageTool server). Each module of this
package owns one rule set and exposes ``checker(language) -> RuleSet``; :data:`RULE_MODULES`
says which rule sets run for a language.
"""

from __future__ import annotations

from importlib import import_module
from typing import Protocol

from desktop.core.proofing.model import CheckInput, Issue

RULE_MODULES: dict[str, tuple[str, ...]] = {
    "en": ("en",),
    "en-GB": ("en",),
    "pt-BR": ("pt_br",),
    "id": ("id", "id_words"),
}


class RuleSet(Protocol):
    """A language's built-in rules: checks one paragraph, names itself in reports."""

    name: str

    def check(self, item: CheckInput) -> list[Issue]:
        """Return the issues found in ``item.text`` (offsets relative to it)."""
        ...


def builtin_rule_sets(language: str) -> tuple[RuleSet, ...]:
    """Return the built-in rule sets of a language (our codes: en, en-GB, pt-BR, id)."""
    return tuple(
        import_module(f"{__name__}.{module}").checker(language)
        for module in RULE_MODULES.get(language, ())
    )
