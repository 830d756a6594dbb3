"""Templates: the catalog, front matter schema, field validation and sandboxed, strict Jinja."""

from __future__ import annotations

from desktop.core.templates.blocks import body_to_plain_text, plain_text_blocks
from desktop.core.templates.catalog import Catalog, load_template, parse_template
from desktop.core.templates.compose import compose, document_from_edit
from desktop.core.templates.fields import format_value, parse_value, validate_values

__all__ = [
    "Catalog",
    "body_to_plain_text",
    "compose",
    "document_from_edit",
    "format_value",
    "load_template",
    "parse_template",
    "parse_value",
    "plain_text_blocks",
    "validate_values",
]
