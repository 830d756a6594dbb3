"""The picker's preview of a runaway user template ends (short budget) and shows its text."""

from __future__ import annotations

from pathlib import Path

RUNAWAY = """\
---
id: runaway
kind: letter
language: en
title: Runaway letter
description: Loops for ever.
category: Tests
series: OUT
subject: "Runaway"
fields:
  name: {label: Name, type: text}
---
{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}Never here.
"""


def test_preview_of_a_runaway_template_falls_back_to_its_text(window, qtbot) -> None:
    ctx = window.ctx
    folder = Path(ctx.paths.user_templates_dir) / "runaway"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en.md").write_text(RUNAWAY, encoding="utf-8")
    ctx.__dict__.pop("catalog", None)
    assert ctx.catalog.problems == []  # listing never runs the body
    picker = window.composer.picker
    picker.set_templates(ctx.catalog.templates())
    assert picker.select("runaway", "en")
    text = picker.preview.toPlainText()
    assert "Runaway letter" in text
    assert "{% for i in range(10000) %}" in text  # the source, not a rendered letter
    assert picker.select("order-shipped", "en")  # the other templates still preview
    assert "{{" not in picker.preview.toPlainText()
