"""Parse, validate and format field values of every declared type, per the letter's language.

Values arrive as strings (command line, CSV) or already typed (form widgets, XLSX cells). Every
error is a :class:`FieldError` naming the field and the template and saying why.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from desktop.core.errors import FieldError, sentence
from desktop.core.i18n import _, ngettext
from desktop.core.models import FieldSpec, Template
from desktop.core.templates.frontmatter import fold_label

# Babel locales per letter language: en uses British day-month dates ("22 November 2026");
# en-US, en-AU, en-IN are the organisation's English (profile ``english``, see
# :func:`formatting_language`).
BABEL_LOCALES = {
    "en": "en_GB", "en-GB": "en_GB", "en-US": "en_US", "en-AU": "en_AU", "en-IN": "en_IN",
    "pt-BR": "pt_BR", "id": "id",
}  # fmt: skip
MONEY_LOCALES = {
    "en": "en_US", "en-GB": "en_GB", "en-US": "en_US", "en-AU": "en_AU", "en-IN": "en_IN",
    "pt-BR": "pt_BR", "id": "id",
}  # fmt: skip
DEFAULT_CURRENCY = {"en": "USD", "pt-BR": "BRL", "id": "IDR"}
TRUE_WORDS = {"true", "yes", "y", "1", "sim", "s", "ya", "on", "x"}
FALSE_WORDS = {"false", "no", "n", "0", "não", "nao", "tidak", "off", ""}
BOOL_WORDS = {"en": ("yes", "no"), "pt-BR": ("sim", "não"), "id": ("ya", "tidak")}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_CURRENCY = re.compile(
    r"^\s*(R\$|Rp\.?|US\$|\$|£|€|IDR|BRL|USD|EUR|GBP)\s*|\s*(IDR|BRL|USD|EUR|GBP|,-)\s*$",
    re.IGNORECASE,
)
# Dropped from values: the engine's private markers and the C0 control characters other than
# tab and line breaks (they cannot be printed, and DOCX/XML refuses them).
_NO_MARKERS = str.maketrans(
    "", "", "\ue000\ue001\ue002" + "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32)]))
)
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def formatting_language(language: str, english: str = "") -> str:
    """Return the language dates and numbers of a letter are formatted in.

    A plain ``en`` letter takes the organisation's English (``en-US``: "December 1, 2026",
    "$1,250.00"); any other letter keeps its own language.
    """
    return english if language == "en" and english in BABEL_LOCALES else language


def babel_locale(language: str) -> str:
    """Return the Babel locale for dates and numbers of a letter language."""
    return BABEL_LOCALES.get(language, "en_GB")


def _error(spec: FieldSpec, template_key: str, message: str) -> FieldError:
    return FieldError(message, field=spec.name, template=template_key)


def _parse_date(spec: FieldSpec, raw: Any, template_key: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise _error(
        spec,
        template_key,
        _("'{value}' is not a valid date (use YYYY-MM-DD or DD/MM/YYYY)").format(value=text),
    )


def _number_text(text: str, language: str) -> str | None:
    """Return ``text`` (currency already removed) as a plain decimal string, or None.

    Both separators: the last one is the decimal mark. One separator used several times: it
    groups thousands. One separator once, followed by exactly three digits ("1.250", "1,250"):
    the letter's language decides (en: comma groups; pt-BR and id: dot groups). Otherwise the
    single separator is the decimal mark ("1250,5", "1250.5").
    """
    match = re.fullmatch(r"([-+]?)([\d.,]*\d)", text)
    if not match or not match.group(2)[0].isdigit():
        return None
    sign, digits = match.groups()
    if "." in digits and "," in digits:
        decimal_mark = "." if digits.rfind(".") > digits.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
    elif digits.count(".") + digits.count(",") == 0:
        return sign + digits
    else:
        mark = "." if "." in digits else ","
        _head, _sep, tail = digits.rpartition(mark)
        if digits.count(mark) > 1:
            decimal_mark, group_mark = "", mark
        elif len(tail) == 3:
            group_mark = "," if language in ("en", "en-GB", "en-US") else "."
            decimal_mark = "" if mark == group_mark else mark
        else:
            decimal_mark, group_mark = mark, ""
    whole, _sep, fraction = digits.rpartition(decimal_mark) if decimal_mark else (digits, "", "")
    if decimal_mark and (not fraction or decimal_mark in whole):
        return None
    if group_mark and group_mark in whole:
        groups = whole.split(group_mark)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return None
        whole = "".join(groups)
    if group_mark and group_mark in fraction:
        return None
    return sign + whole + ("." + fraction if fraction else "")


def _not_a_number(spec: FieldSpec, value: Any, example: str = "") -> str:
    """Return "'x' is not a number" (or an amount of money), with an example when given."""
    if spec.type == "money":
        if example:
            message = _("'{value}' is not an amount of money (for example 1250.00 or {example})")
        else:
            message = _("'{value}' is not an amount of money")
    elif example:
        message = _("'{value}' is not a number (for example 1250.00 or {example})")
    else:
        message = _("'{value}' is not a number")
    return message.format(value=value, example=example)


MAX_NUMBER_DIGITS = 15  # digits before the decimal point: beyond any amount a letter states


def _parse_decimal(spec: FieldSpec, raw: Any, language: str, template_key: str) -> Decimal:
    """Parse a number or amount; a typed value (int, float, Decimal) is checked the same way."""
    if isinstance(raw, bool):
        raise _error(spec, template_key, _not_a_number(spec, raw))
    if isinstance(raw, (int, float, Decimal)):
        try:
            value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        except (InvalidOperation, ValueError):
            raise _error(spec, template_key, _not_a_number(spec, raw)) from None
        return _bounded(spec, value, str(raw), template_key)
    text = str(raw).strip()
    cleaned = _CURRENCY.sub("", text) if spec.type == "money" else text
    cleaned = cleaned.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    number = _number_text(cleaned, language)
    example = "1,250.00" if language.startswith("en") else "1.250,00"
    if number is None:
        raise _error(spec, template_key, _not_a_number(spec, text, example))
    try:
        value = Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - _number_text only admits numbers
        raise _error(spec, template_key, _not_a_number(spec, text)) from exc
    return _bounded(spec, value, text, template_key)


def _bounded(spec: FieldSpec, value: Decimal, text: str, template_key: str) -> Decimal:
    """Refuse NaN, infinity and numbers with more than :data:`MAX_NUMBER_DIGITS` whole digits."""
    if not value.is_finite():
        raise _error(spec, template_key, _not_a_number(spec, text))
    if value.adjusted() >= MAX_NUMBER_DIGITS:
        raise _error(
            spec,
            template_key,
            _("'{value}' is too large: at most {digits} digits before the decimal point").format(
                value=text[:40], digits=MAX_NUMBER_DIGITS
            ),
        )
    return value


def _parse_bool(spec: FieldSpec, raw: Any, template_key: str) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise _error(
        spec,
        template_key,
        _("'{value}' is not yes or no (use true/false, yes/no, sim/não, ya/tidak)").format(
            value=raw
        ),
    )


def parse_value(spec: FieldSpec, raw: Any, *, language: str, template_key: str) -> Any:
    """Return the typed value of ``raw`` for the field, or raise FieldError saying why."""
    ftype = spec.type
    if ftype == "list":
        if isinstance(raw, (list, tuple)):
            return [_clean(str(item)) for item in raw if _clean(str(item)).strip()]
        items = re.split(r"[\n;]", _clean(str(raw)))
        return [item.strip() for item in items if item.strip()]
    if ftype == "date":
        return _parse_date(spec, raw, template_key)
    if ftype == "money":
        return _parse_decimal(spec, raw, language, template_key)
    if ftype == "number":
        return _parse_decimal(spec, raw, language, template_key)
    if ftype == "bool":
        return _parse_bool(spec, raw, template_key)
    text = _clean(str(raw))
    if ftype in ("text", "email", "choice"):
        text = text.strip()
    if ftype == "email" and not _EMAIL.match(text):
        message = _("'{value}' is not a valid e-mail address (like name@example.com)")
        raise _error(spec, template_key, message.format(value=text))
    if ftype == "choice":
        return resolve_choice(spec, text, template_key)
    if ftype == "text" and "\n" in text:
        raise _error(spec, template_key, _("a single-line field cannot contain a line break"))
    if spec.pattern and not re.fullmatch(spec.pattern, text):
        if spec.help:
            message = _("'{value}' does not have the expected form ({help})")
        else:
            message = _("'{value}' does not have the expected form")
        raise _error(spec, template_key, message.format(value=text, help=spec.help))
    return text


def choice_options(spec: FieldSpec) -> str:
    """Return the choices as a person reads them: "Credit card (card), Bank transfer (...)"."""
    shown = []
    for code in spec.choices:
        label = spec.choice_label(code)
        shown.append(code if label == code else f"{label} ({code})")
    return ", ".join(shown)


def resolve_choice(spec: FieldSpec, raw: Any, template_key: str = "") -> str:
    """Return the code of a choice given by its code or its label; raise FieldError if neither.

    The code matches exactly, then ignoring case; a label matches ignoring case, accents and
    repeated spaces ("cartao de credito" is "Cartão de crédito"). The error lists every label
    with its code.
    """
    text = _clean(str(raw)).strip()
    if text in spec.choices:
        return text
    folded = fold_label(text)
    for code in spec.choices:
        if fold_label(code) == folded or fold_label(spec.choice_label(code)) == folded:
            return code
    message = _("'{value}' is not one of: {choices}.")
    raise _error(spec, template_key, message.format(value=text, choices=choice_options(spec)))


def _clean(text: str) -> str:
    """Drop the engine's value markers (U+E000-U+E002) and unprintable controls from a value."""
    return text.translate(_NO_MARKERS)


def _is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, (list, tuple)):
        return not any(str(item).strip() for item in raw)
    return False


def empty_value(spec: FieldSpec) -> Any:
    """Return the value of an optional field left empty: "" , [] or None."""
    if spec.type == "list":
        return []
    if spec.type in ("date", "money", "number"):
        return None
    if spec.type == "bool":
        return False
    return ""


def _unknown_names_error(template: Template, unknown: list[str]) -> FieldError:
    declared = [spec.name for spec in template.fields]
    hints = []
    for name in unknown:
        close = difflib.get_close_matches(name, declared, n=1)
        if close:
            hints.append(
                _("Did you mean '{declared}' for '{name}'?").format(declared=close[0], name=name)
            )
    if not hints:
        if declared:
            hints.append(_("Declared fields: {fields}.").format(fields=", ".join(declared)))
        else:
            hints.append(_("Declared fields: none."))
    names = ", ".join(f"'{name}'" for name in unknown)
    message = ngettext(
        "{names} is not a field of this template",
        "{names} are not fields of this template",
        len(unknown),
    )
    return FieldError(
        message.format(names=names),
        field=unknown[0],
        template=template.key,
        hint=" ".join(hints),
    )


def validate_values(template: Template, raw_values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate raw values against the template's fields; return typed values for every field.

    Unknown names are refused (with the closest declared name as a hint). A field that is
    absent or empty takes its declared default; if it has none, a required field is an error
    and an optional one becomes ``""`` (text kinds), ``[]`` (list), ``None`` (date, money,
    number) or ``False`` (bool). A bool given as ``False`` is a value, not an empty one.
    """
    declared = {spec.name for spec in template.fields}
    unknown = [name for name in raw_values if name not in declared]
    if unknown:
        raise _unknown_names_error(template, unknown)
    values: dict[str, Any] = {}
    missing: list[FieldSpec] = []
    for spec in template.fields:
        raw = raw_values.get(spec.name)
        if _is_empty(raw) and spec.default is not None:
            raw = spec.default
        if _is_empty(raw):
            if spec.required:
                missing.append(spec)
            values[spec.name] = empty_value(spec)
            continue
        values[spec.name] = parse_value(
            spec, raw, language=template.language, template_key=template.key
        )
    if missing:
        raise missing_fields_error(template, missing)
    return values


def missing_fields_error(template: Template, missing: list[FieldSpec]) -> FieldError:
    """Return one FieldError naming every required field left empty (``field`` is the first).

    The full list is also in :attr:`FieldError.fields` (a tuple of names) for the window to
    mark every one of them.
    """
    if len(missing) == 1:
        only = missing[0]
        message = _("the required field '{name}' ({label}) has no value")
        message = sentence(message.format(name=only.name, label=only.label))
    else:
        names = ", ".join(f"'{spec.name}' ({spec.label})" for spec in missing)
        message = _("The required fields {names} have no value.").format(names=names)
    error = FieldError(message, field=missing[0].name, template=template.key)
    error.fields = tuple(spec.name for spec in missing)
    return error


def date_order_warnings(
    template: Template, values: Mapping[str, Any], letter_date: dt.date
) -> tuple[str, ...]:
    """Return a warning for each date field that is not later than its ``after:`` date.

    ``after: today`` compares with the letter's date (``letter_date``: the template's
    ``letter_date`` field if it has one, else the day the letter is written); ``after: <field>``
    with another date field of the template (skipped while that field is empty). A warning
    never stops the letter: the date may be deliberate (a refund already made).

    Args:
        template: the template whose field specs carry ``after``.
        values: the validated values (see :func:`validate_values`).
        letter_date: the date printed on the letter.
    """
    warnings: list[str] = []
    for spec in template.fields:
        value = values.get(spec.name)
        if not spec.after or not isinstance(value, dt.date):
            continue
        if spec.after == "today":
            limit: Any = letter_date
            message = _("{label} ({date}) is not after the letter's date ({limit})")
            other = ""
        else:
            limit = values.get(spec.after)
            other_spec = template.field_spec(spec.after)
            other = other_spec.label if other_spec is not None else spec.after
            message = _("{label} ({date}) is not after {other} ({limit})")
        if isinstance(limit, dt.datetime):
            limit = limit.date()
        if isinstance(limit, dt.date) and _as_date(value) <= limit:
            warnings.append(
                message.format(
                    label=spec.label,
                    date=_as_date(value).isoformat(),
                    limit=limit.isoformat(),
                    other=other,
                )
            )
    return tuple(warnings)


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def long_date(value: dt.date, language: str) -> str:
    """Return a date field as a letter writes it: Babel's long date in ``language``.

    Portuguese writes the first day of a month with the ordinal indicator: "1º de dezembro de
    2026" (as the letter's date line does, see ``rendering.labels.format_date``).
    """
    locale = babel_locale(language)
    text = format_date(value, format="long", locale=locale)
    if value.day == 1 and str(locale).lower().startswith("pt"):
        text = re.sub(r"^(0?1)(?=\s)", "1º", text, count=1)
    return text


def format_value(spec: FieldSpec | None, value: Any, *, language: str, currency: str = "") -> str:
    """Format a typed value for the letter's language (Babel dates, money and numbers).

    Money is in ``spec.currency`` (the field's own) or else ``currency`` (the organisation's,
    see ``OrganisationProfile.currency_for``), written in the language's number style: an
    English letter in rupiah prints "IDR1,500,000.00". Only when neither is given does the
    language's usual currency stand in.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        yes, no = BOOL_WORDS.get(language, BOOL_WORDS["en"])
        return yes if value else no
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return long_date(value, language)
    if isinstance(value, (Decimal, int, float)):
        if spec is not None and spec.type == "money":
            code = spec.currency or currency or DEFAULT_CURRENCY.get(language, "USD")
            return format_currency(value, code, locale=MONEY_LOCALES.get(language, "en_US"))
        return format_decimal(value, locale=babel_locale(language))
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)
