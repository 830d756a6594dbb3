"""Compose: values come out literally, runs remember their origin, edits are literal text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.core.errors import TemplateError
from desktop.core.models import ORIGIN_EDIT, ListBlock, Paragraph, Table, field_origin
from desktop.core.paths import AppPaths
from desktop.core.settings import OrganisationProfile, load_settings
from desktop.core.templates import Catalog, compose
from tests.core.templates.conftest import WriteTemplate

HOSTILE = [
    "Silva & Filhos <Ltda>",
    "{{ 7*7 }}",
    "*bold*",
    "_x_",
    "\"q\" 'q'",
    "😀",
    "ação",
    "=SUM(A1)",
    "# not a heading",
    "1. not a list",
    "\\ back > slash",
]
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def profile(tmp_path: Path) -> OrganisationProfile:
    return load_settings(AppPaths(tmp_path / "data")).organisation


def _template(
    tmp_path: Path, write_template: WriteTemplate, language: str = "en", body: str | None = None
):  # type: ignore[no-untyped-def]
    kwargs = {"body": body} if body is not None else {}
    write_template(language=language, **kwargs)
    return Catalog.load(None, tmp_path / "templates").get("test-letter", language)


@pytest.mark.parametrize("value", HOSTILE)
def test_compose_hostile_value_is_literal_everywhere(
    tmp_path: Path, write_template: WriteTemplate, profile: OrganisationProfile, value: str
) -> None:
    """A hostile value appears unchanged in the subject, recipient, salutation, body and list."""
    template = _template(tmp_path, write_template)
    doc = compose(
        template,
        {"customer_name": value, "order_number": value, "items": [value]},
        profile,
        today=TODAY,
    )
    assert doc.subject == f"Order {value}"
    assert doc.recipient[0] == value
    assert doc.salutation == f"Dear {value},"
    assert value in doc.body_text()
    lists = [b for b in doc.body if isinstance(b, ListBlock)]
    assert "".join(r.text for r in lists[0].items[0]) == value
    assert doc.correspondent_name == value
    assert "49" not in doc.body_text()


def test_compose_runs_tagged_with_their_field(
    tmp_path: Path, write_template: WriteTemplate, profile: OrganisationProfile
) -> None:
    """Field text is tagged field:<name>, template text 'template', and bold survives."""
    template = _template(tmp_path, write_template)
    doc = compose(
        template,
        {"customer_name": "Ana", "order_number": "A-1", "amount": "10"},
        profile,
        today=TODAY,
    )
    first = doc.body[0]
    assert isinstance(first, Paragraph)
    order = next(r for r in first.runs if r.text == "A-1")
    assert order.origin == field_origin("order_number") and order.bold
    assert first.runs[0].origin == "template"
    amount_runs = [r for r in doc.iter_runs() if r.origin == field_origin("amount")]
    assert amount_runs[0].text == "$10.00"


def test_compose_multiline_value_keeps_lines(
    tmp_path: Path, write_template: WriteTemplate, profile: OrganisationProfile
) -> None:
    """A multiline address becomes recipient lines, blank lines dropped."""
    template = _template(tmp_path, write_template)
    doc = compose(
        template,
        {
            "customer_name": "Ana",
            "order_number": "1",
            "customer_address": "Rua A, 1\n\n  São Paulo - SP\n",
        },
        profile,
        today=TODAY,
    )
    assert doc.recipient == ("Ana", "Rua A, 1", "São Paulo - SP")


def test_compose_table_and_heading(
    tmp_path: Path, write_template: WriteTemplate, profile: OrganisationProfile
) -> None:
    """Pipe tables and headings become Table and heading Paragraph blocks with literal values."""
    body = "### Summary\n\n| Item | Value |\n|---|---|\n| Order | {{ order_number }} |\n"
    template = _template(tmp_path, write_template, body=body)
    doc = compose(template, {"customer_name": "Ana", "order_number": "a|b"}, profile, today=TODAY)
    heading, table = doc.body
    assert isinstance(heading, Paragraph) and heading.heading == 3
    assert isinstance(table, Table)
    assert "".join(r.text for r in table.rows[1][1]) == "a|b"


def test_compose_pt_br_formats_money_and_dates(
    tmp_path: Path, write_template: WriteTemplate, profile: OrganisationProfile
) -> None:
    """A pt-BR letter prints R$ 1.250,00 and 22 de novembro de 2026."""
    template = _template(tmp_path, write_template, language="pt-BR")
    doc = compose(
        template,
        {"customer_name": "Ana", "order_number": "1", "amount": "1250", "due": "2026-11-22"},
        profile,
        today=TODAY,
    )
    assert "R$\xa01.250,00 by 22 de novembro de 2026" in doc.body_text()


def test_compose_signatory_and_profile_parts(
    tmp_path: Path, write_template: WriteTemplate, profile: OrganisationProfile
) -> None:
    """The first signatory of the profile signs by default; place is the profile's city."""
    template = _template(tmp_path, write_template)
    doc = compose(template, {"customer_name": "Ana", "order_number": "1"}, profile, today=TODAY)
    assert doc.signatory is not None and doc.signatory.name == profile.signatories[0].name
    assert doc.place == profile.city
    assert doc.date == TODAY and doc.is_draft
    assert len(doc.template_hash) == 64


def test_compose_body_override_is_literal_and_tags_values(
    tmp_path: Path, write_template: WriteTemplate, profile: OrganisationProfile
) -> None:
    """An edited body is plain text: '*' stays, lists are lines, field values keep their origin."""
    template = _template(tmp_path, write_template)
    edited = "Dear Ana, about *order* A-1:\n\n- first point\n- second point\n"
    doc = compose(
        template,
        {"customer_name": "Ana", "order_number": "A-1"},
        profile,
        today=TODAY,
        body_override=edited,
    )
    paragraph, items = doc.body
    assert isinstance(paragraph, Paragraph) and "*order*" in paragraph.text
    assert {r.origin for r in paragraph.runs} == {
        ORIGIN_EDIT,
        field_origin("customer_name"),
        field_origin("order_number"),
    }
    assert isinstance(items, ListBlock) and len(items.items) == 2


def test_compose_sandbox_refuses_attribute_access(
    tmp_path: Path, write_template: WriteTemplate, profile: OrganisationProfile
) -> None:
    """A template cannot reach Python internals through a value."""
    body = "{{ customer_name.__class__.__mro__ }}\n"
    template = _template(tmp_path, write_template, body=body)
    with pytest.raises(TemplateError):
        compose(template, {"customer_name": "Ana", "order_number": "1"}, profile, today=TODAY)
