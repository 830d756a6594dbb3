"""Every shipped template, filled with plausible values, passes proofing with no issue at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from desktop.core.models import FieldSpec
from desktop.core.services.context import AppContext
from desktop.core.templates import Catalog, compose

CATALOG = Catalog.load(None)
KEYS = sorted(CATALOG.items)


def plausible_value(spec: FieldSpec) -> Any:
    """Return an ordinary value a member of staff would type for this field."""
    if spec.name == "signatory":
        return "ana"
    if spec.default not in (None, ""):
        return spec.default
    return {
        "email": "maria.souza@example.com",
        "date": "2026-12-01",
        "money": "1250",
        "number": "3",
        "choice": spec.choices[0] if spec.choices else "",
        "bool": True,
        "list": ["Maria Souza", "Budi Hartono"],
        "multiline": "Maria Souza",
    }.get(spec.type, "https://track.example/A1" if spec.pattern else "Maria Souza")


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> AppContext:
    return AppContext.create(str(tmp_path_factory.mktemp("data")))


@pytest.mark.parametrize(("template_id", "language"), KEYS, ids=[f"{i}-{lang}" for i, lang in KEYS])
def test_shipped_template_proofs_clean(
    ctx: AppContext, template_id: str, language: str, tmp_path: Path
) -> None:
    """Staff must be able to issue a shipped template as it stands: no spelling, grammar or style issue."""
    template = CATALOG.get(template_id, language)
    doc = compose(
        template,
        {spec.name: plausible_value(spec) for spec in template.fields},
        ctx.settings.organisation,
        today=dt.date(2026, 11, 25),
    )
    report = ctx.proofer.check_document(doc)
    found = [(i.rule_id, report.text[i.offset : i.offset + i.length]) for i in report.issues]
    assert found == []
