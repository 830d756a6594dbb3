"""``after:`` on date fields: checked when the template loads, a warning (never a block) at use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.core.errors import TemplateError
from desktop.core.paths import AppPaths
from desktop.core.proofing import Proofer
from desktop.core.settings import Settings, load_settings
from desktop.core.templates import Catalog, compose, load_template
from desktop.core.templates.fields import date_order_warnings, validate_values
from tests.core.templates.conftest import BASE_FRONT, WriteTemplate

TODAY = dt.date(2026, 11, 20)


def _front(due: str) -> str:
    text = BASE_FRONT.format(id="test-letter", language="en")
    return text.replace("  due: {label: Due date, type: date}", due)


def _template(write_template: WriteTemplate, due: str):
    return load_template(write_template(front=_front(due)), shipped=True)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("  due: {label: Due date, type: text, after: today}", "only for date fields"),
        ("  due: {label: Due date, type: date, after: invoice}", "'invoice'"),
        ("  due: {label: Due date, type: date, after: due}", "itself"),
        ("  due: {label: Due date, type: date, after: amount}", "not a date field"),
        ("  due: {label: Due date, type: date, after: [1]}", "names another date field"),
    ],
)
def test_a_wrong_after_is_refused_with_its_line(
    write_template: WriteTemplate, line: str, problem: str
) -> None:
    """A bad ``after:`` names the field and the line in the template file."""
    path = write_template(front=_front(line))
    with pytest.raises(TemplateError) as info:
        load_template(path, shipped=True)
    assert problem in info.value.message
    assert info.value.field == "due"
    assert info.value.line is not None
    assert path.read_text(encoding="utf-8").splitlines()[info.value.line - 1].startswith("  due:")


@pytest.mark.parametrize(
    ("due", "warned"),
    [("2026-11-19", True), ("2026-11-20", True), ("2026-11-21", False)],
)
def test_after_today_warns_on_a_date_not_after_the_letter(
    write_template: WriteTemplate, due: str, warned: bool
) -> None:
    """A due date on or before the letter's date gives one warning naming the field."""
    template = _template(write_template, "  due: {label: Due date, type: date, after: today}")
    values = validate_values(template, {"customer_name": "A", "order_number": "1", "due": due})
    warnings = date_order_warnings(template, values, TODAY)
    assert len(warnings) == int(warned)
    if warned:
        assert "Due date" in warnings[0] and due in warnings[0] and "2026-11-20" in warnings[0]


def test_after_another_field_compares_with_that_field(write_template: WriteTemplate) -> None:
    """``after: <field>`` compares with the other date; an empty other date is not compared."""
    front = _front(
        "  start: {label: From, type: date}\n  due: {label: Until, type: date, after: start}"
    )
    template = load_template(write_template(front=front), shipped=True)
    base = {"customer_name": "A", "order_number": "1"}
    early = validate_values(template, {**base, "start": "2026-12-10", "due": "2026-12-01"})
    assert any("From" in w and "Until" in w for w in date_order_warnings(template, early, TODAY))
    later = validate_values(template, {**base, "start": "2026-12-01", "due": "2026-12-10"})
    assert date_order_warnings(template, later, TODAY) == ()
    empty = validate_values(template, {**base, "due": "2026-01-01"})
    assert date_order_warnings(template, empty, TODAY) == ()


@pytest.mark.parametrize("language", ["en", "pt-BR", "id"])
def test_shipped_refund_date_in_the_past_is_a_proofing_notice_not_a_block(
    language: str, tmp_path: Path
) -> None:
    """A refund date before the letter composes, and proofing reports it as a notice."""
    catalog = Catalog.load(None)
    template = catalog.get("refund-approved", language)
    assert template.field_spec("refund_date").after == "today"
    from desktop.core.services.sample_values import sample_values

    values = sample_values(template, TODAY)
    values["refund_date"] = "2026-11-01"
    profile = load_settings(AppPaths(tmp_path / "data")).organisation
    doc = compose(template, values, profile, today=TODAY)
    assert len(doc.notices) == 1 and "2026-11-01" in doc.notices[0]
    report = Proofer(Settings(), AppPaths(tmp_path / "data").ensure()).check_document(doc)
    assert doc.notices[0] in report.notices
    assert not any("2026-11-01" in i.message for i in report.blocking)
    values["refund_date"] = "2026-12-01"
    assert compose(template, values, profile, today=TODAY).notices == ()
