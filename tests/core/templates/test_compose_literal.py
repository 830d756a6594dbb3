"""Compose: hostile values stay literal in every position; origins, edits and errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from desktop.core.errors import FieldError, TemplateError
from desktop.core.models import (
    ORIGIN_EDIT,
    ORIGIN_TEMPLATE,
    ListBlock,
    Paragraph,
    Template,
    field_origin,
)
from desktop.core.settings import OrganisationProfile
from desktop.core.templates import Catalog, body_to_plain_text, compose, document_from_edit
from tests.core.templates.conftest import BASE_FRONT, WriteTemplate

TODAY = dt.date(2026, 11, 22)
HOSTILE_LINES = "# not a heading\n1. not a list\n- not an item\n> not a quote\n    not code"
BASE = {"customer_name": "Ana", "order_number": "A-1"}


def _load(tmp_path: Path, write_template: WriteTemplate, body: str, front: str = "") -> Template:
    write_template(body=body, **({"front": front} if front else {}))
    return Catalog.load(None, tmp_path / "templates").get("test-letter", "en")


def _runs_of(doc: Any, origin: str) -> str:
    return "".join(r.text for r in doc.iter_runs() if r.origin == origin)


@pytest.mark.parametrize("value", ["# not a heading", "1. not a list", "- x", "> q", "---"])
def test_compose_value_at_line_start_is_not_markdown(
    tmp_path: Path,
    write_template: WriteTemplate,
    org_profile: OrganisationProfile,
    value: str,
) -> None:
    """A value alone on a body line stays one plain paragraph with exactly its text."""
    template = _load(tmp_path, write_template, "{{ customer_name }}\n")
    doc = compose(template, {**BASE, "customer_name": value}, org_profile, today=TODAY)
    (block,) = doc.body
    assert isinstance(block, Paragraph) and block.heading == 0
    assert block.text == value and block.runs[0].origin == field_origin("customer_name")


def test_compose_multiline_value_lines_stay_literal(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """Lines of a multiline value that look like Markdown stay text, joined by line breaks."""
    template = _load(tmp_path, write_template, "Address:\n{{ customer_address }}\n")
    doc = compose(template, {**BASE, "customer_address": HOSTILE_LINES}, org_profile, today=TODAY)
    (block,) = doc.body
    assert isinstance(block, Paragraph)
    expected = "\n".join(line.strip() for line in HOSTILE_LINES.split("\n"))
    assert _runs_of(doc, field_origin("customer_address")) == expected
    assert doc.recipient[1:] == tuple(line.strip() for line in HOSTILE_LINES.split("\n"))


def test_compose_jinja_in_value_is_never_evaluated(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """Template arithmetic runs, a value's '{{ 7*7 }}' and '{% if %}' stay characters."""
    template = _load(tmp_path, write_template, "{{ 6*7 }} {{ customer_name }}\n")
    value = "{{ 7*7 }} {% if true %}x{% endif %} {# c #}"
    doc = compose(template, {**BASE, "customer_name": value}, org_profile, today=TODAY)
    assert doc.body_text() == f"42 {value}"


def test_compose_marker_characters_in_value_are_dropped(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """Private-use marker characters in a value cannot forge another field's run."""
    template = _load(tmp_path, write_template, "{{ customer_name }} {{ order_number }}\n")
    forged = "a\ue0001\ue001b\ue002c"
    doc = compose(template, {**BASE, "customer_name": forged}, org_profile, today=TODAY)
    assert _runs_of(doc, field_origin("customer_name")) == "a1bc"
    assert doc.field_values["customer_name"] == "a1bc"
    assert _runs_of(doc, field_origin("order_number")) == "A-1"


def test_compose_bool_prints_language_word_and_tests_as_bool(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """{{ flag }} prints sim/não in pt-BR; {% if flag %} and == true behave as for a bool."""
    front = BASE_FRONT.format(id="test-letter", language="pt-BR").replace(
        "  items: {label: Items, type: list}", "  gift: {label: Presente, type: bool}"
    )
    write_template(
        language="pt-BR",
        front=front,
        body=(
            "Presente: {{ gift }}.{% if gift %} A{% endif %}{% if gift == true %} B{% endif %}"
            "{% if not gift %} C{% endif %}\n"
        ),
    )
    template = Catalog.load(None, tmp_path / "templates").get("test-letter", "pt-BR")
    yes = compose(template, {**BASE, "gift": "sim"}, org_profile, today=TODAY)
    no = compose(template, {**BASE, "gift": False}, org_profile, today=TODAY)
    assert yes.body_text() == "Presente: sim. A B"
    assert no.body_text() == "Presente: não. C"
    assert yes.field_values["gift"] == "sim"


def test_compose_link_with_value_target(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """A Markdown link whose target is a field value gets the clean URL."""
    template = _load(tmp_path, write_template, "See [your order]({{ order_number }}).\n")
    url = "https://shop.example/orders/a_b?x=1&y=2"
    doc = compose(template, {**BASE, "order_number": url}, org_profile, today=TODAY)
    link = next(r for r in doc.iter_runs() if r.link)
    assert link.text == "your order" and link.link == url


def test_compose_org_and_today_are_literal(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """The organisation name prints literally and is tagged as data; today is a long date."""
    profile = dataclasses.replace(org_profile, name="Silva & *Filhos* <Ltda>")
    template = _load(tmp_path, write_template, "{{ org }}, {{ today }}.\n")
    doc = compose(template, BASE, profile, today=TODAY)
    assert doc.body_text() == "Silva & *Filhos* <Ltda>, 22 November 2026."
    assert _runs_of(doc, field_origin("org")) == "Silva & *Filhos* <Ltda>"


def test_compose_letter_date_field_sets_the_date(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """A declared letter_date field, when given, is the document's date."""
    front = BASE_FRONT.format(id="test-letter", language="en").replace(
        "  items: {label: Items, type: list}", "  letter_date: {label: Date, type: date}"
    )
    template = _load(tmp_path, write_template, "Hello.\n", front=front)
    dated = compose(template, {**BASE, "letter_date": "01/12/2026"}, org_profile, today=TODAY)
    undated = compose(template, BASE, org_profile, today=TODAY)
    assert dated.date == dt.date(2026, 12, 1) and undated.date == TODAY


def test_compose_unknown_signatory_is_a_field_error(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """A signatory id missing from the profile names the field and the known ids."""
    front = (
        BASE_FRONT.format(id="test-letter", language="en")
        .replace(
            '  closing: "Yours sincerely,"',
            '  closing: "Yours sincerely,"\n  signatory: "{{ signer }}"',
        )
        .replace("  items: {label: Items, type: list}", "  signer: {label: Signer, type: text}")
    )
    template = _load(tmp_path, write_template, "Hello.\n", front=front)
    assert compose(template, {**BASE, "signer": "budi"}, org_profile, today=TODAY).signatory
    with pytest.raises(FieldError) as info:
        compose(template, {**BASE, "signer": "zed"}, org_profile, today=TODAY)
    assert info.value.field == "signer" and info.value.template == "test-letter/en"
    assert "ana, budi" in (info.value.hint or "")


def test_compose_render_time_undefined_names_variable(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """An undefined attribute at render time is a TemplateError naming it and the template."""
    template = _load(tmp_path, write_template, "{{ customer_name.nickname }}\n")
    with pytest.raises(TemplateError) as info:
        compose(template, BASE, org_profile, today=TODAY)
    assert "nickname" in info.value.message and info.value.template == "test-letter/en"


def test_compose_body_override_round_trip(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """body_to_plain_text of a composed letter, fed back as an override, gives the same blocks."""
    body = "Thanks for **{{ order_number }}**.\n\n- {{ customer_name }}\n- two\n\n1. a\n2. b\n"
    template = _load(tmp_path, write_template, body)
    doc = compose(template, BASE, org_profile, today=TODAY)
    text = body_to_plain_text(doc)
    assert text == "Thanks for A-1.\n\n- Ana\n- two\n\n1. a\n2. b"
    again = compose(template, BASE, org_profile, today=TODAY, body_override=text)
    assert again.body_text() == doc.body_text()
    assert [type(b) for b in again.body] == [Paragraph, ListBlock, ListBlock]
    assert isinstance(again.body[2], ListBlock) and again.body[2].ordered
    origins = {r.origin for r in again.iter_runs()}
    assert origins == {ORIGIN_EDIT, field_origin("order_number"), field_origin("customer_name")}


def test_compose_body_override_keeps_markup_characters(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """An edited body is never Markdown: **, #, <b> and {{ }} stay as typed."""
    template = _load(tmp_path, write_template, "Hi.\n")
    edited = "# **Not** bold <b>x</b> {{ 7*7 }}\nsecond line"
    doc = compose(template, BASE, org_profile, today=TODAY, body_override=edited)
    (block,) = doc.body
    assert isinstance(block, Paragraph) and block.heading == 0
    assert block.text == edited
    assert {r.origin for r in block.runs} == {ORIGIN_EDIT}


def test_compose_template_text_origin(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """Text written in the template is tagged template; the value run sits between."""
    template = _load(tmp_path, write_template, "Before {{ customer_name }} after.\n")
    doc = compose(template, BASE, org_profile, today=TODAY)
    (block,) = doc.body
    assert isinstance(block, Paragraph)
    assert [(r.text, r.origin) for r in block.runs] == [
        ("Before ", ORIGIN_TEMPLATE),
        ("Ana", field_origin("customer_name")),
        (" after.", ORIGIN_TEMPLATE),
    ]


def test_document_from_edit_matches_body_override(
    tmp_path: Path, write_template: WriteTemplate, org_profile: OrganisationProfile
) -> None:
    """Applying an edit to a composed Document equals composing with the same override."""
    template = _load(tmp_path, write_template, "Thanks for {{ order_number }}.\n")
    doc = compose(template, BASE, org_profile, today=TODAY)
    edited = "Thanks a lot for A-1 <really>.\n\n- one\n- two"
    applied = document_from_edit(doc, edited)
    assert applied == compose(template, BASE, org_profile, today=TODAY, body_override=edited)
    assert applied.subject == doc.subject and applied.field_values == doc.field_values
