"""The severity policy: which findings block issuing, per kind of text.

A checker gives each finding a severity of its own; the organisation's policy then decides, per
group of kinds, which rule ids or categories are errors (block issuing), warnings or hints. The
groups follow how a text reaches its reader:

- ``customer``: letters and e-mails, read by a customer with the organisation's name on them;
- ``snippet``: chat replies, short and informal by nature;
- ``memo``: internal memos, read by colleagues.

A key is a rule id (``style.informal``), a rule family (``placeholder``: every ``placeholder.*``
rule) or a category (``grammar``); the most specific key that matches wins. Settings
(``[proofing.severity.customer]`` and so on) change single keys and keep the other defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType

from desktop.core.proofing.model import Issue

KIND_GROUPS: Mapping[str, str] = MappingProxyType(
    {"letter": "customer", "email": "customer", "snippet": "snippet", "memo": "memo"}
)

_ALWAYS = {
    "spelling.unknown": "error",  # an unknown lowercase word
    "spelling.probable_name": "hint",  # a capitalised unknown word inside a sentence
    "placeholder.unfilled": "error",  # [NAME], XXX, <customer> left in the text
    # (placeholder.name, a named addressee no field explains, keeps its own warning)
    "style.obscene": "error",  # insults, obscenity and the organisation's banned words
}
DEFAULT_POLICY: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "customer": MappingProxyType(
            {
                **_ALWAYS,
                "style.shouting": "error",
                "style.blaming": "error",
                "style.informal": "warning",
                "style.long_sentence": "warning",
                "style.acronym": "warning",
            }
        ),
        "snippet": MappingProxyType(
            {
                **_ALWAYS,
                "style.shouting": "warning",
                "style.blaming": "warning",
                "style.informal": "warning",
                "style.long_sentence": "hint",
                "style.acronym": "warning",
                "style.exclamation": "hint",
            }
        ),
        "memo": MappingProxyType(
            {
                **_ALWAYS,
                "style.shouting": "warning",
                "style.blaming": "hint",
                "style.informal": "warning",
                "style.long_sentence": "hint",
                "style.acronym": "hint",
            }
        ),
    }
)


def build_policy(
    overrides: Mapping[str, Mapping[str, str]] | None,
) -> dict[str, dict[str, str]]:
    """Return the defaults overlaid with the organisation's settings (validated by settings)."""
    policy = {group: dict(rules) for group, rules in DEFAULT_POLICY.items()}
    for group, rules in (overrides or {}).items():
        policy.setdefault(group, {}).update(rules)
    return policy


def severity_for(rules: Mapping[str, str], issue: Issue) -> str:
    """Return the policy's severity of a finding (its own when no key matches)."""
    rule_id = issue.rule_id
    if rule_id in rules:
        return rules[rule_id]
    family = rule_id.split(".", 1)[0]
    if family in rules:
        return rules[family]
    if issue.category in rules:
        return rules[issue.category]
    return issue.severity


def apply_policy(
    policy: Mapping[str, Mapping[str, str]], kind: str, issues: Iterable[Issue]
) -> list[Issue]:
    """Return the findings with the severities the policy gives them for this kind of text."""
    rules = policy.get(KIND_GROUPS.get(kind, "customer"), {})
    out = []
    for issue in issues:
        severity = severity_for(rules, issue)
        out.append(issue if severity == issue.severity else replace(issue, severity=severity))
    return out
