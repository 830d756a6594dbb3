"""Every shipped family: all three languages, the same fields, and hostile values come out literally."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from desktop.core.models import FieldSpec
from desktop.core.paths import AppPaths
from desktop.core.settings import load_settings
from desktop.core.templates import Catalog, compose

HOSTILE = "Silva & Filhos <Ltda> {{ 7*7 }} *bold* _x_ \"q\" 'q' 😀 ação =SUM(A1)"
LANGUAGES = ("en", "pt-BR", "id")
CATALOG = Catalog.load(None)
FAMILIES = CATALOG.families()


def hostile_value(spec: FieldSpec) -> Any:
    """Return a valid but hostile value for a field of any type."""
    if spec.type in ("text", "multiline"):
        if spec.pattern:
            return None
        return HOSTILE
    return {
        "email": "silva&filhos+test@example.com",
        "date": "2026-11-22",
        "money": "1250.5",
        "number": "3",
        "choice": spec.choices[0] if spec.choices else "",
        "bool": True,
        "list": [HOSTILE, "second"],
    }[spec.type]


def test_shipped_catalog_loads_without_problems() -> None:
    """The shipped library has no broken file and at least 12 families."""
    assert [p.describe() for p in CATALOG.problems] == []
    assert len(FAMILIES) >= 12


def test_shipped_catalog_covers_every_kind() -> None:
    """Letters, memos, e-mails and at least three chat snippets are shipped."""
    kinds = [CATALOG.get(f, "en").kind for f in FAMILIES]
    assert {"letter", "memo", "email", "snippet"} <= set(kinds)
    assert kinds.count("snippet") >= 3


@pytest.mark.parametrize("family", FAMILIES)
def test_shipped_family_variants_declare_the_same_fields(family: str) -> None:
    """en, pt-BR and id exist and declare the same field names, types and choice values."""
    variants = CATALOG.variants(family)
    assert sorted(variants) == sorted(LANGUAGES)
    shapes = {
        lang: [(s.name, s.type, s.choices, s.required) for s in t.fields] for lang, t in variants.items()
    }
    assert shapes["pt-BR"] == shapes["en"] and shapes["id"] == shapes["en"]
    assert len({t.kind for t in variants.values()}) == 1


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_template_renders_hostile_values_literally(family: str, language: str, tmp_path: Path) -> None:
    """Every variant composes with hostile values, and each text value appears literally."""
    template = CATALOG.get(family, language)
    profile = load_settings(AppPaths(tmp_path)).organisation
    values: dict[str, Any] = {}
    for spec in template.fields:
        value = hostile_value(spec)
        if value is None:  # a patterned text field: use its default or a plain code
            value = spec.default or "A-1001"
        if spec.name == "signatory":
            value = "ana"
        values[spec.name] = value
    doc = compose(template, values, profile, today=dt.date(2026, 11, 22))
    everything = "\n".join(
        [doc.subject, *doc.recipient, doc.salutation, doc.body_text(), doc.closing, *doc.copies, *doc.enclosures,
         doc.memo_to, doc.memo_from, doc.memo_cc]
    )
    used = [name for name, value in values.items() if value == HOSTILE and name in _names_used(template)]
    for name in used:
        assert HOSTILE in everything, f"{template.key}: value of {name} missing or altered"
    assert "49" not in everything.replace("2026", "")
    assert doc.body, f"{template.key} has an empty body"


def _names_used(template: Any) -> set[str]:
    text = template.subject + template.body + "".join(template.parts.values())
    return {spec.name for spec in template.fields if spec.name in text}
