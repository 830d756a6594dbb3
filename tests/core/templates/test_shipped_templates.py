"""Every shipped family: all three languages, the same fields, and hostile values come out literally.

The library in ``letter_templates/`` is written by the template writers; this module checks what is
there (it skips only when the folder holds no family at all).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, nodes

from desktop.core.models import FieldSpec, Template
from desktop.core.paths import AppPaths
from desktop.core.settings import load_settings
from desktop.core.templates import Catalog, compose

HOSTILE = "Silva & Filhos <Ltda> {{ 7*7 }} *bold* _x_ \"q\" 'q' 😀 ação =SUM(A1)"
HOSTILE_LINES = HOSTILE + "\n# not a heading\n1. not a list"
LANGUAGES = ("en", "pt-BR", "id")
# Values for fields with a pattern: hostile where the pattern allows (URLs may carry & and <).
PATTERNED_SAMPLES = ("A-1001", "https://track.example/?id=A&b=<1>", "12345")
CATALOG = Catalog.load(None)
FAMILIES = CATALOG.families()

pytestmark = pytest.mark.skipif(
    not FAMILIES and not CATALOG.problems, reason="no shipped template families yet"
)


def hostile_value(spec: FieldSpec) -> Any:
    """Return a valid but hostile value for a field of any type (None: a patterned text field)."""
    mark = f" [{spec.name}]"  # each field's value is distinct, so each one is checked
    if spec.type == "text":
        return None if spec.pattern else HOSTILE + mark
    return {
        "multiline": HOSTILE_LINES + mark,
        "email": "silva&filhos+test@example.com",
        "date": "2026-11-22",
        "money": 1250.5,
        "number": "3",
        "choice": spec.choices[0] if spec.choices else "",
        "bool": True,
        "list": [HOSTILE + mark, "second"],
    }[spec.type]


def hostile_values(template: Template) -> dict[str, Any]:
    """Return hostile values for every field of a template (signatory ids stay real ids)."""
    values: dict[str, Any] = {}
    for spec in template.fields:
        value = hostile_value(spec)
        if value is None:  # a patterned text field: its default or a sample that fits the pattern
            value = spec.default or next(
                c for c in PATTERNED_SAMPLES if re.fullmatch(spec.pattern, c)
            )
        if spec.name == "signatory":
            value = "ana"
        values[spec.name] = value
    return values


def document_text(template: Template, tmp_path: Path) -> str:
    """Compose with hostile values and return every printed text of the Document."""
    profile = load_settings(AppPaths(tmp_path)).organisation
    doc = compose(template, hostile_values(template), profile, today=dt.date(2026, 11, 22))
    assert doc.body, f"{template.key} has an empty body"
    return "\n".join(
        [
            doc.subject,
            doc.your_ref,
            *doc.recipient,
            doc.salutation,
            doc.body_text(),
            doc.closing,
            *doc.copies,
            *doc.enclosures,
            doc.classification,
            doc.memo_to,
            doc.memo_from,
            doc.memo_cc,
            doc.correspondent_name,
            doc.correspondent_organisation,
        ]
    )


def names_printed(template: Template) -> set[str]:
    """Return the names a template prints with ``{{ }}`` (subject, parts or body)."""
    env = Environment()
    names: set[str] = set()
    for source in (template.subject, template.body, *template.parts.values()):
        for output in env.parse(source).find_all(nodes.Output):
            for expr in output.nodes:
                if not isinstance(expr, nodes.TemplateData):
                    names.update(n.name for n in expr.find_all(nodes.Name))
        for loop in env.parse(source).find_all(nodes.For):
            names.update(n.name for n in loop.iter.find_all(nodes.Name))
    return names


def test_shipped_catalog_loads_without_problems() -> None:
    """No shipped file is broken (front matter, Jinja, undeclared names, mismatched variants)."""
    assert [p.describe() for p in CATALOG.problems] == []


@pytest.mark.parametrize("family", FAMILIES)
def test_shipped_family_variants_declare_the_same_fields(family: str) -> None:
    """en, pt-BR and id exist and declare the same field names, types and choice values."""
    variants = CATALOG.variants(family)
    assert sorted(variants) == sorted(LANGUAGES)
    shapes = {lang: [(s.name, s.type, s.choices) for s in t.fields] for lang, t in variants.items()}
    assert shapes["pt-BR"] == shapes["en"], f"{family}: pt-BR fields differ from en"
    assert shapes["id"] == shapes["en"], f"{family}: id fields differ from en"
    assert len({t.kind for t in variants.values()}) == 1, f"{family}: kinds differ"


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_template_renders_hostile_values_literally(
    family: str, language: str, tmp_path: Path
) -> None:
    """Every variant composes with hostile values, and each text value appears literally."""
    template = CATALOG.get(family, language)
    everything = document_text(template, tmp_path)
    printed = names_printed(template)
    values = hostile_values(template)
    for spec in template.fields:
        if spec.name not in printed or spec.name == "signatory":
            continue
        value = values[spec.name]
        if spec.type == "text" and not spec.pattern:
            assert value in everything, f"{template.key}: value of {spec.name} missing or altered"
        elif spec.type == "multiline":
            for line in value.split("\n"):
                assert line in everything, f"{template.key}: line {line!r} of {spec.name} altered"
        elif spec.type == "list":
            assert value[0] in everything, f"{template.key}: item of {spec.name} missing or altered"
    assert "49" not in everything.replace("2026", ""), f"{template.key}: a value was evaluated"
