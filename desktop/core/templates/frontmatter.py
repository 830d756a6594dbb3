"""Split and validate a template file's YAML front matter, with file and line in every error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from desktop.core.errors import TemplateError
from desktop.core.models import FIELD_TYPES, KINDS, FieldSpec

LANGUAGES = ("en", "pt-BR", "id")
REQUIRED_KEYS = (
    "id",
    "kind",
    "language",
    "title",
    "description",
    "category",
    "series",
    "subject",
    "fields",
)
OPTIONAL_KEYS = ("layout", "parts")
PART_KEYS = (
    "recipient",
    "salutation",
    "closing",
    "your_ref",
    "enclosures",
    "copies",
    "classification",
    "memo_to",
    "memo_from",
    "memo_cc",
    "signatory",
    "correspondent_name",
    "correspondent_email",
    "correspondent_organisation",
)
FIELD_KEYS = ("label", "type", "required", "default", "choices", "pattern", "help", "currency")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def split_front_matter(text: str, source: Path) -> tuple[str, str, int]:
    """Return (front matter text, body, body's first line number) of a template file."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise TemplateError(
            "the file must start with a '---' line opening the front matter", file=source, line=1
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise TemplateError("the front matter is not closed by a '---' line", file=source, line=1)


def _key_line(front: str, key: str, *, within: str | None = None) -> int | None:
    """Return the file line (1-based, counting the opening ---) where ``key:`` first appears."""
    started = within is None
    for number, line in enumerate(front.splitlines(), start=2):
        stripped = line.strip()
        if not started:
            started = stripped.startswith(f"{within}:")
            continue
        if re.match(rf"^{re.escape(key)}\s*:", stripped):
            return number
    return None


def _field_spec(name: str, raw: Any, front: str, source: Path) -> FieldSpec:
    def fail(message: str, key: str | None = None) -> TemplateError:
        line = _key_line(front, key, within=name) if key else None
        return TemplateError(
            f"field '{name}': {message}",
            file=source,
            line=line or _key_line(front, name),
            field=name,
        )

    if not FIELD_NAME.match(name):
        raise fail("field names use lower-case letters, digits and '_' and start with a letter")
    if not isinstance(raw, dict):
        raise fail("must be a mapping with at least 'label' and 'type'")
    unknown = sorted(set(raw) - set(FIELD_KEYS))
    if unknown:
        raise fail(f"unknown key '{unknown[0]}' (allowed: {', '.join(FIELD_KEYS)})", unknown[0])
    ftype = raw.get("type", "text")
    if ftype not in FIELD_TYPES:
        raise fail(f"unknown type '{ftype}' (use one of {', '.join(FIELD_TYPES)})", "type")
    choices = raw.get("choices") or ()
    if ftype == "choice" and not choices:
        raise fail("a choice field needs a non-empty 'choices' list", "type")
    if choices and not isinstance(choices, list):
        raise fail("'choices' must be a list", "choices")
    pattern = raw.get("pattern") or ""
    if pattern:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise fail(f"'pattern' is not a valid regular expression: {exc}", "pattern") from exc
    return FieldSpec(
        name=name,
        label=str(raw.get("label") or name),
        type=ftype,
        required=bool(raw.get("required", False)),
        default=raw.get("default"),
        choices=tuple(str(c) for c in choices),
        pattern=str(pattern),
        help=str(raw.get("help") or ""),
        currency=str(raw.get("currency") or ""),
    )


def parse_front_matter(front: str, source: Path) -> dict[str, Any]:
    """Parse and validate front matter; return a dict with ``fields`` as FieldSpecs."""
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct opened (an unclosed bracket or quote);
        # the problem mark is where the parser noticed. The opening is what a person must fix.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise TemplateError(
            f"the front matter is not valid YAML: {problem}", file=source, line=line
        ) from exc
    if not isinstance(data, dict):
        raise TemplateError(
            "the front matter must be a mapping of keys to values", file=source, line=2
        )
    unknown = sorted(set(data) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise TemplateError(
            f"unknown front matter key '{unknown[0]}'",
            file=source,
            line=_key_line(front, unknown[0]),
        )
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise TemplateError(f"the front matter lacks '{missing[0]}'", file=source, line=2)
    if data["kind"] not in KINDS:
        raise TemplateError(
            f"unknown kind '{data['kind']}' (use one of {', '.join(KINDS)})",
            file=source,
            line=_key_line(front, "kind"),
        )
    if data["language"] not in LANGUAGES or data["language"] != source.stem:
        raise TemplateError(
            f"language '{data['language']}' must be one of {', '.join(LANGUAGES)} and match the file name '{source.name}'",
            file=source,
            line=_key_line(front, "language"),
        )
    if str(data["id"]) != source.parent.name:
        raise TemplateError(
            f"id '{data['id']}' must match the folder name '{source.parent.name}'",
            file=source,
            line=_key_line(front, "id"),
        )
    parts = data.get("parts") or {}
    if not isinstance(parts, dict):
        raise TemplateError(
            "'parts' must be a mapping", file=source, line=_key_line(front, "parts")
        )
    bad_parts = sorted(set(parts) - set(PART_KEYS))
    if bad_parts:
        raise TemplateError(
            f"unknown part '{bad_parts[0]}' (allowed: {', '.join(PART_KEYS)})",
            file=source,
            line=_key_line(front, bad_parts[0], within="parts"),
        )
    fields = data["fields"] or {}
    if not isinstance(fields, dict):
        raise TemplateError(
            "'fields' must be a mapping of field names to specs",
            file=source,
            line=_key_line(front, "fields"),
        )
    data["fields"] = tuple(
        _field_spec(str(name), raw, front, source) for name, raw in fields.items()
    )
    data["parts"] = {k: "" if v is None else str(v) for k, v in parts.items()}
    return data
