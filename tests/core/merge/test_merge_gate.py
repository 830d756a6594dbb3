"""The merge's proofing gate: one full check per template text, exact for blocking issues."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from desktop.core.merge.gate import MergeGate
from desktop.core.rendering.samples import HOSTILE
from desktop.core.services.compose import compose_document
from desktop.core.services.context import AppContext
from desktop.core.services.merge import plan_merge, run_merge

TEMPLATE = """---
id: gate-test
kind: letter
language: en
title: Gate test
description: A letter with a branch only some rows reach.
category: Tests
series: OUT
subject: "Order {{ order }}"
parts:
  recipient: "{{ name }}"
  salutation: "Dear {{ name }},"
  closing: "Yours sincerely,"
fields:
  name: {label: Name, type: text, required: true}
  order: {label: Order, type: text, required: true}
  rush: {label: Rush, type: choice, choices: ["yes", "no", "glued"], default: "no"}
---
Thank you for order {{ order }}, which we have received.

{% if rush == "yes" %}
We will send it by XXX courier tomorrow.
{% endif %}

{% if rush == "glued" %}
Keep reference {{ order }}XXX for your records.
{% endif %}

We remain at your disposal, {{ name }}.
"""


def _clock() -> dt.datetime:
    return dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def ctx(tmp_path: Path) -> AppContext:
    folder = tmp_path / "data" / "templates" / "gate-test"
    folder.mkdir(parents=True)
    (folder / "en.md").write_text(TEMPLATE, encoding="utf-8")
    return AppContext.create(str(tmp_path / "data"), clock=_clock)


def _blocking(report_issues: list[dict]) -> list[tuple[str, int, int, str]]:
    return sorted(
        (i["rule_id"], i["offset"], i["length"], i["text"])
        for i in report_issues
        if i["severity"] == "error"
    )


def test_gate_blocking_issues_equal_a_full_check_of_every_row(ctx: AppContext) -> None:
    """Over varied and hostile values, the gate blocks exactly what a full check blocks."""
    gate = MergeGate(ctx.proofer)
    orders = ["A-1", "Ltd.", "B 22", "x", "O'Neil", "a/b", "(7)", *HOSTILE]
    names = ["Ana Souza", "Silva & Filhos <Ltda>", "José", "XXX", "Dear John", *HOSTILE]
    rows = [
        (name, order, rush)
        for name in names[:6]
        for order in orders
        for rush in ("yes", "no", "glued")
    ]
    for number, (name, order, rush) in enumerate(rows, start=2):
        values = {"name": name, "order": order, "rush": rush}
        doc = compose_document(ctx, "gate-test", "en", values)
        full = ctx.proofer.check_document(doc).summary()
        result = gate.check(number, doc)
        assert _blocking(result.summary["issues"]) == _blocking(full["issues"]), values
        assert result.blocking == full["blocking"]
    assert gate.reused > gate.full_checks  # the cache did its work


def test_gate_keeps_a_value_glued_to_template_text_in_the_key(ctx: AppContext) -> None:
    """'A-1XXX' hides the placeholder in a code, 'Ltd.XXX' does not: two keys, two answers."""
    gate = MergeGate(ctx.proofer)
    glued = {"name": "Ana", "rush": "glued"}
    code = compose_document(ctx, "gate-test", "en", {**glued, "order": "A-1"})
    word = compose_document(ctx, "gate-test", "en", {**glued, "order": "Ltd."})
    assert gate.check(2, code).blocking == 0
    assert gate.check(3, word).blocking == 1
    assert gate.full_checks == 2


def test_merge_blocks_only_rows_reaching_a_branch_with_an_error(
    tmp_path: Path, ctx: AppContext
) -> None:
    """Rows through the flawed branch are refused; the others are issued, most from the cache."""
    data = tmp_path / "rows.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "order", "rush"])
        for i in range(1, 9):
            writer.writerow([f"Client {i}", f"A-{i}", "yes" if i in (3, 7) else "no"])
    plan = plan_merge(ctx, "gate-test", "en", data, formats="pdf")
    report = run_merge(ctx, plan, out_dir=tmp_path / "out")
    assert sorted(p.row for p in report.failed) == [4, 8]
    assert all("blocking" in p.message for p in report.failed)
    assert len(report.issued) == 6
    later = ctx.register.get(report.issued[-1]["reference"])
    assert any("Proofed as row 2" in note for note in later.proofing_summary["notices"])
