"""Property: whatever text a value holds, the Document shows exactly that text, tagged as data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.models import Paragraph, Template, field_origin
from desktop.core.paths import AppPaths
from desktop.core.settings import load_settings
from desktop.core.templates import compose, load_template

FRONT = """---
id: prop
kind: letter
language: en
title: Property
description: d
category: c
series: OUT
subject: "About {{ name }}"
parts:
  recipient: "{{ name }}"
fields:
  name: {label: Name, type: text, required: true}
---
Dear {{ name }}, thanks.
"""
# Any characters but the engine's private markers, surrogates, control characters (dropped from
# values, tested apart) and line breaks (this is a single-line text field).
TEXT = st.text(
    st.characters(
        exclude_categories=("Cs", "Cc"),
        include_characters="\t",
        exclude_characters="\ue000\ue001\ue002\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")


def _template(root: Path) -> Template:
    folder = root / "prop"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en.md").write_text(FRONT, encoding="utf-8")
    return load_template(folder / "en.md", shipped=False)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=TEXT)
def test_literal_any_text_value_is_printed_exactly(tmp_path: Path, value: str) -> None:
    """The value's run, the subject and the recipient carry exactly the (trimmed) value."""
    template = _template(tmp_path)
    profile = load_settings(AppPaths(tmp_path / "data")).organisation
    doc = compose(template, {"name": value}, profile, today=dt.date(2026, 11, 22))
    expected = value.strip()
    (block,) = doc.body
    assert isinstance(block, Paragraph)
    runs = [r for r in block.runs if r.origin == field_origin("name")]
    assert "".join(r.text for r in runs) == expected
    assert block.text == f"Dear {expected}, thanks."
    assert doc.subject == " ".join(f"About {expected}".split())
    assert doc.recipient == (expected,)


MULTI_FRONT = FRONT.replace("type: text, required: true", "type: multiline, required: true")
LINES = st.lists(TEXT, min_size=1, max_size=4).map("\n".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=LINES)
def test_literal_any_multiline_value_keeps_its_lines(tmp_path: Path, value: str) -> None:
    """A multiline value prints its trimmed, non-blank lines joined by line breaks."""
    folder = tmp_path / "prop"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en.md").write_text(MULTI_FRONT, encoding="utf-8")
    template = load_template(folder / "en.md", shipped=False)
    profile = load_settings(AppPaths(tmp_path / "data")).organisation
    doc = compose(template, {"name": value}, profile, today=dt.date(2026, 11, 22))
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    runs = [r for r in doc.iter_runs() if r.origin == field_origin("name")]
    assert "".join(r.text for r in runs) == "\n".join(lines)
    assert doc.recipient == tuple(lines)
