"""Helpers to write small template families into a temporary folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.core.paths import AppPaths
from desktop.core.settings import OrganisationProfile, load_settings

BASE_FRONT = """\
id: {id}
kind: letter
language: {language}
title: Test letter
description: A letter for tests.
category: Tests
series: OUT
subject: "Order {{{{ order_number }}}}"
parts:
  recipient: |
    {{{{ customer_name }}}}
    {{{{ customer_address }}}}
  salutation: "Dear {{{{ customer_name }}}},"
  closing: "Yours sincerely,"
  correspondent_name: "{{{{ customer_name }}}}"
fields:
  customer_name: {{label: Customer name, type: text, required: true}}
  customer_address: {{label: Address, type: multiline}}
  order_number: {{label: Order number, type: text, required: true}}
  amount: {{label: Amount, type: money}}
  due: {{label: Due date, type: date}}
  items: {{label: Items, type: list}}
"""
BASE_BODY = """\
Thank you for order **{{ order_number }}**.

{% if amount %}
We refund {{ amount }} by {{ due }}.
{% endif %}

{% for item in items %}
- {{ item }}
{% endfor %}
"""

WriteTemplate = Callable[..., Path]


@pytest.fixture
def org_profile(tmp_path: Path) -> OrganisationProfile:
    """Return the default organisation profile (two signatories: ana, budi)."""
    return load_settings(AppPaths(tmp_path / "data")).organisation


@pytest.fixture
def write_template(tmp_path: Path) -> WriteTemplate:
    """Return a function writing ``<root>/<id>/<language>.md`` from front matter and body."""

    def write(
        template_id: str = "test-letter",
        language: str = "en",
        *,
        front: str | None = None,
        body: str = BASE_BODY,
        root: Path | None = None,
    ) -> Path:
        folder = (root or tmp_path / "templates") / template_id
        folder.mkdir(parents=True, exist_ok=True)
        text = front if front is not None else BASE_FRONT.format(id=template_id, language=language)
        path = folder / f"{language}.md"
        path.write_text("---\n" + textwrap.dedent(text) + "---\n" + body, encoding="utf-8")
        return path

    return write
