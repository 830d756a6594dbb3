"""Compose a Document from a template, field values and the writer's free edits.

Values are validated and formatted, the subject and parts rendered as plain text, the body's
Markdown turned into blocks (see :mod:`desktop.core.templates.blocks`); the signatory comes from
the organisation profile. An edited body is plain text: taken literally, never as Markdown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from desktop.core.errors import FieldError, SettingsError
from desktop.core.models import Document, SignatoryBlock, Template
from desktop.core.settings import OrganisationProfile, localised
from desktop.core.templates.blocks import markdown_blocks, plain_text_blocks
from desktop.core.templates.engine import ORG_INDEX, TEMPLATE_INDEX, decode_plain, render, tag
from desktop.core.templates.fields import (
    date_order_warnings,
    format_value,
    formatting_language,
    validate_values,
)
from desktop.core.templates.limits import Budget
from desktop.core.templates.titles import drop_doubled_titles

_PRINTED_NAME = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)")  # a name printed by a part


def document_from_edit(document: Document, body_text: str) -> Document:
    """Return ``document`` with its body replaced by the writer's edited plain text.

    The same parse as ``compose(..., body_override=...)`` without rendering the template again:
    the text is literal, list lines become lists, and stretches equal to a field's displayed
    value keep that field's origin.
    """
    return dataclasses.replace(document, body=plain_text_blocks(body_text, document.field_values))


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def compose(
    template: Template,
    values: Mapping[str, Any],
    profile: OrganisationProfile,
    *,
    today: dt.date,
    reference: str | None = None,
    body_override: str | None = None,
) -> Document:
    """Validate ``values`` and build the Document (a draft unless ``reference`` is given).

    ``values`` may be raw (strings from the command line or CSV, cells, widget values) or the
    result of :func:`validate_values`: validation is idempotent, so passing validated values
    again is safe. ``body_override`` is the writer's edited body as plain text (see
    :func:`plain_text_blocks`); the template's subject and parts are still rendered.

    Raises:
        FieldError: a value is missing or invalid, or the signatory id is unknown.
        TemplateError: the template's logic fails at render time (undefined name, sandbox).
    """
    from desktop.core.templates.catalog import compiled, source_line

    typed = validate_values(template, values)
    currency = profile.currency_for(template.language)  # the organisation's, not the language's
    shown = formatting_language(template.language, profile.english)
    names = [spec.name for spec in template.fields]
    displays: dict[str, str] = {}
    context: dict[str, Any] = {}
    for index, spec in enumerate(template.fields):
        value = typed[spec.name]
        display = format_value(spec, value, language=shown, currency=currency)
        displays[spec.name] = display
        context[spec.name] = tag(value, str(index), display)
    context["today"] = tag(today, TEMPLATE_INDEX, format_value(None, today, language=shown))
    context["org"] = tag(profile.name, ORG_INDEX, profile.name)
    parts_compiled, subject_compiled, body_compiled = compiled(template)
    budget = Budget()  # one allowance of time and output for the whole document

    def run(jinja: Any, first_line: int | Callable[[], int]) -> str:
        text = render(
            jinja,
            context,
            template_key=template.key,
            budget=budget,
            file=None if template.source is None else str(template.source),
            first_line=first_line,
        )
        return drop_doubled_titles(text)  # "Mr Mr John": the value's title wins

    def plain(name: str) -> str:
        jinja = parts_compiled.get(name)
        if jinja is None:
            return ""
        text, _spans = decode_plain(run(jinja, source_line(template, "parts", name)))
        return text.strip()

    subject, _ = decode_plain(run(subject_compiled, source_line(template, "subject")))
    if body_override is not None:
        body = plain_text_blocks(body_override, displays)
    else:
        body = markdown_blocks(run(body_compiled, template.body_line), names)
    signatory = _signatory(template, profile, plain("signatory") or None)
    letter_date = (
        typed.get("letter_date") if isinstance(typed.get("letter_date"), dt.date) else None
    )
    return Document(
        kind=template.kind,
        language=template.language,
        template_id=template.id,
        title=template.title,
        subject=" ".join(subject.split()),
        date=letter_date or today,
        body=body,
        reference=reference,
        your_ref=plain("your_ref"),
        place=profile.city,
        recipient=_lines(plain("recipient")),
        salutation=plain("salutation"),
        closing=plain("closing"),
        signatory=signatory,
        enclosures=_lines(plain("enclosures")),
        copies=_lines(plain("copies")),
        classification=plain("classification"),
        memo_to=plain("memo_to"),
        memo_from=plain("memo_from"),
        memo_cc=plain("memo_cc"),
        layout=template.layout or template.kind,
        series=template.series,
        field_values=displays,
        template_hash=template.source_hash,
        correspondent_name=plain("correspondent_name"),
        correspondent_email=plain("correspondent_email"),
        correspondent_organisation=plain("correspondent_organisation"),
        notices=date_order_warnings(template, typed, letter_date or today),
    )


def _signatory(
    template: Template, profile: OrganisationProfile, signatory_id: str | None
) -> SignatoryBlock | None:
    """Resolve the signatory id printed by the ``signatory`` part; unknown ids name the field."""
    try:
        person = profile.signatory(signatory_id)
    except SettingsError as exc:
        names = _PRINTED_NAME.findall(template.parts.get("signatory", ""))
        field = next((n for n in names if template.field_spec(n) is not None), None)
        raise FieldError(exc.message, field=field, template=template.key, hint=exc.hint) from exc
    if person is None:
        return None
    return SignatoryBlock(
        name=person.name,
        title=localised(person.title, template.language),
        unit=localised(profile.units.get(person.unit, person.unit), template.language),
        staff_number=person.staff_number,
        image=profile.resolve(person.image),
        certificate=profile.resolve(person.certificate),
    )
