"""Split and validate a template file's YAML front matter, with file and line in every error.

The happy path parses the front matter once with ``yaml.safe_load``. Only when something is
wrong is the text composed again into YAML nodes, whose marks give the exact line of the
offending key (``fields -> amount -> type``) to put in the error.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

import yaml

from desktop.core.errors import TemplateError
from desktop.core.i18n import _
from desktop.core.models import FIELD_TYPES, KINDS, FieldSpec

LANGUAGES = ("en", "pt-BR", "id")
LAYOUTS = ("letter", "memo", "email")
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
FIELD_KEYS = (
    "label", "type", "required", "default", "choices", "pattern", "help", "currency", "after",
)  # fmt: skip
AFTER_TODAY = "today"  # ``after: today``: later than the letter's date
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# libyaml's safe loader when PyYAML was built with it (ten times faster), else the Python one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FRONT_FIRST_LINE = 2  # the front matter text starts on the file's second line (after '---')
MAX_PROBLEMS = 50  # problems reported for one file; checking stops there (bounded time)


def split_front_matter(text: str, source: Path) -> tuple[str, str, int]:
    """Return (front matter text, body, body's first line number) of a template file."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise TemplateError(
            _("the file must start with a '---' line opening the front matter"),
            file=source,
            line=1,
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise TemplateError(_("the front matter is not closed by a '---' line"), file=source, line=1)


@lru_cache(maxsize=2)
def _composed(front: str) -> Any:
    """Return the front matter composed into YAML nodes (cached: one file's errors share it)."""
    try:
        return yaml.compose(front, Loader=_SAFE_LOADER)
    except (yaml.YAMLError, RecursionError, MemoryError):
        return None


def key_line(front: str, *path: str) -> int:
    """Return the file line of the deepest key of ``path`` found in the front matter.

    ``key_line(front, "fields", "amount", "type")`` is the line of ``type`` inside the spec of
    ``amount``; if that key is absent, the line of ``amount``; failing that, the first line.
    """
    node = _composed(front)
    if node is None:
        return FRONT_FIRST_LINE
    line = FRONT_FIRST_LINE
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and str(key_node.value) == key:
                line = key_node.start_mark.line + FRONT_FIRST_LINE
                node = value_node
                break
        else:
            break
    return line


def value_first_line(front: str, *path: str) -> int:
    """Return the file line where the text of a string value begins (after ``|`` or ``>``)."""
    node = _composed(front)
    if node is None:
        return FRONT_FIRST_LINE
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            return key_line(front, *path)
        found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key]
        if not found:
            return key_line(front, *path)
        node = found[0]
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    return int(node.start_mark.line) + FRONT_FIRST_LINE + (1 if block else 0)


class TemplateProblems(TemplateError):
    """Every problem found in one template file (raised when there is more than one).

    ``errors`` holds each problem as its own :class:`TemplateError` (file, line, message); the
    message of this error counts them and :meth:`describe` lists them all, one a line.
    """

    def __init__(self, errors: list[TemplateError]) -> None:
        """Gather ``errors`` (at least one) of the same file."""
        errors = sorted(errors, key=lambda e: (e.line is None, e.line or 0))  # file order
        first = errors[0]
        summary = "; ".join(problem_text(error) for error in errors)
        super().__init__(
            _("{count} problems in the template: {problems}").format(
                count=len(errors), problems=summary
            ),
            file=first.file,
            line=first.line,
            field=first.field,
            template=first.template,
        )
        self.errors = list(errors)
        self.heading = _("{count} problems in the template").format(count=len(errors))

    def describe(self) -> str:
        """Return every problem, one a line, each naming its file and line."""
        heading = self.heading
        where = ", ".join(part for part in (self.template, self.file) if part)
        lines = [f"{where}: {heading}:" if where else f"{heading}:"]
        for error in self.errors:
            place = _("line {line}").format(line=error.line) if error.line is not None else ""
            text = error.message + (f" {error.hint}" if error.hint else "")
            lines.append(f"  {place}: {text}" if place else f"  {text}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """Return the summary with each problem as its own dictionary under ``problems``."""
        data = super().to_dict()
        data["problems"] = [e.to_dict() for e in self.errors]
        return data


def problem_text(error: TemplateError) -> str:
    """Return ``line N: message`` of one problem (the message alone when no line is known)."""
    if error.line is None:
        return error.message
    return _("line {line}").format(line=error.line) + ": " + error.message


def problems_of(error: TemplateError) -> list[TemplateError]:
    """Return the separate problems an error stands for (itself when it is a single one)."""
    return list(error.errors) if isinstance(error, TemplateProblems) else [error]


def raise_all(errors: list[TemplateError]) -> None:
    """Raise nothing, the one error, or a :class:`TemplateProblems` holding them all.

    Past :data:`MAX_PROBLEMS`, the list is cut there and a last entry says checking stopped.
    """
    if len(errors) > MAX_PROBLEMS or (
        len(errors) == MAX_PROBLEMS and not errors[-1].message.startswith("…")
    ):
        first = errors[0]
        del errors[MAX_PROBLEMS:]
        errors.append(
            TemplateError(
                "… " + _("checking stopped after {count} problems").format(count=MAX_PROBLEMS),
                file=first.file,
                template=first.template,
                hint=_("Correct these and load the template again to see the rest."),
            )
        )
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise TemplateProblems(errors)


def collect(errors: list[TemplateError], check: Callable[..., object], *args: Any) -> bool:
    """Run ``check(*args)``; append the problems it raises to ``errors``; return if it passed.

    Once :data:`MAX_PROBLEMS` problems are gathered, nothing more is checked (the caller's
    :func:`raise_all` says that more may follow).
    """
    if len(errors) >= MAX_PROBLEMS:
        return False
    try:
        check(*args)
    except TemplateError as exc:
        errors.extend(problems_of(exc))
        return False
    return True


def did_you_mean(word: object, names: Iterable[str]) -> str:
    """Return ". Did you mean 'x'?" for the known name nearest ``word``, or ``""``."""
    close = difflib.get_close_matches(str(word), list(names), n=1, cutoff=0.6)
    return ". " + _("Did you mean '{name}'?").format(name=close[0]) if close else ""


def _fail(front: str, source: Path, message: str, *path: str, field: str | None = None) -> NoReturn:
    raise TemplateError(message, file=source, line=key_line(front, *path), field=field)


def _check_default(spec: FieldSpec, front: str, source: Path) -> None:
    """Refuse a default that is not a valid value of the field's type."""
    default = spec.default
    where = ("fields", spec.name, "default")
    ok = {
        "bool": isinstance(default, bool),
        "list": isinstance(default, (list, str)),
        "date": isinstance(default, (dt.date, str)),
        "money": isinstance(default, (int, float, str)) and not isinstance(default, bool),
        "number": isinstance(default, (int, float, str)) and not isinstance(default, bool),
        "choice": str(default) in spec.choices,
    }.get(spec.type, isinstance(default, (str, int, float)) and not isinstance(default, bool))
    if not ok:
        _fail(
            front,
            source,
            (
                _(
                    "field '{name}': default {default} is not a valid {type} value (one of: {choices})"
                )
                if spec.type == "choice"
                else _("field '{name}': default {default} is not a valid {type} value")
            ).format(
                name=spec.name,
                default=repr(default),
                type=spec.type,
                choices=", ".join(spec.choices),
            ),
            *where,
            field=spec.name,
        )


def _choice_pairs(
    choices: Any, fail: Callable[..., NoReturn]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the codes and labels of ``choices``: a list of codes, or a mapping code -> label.

    A plain list gives no labels (each code is shown as it is). Labels must be distinct when
    compared as a person types them (case and accents aside): a typed label names one code.
    """
    if not choices:
        return (), ()
    if isinstance(choices, list):
        if any(isinstance(c, (dict, list)) for c in choices):
            fail(_("'choices' must be a list of plain values or a mapping code: label"), "choices")
        return tuple(str(c) for c in choices), ()
    if not isinstance(choices, dict):
        fail(_("'choices' must be a list of plain values or a mapping code: label"), "choices")
    codes: list[str] = []
    labels: list[str] = []
    seen: dict[str, str] = {}
    for code, label in choices.items():
        if isinstance(code, bool):
            fail(_('choice code {code} must be quoted ("yes", "no")').format(code=code), "choices")
        if isinstance(code, (dict, list)) or isinstance(label, (dict, list)) or label is None:
            fail(_("choice '{code}' needs a plain label").format(code=code), "choices")
        key = fold_label(str(label))
        if not key:
            fail(_("choice '{code}' needs a plain label").format(code=code), "choices")
        if key in seen:
            fail(
                _("choices '{first}' and '{second}' have the same label '{label}'").format(
                    first=seen[key], second=code, label=label
                ),
                "choices",
            )
        seen[key] = str(code)
        codes.append(str(code))
        labels.append(str(label).strip())
    return tuple(codes), tuple(labels)


def fold_label(text: str) -> str:
    """Return ``text`` as compared with typed input: no case, no accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def _field_spec(name: str, raw: Any, front: str, source: Path) -> FieldSpec:
    def fail(message: str, *key: str) -> NoReturn:
        text = _("field '{name}': {problem}").format(name=name, problem=message)
        _fail(front, source, text, "fields", name, *key, field=name)

    if not FIELD_NAME.match(name):
        fail(_("field names use lower-case letters, digits and '_' and start with a letter"))
    if not isinstance(raw, dict):
        fail(_("must be a mapping with at least 'label' and 'type'"))
    unknown = sorted(str(key) for key in set(raw) - set(FIELD_KEYS))
    if unknown:
        fail(
            _("unknown key '{key}' (allowed: {keys})").format(
                key=unknown[0], keys=", ".join(FIELD_KEYS)
            )
            + did_you_mean(unknown[0], FIELD_KEYS),
            unknown[0],
        )
    ftype = raw.get("type", "text")
    if not isinstance(ftype, str) or ftype not in FIELD_TYPES:
        fail(
            _("unknown type '{type}' (use one of {types})").format(
                type=ftype, types=", ".join(FIELD_TYPES)
            )
            + did_you_mean(ftype, FIELD_TYPES),
            "type",
        )
    choices = raw.get("choices")
    if ftype == "choice" and not choices:
        fail(_("a choice field needs a non-empty 'choices' list"), "type")
    if choices is not None and ftype != "choice":
        fail(_("'choices' is only for choice fields, not {type}").format(type=ftype), "choices")
    codes, labels = _choice_pairs(choices, fail)
    pattern = raw.get("pattern") or ""
    if pattern and ftype != "text":
        fail(_("'pattern' is only for text fields, not {type}").format(type=ftype), "pattern")
    if pattern:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            message = _("'pattern' is not a valid regular expression: {error}")
            fail(message.format(error=exc), "pattern")
    if raw.get("currency") and ftype != "money":
        fail(_("'currency' is only for money fields, not {type}").format(type=ftype), "currency")
    after = raw.get("after")
    if after is not None and ftype != "date":
        fail(_("'after' is only for date fields, not {type}").format(type=ftype), "after")
    if after is not None and (not isinstance(after, str) or not FIELD_NAME.match(after)):
        fail(_("'after' names another date field or 'today'"), "after")
    if after == name:
        fail(_("'after' cannot name the field itself"), "after")
    if not isinstance(raw.get("required", False), bool):
        fail(_("'required' must be true or false"), "required")
    spec = FieldSpec(
        name=name,
        label=str(raw.get("label") or name),
        type=ftype,
        required=bool(raw.get("required", False)),
        default=raw.get("default"),
        choices=codes,
        choice_labels=labels,
        pattern=str(pattern),
        help=str(raw.get("help") or ""),
        currency=str(raw.get("currency") or "").upper(),
        after=str(after or ""),
    )
    if spec.default is not None:
        _check_default(spec, front, source)
    return spec


def _check_after(specs: tuple[FieldSpec, ...], front: str, source: Path) -> None:
    """Refuse ``after:`` naming something other than ``today`` or another date field."""
    dates = {spec.name for spec in specs if spec.type == "date"}
    for spec in specs:
        if spec.after and spec.after != AFTER_TODAY and spec.after not in dates:
            message = _(
                "field '{name}': 'after' names '{other}', which is not a date field of this "
                "template (use 'today' or one of: {dates})"
            ).format(
                name=spec.name,
                other=spec.after,
                dates=", ".join(sorted(dates - {spec.name})) or "-",
            )
            _fail(front, source, message, "fields", spec.name, "after", field=spec.name)


def _refuse_aliases(front: str, source: Path) -> None:
    """Refuse YAML aliases (``*name``, ``<<: *name``) with the line of the first one.

    A few lines of aliases expand to billions of values when the front matter is printed or
    checked (the "billion laughs" attack); a template has no need of them.
    """
    if "*" not in front:
        return
    try:
        for event in yaml.parse(front, Loader=_SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise TemplateError(
                    _(
                        "the front matter uses a YAML alias (*{name}); aliases are not allowed"
                    ).format(name=event.anchor),
                    file=source,
                    line=event.start_mark.line + FRONT_FIRST_LINE if event.start_mark else None,
                    hint=_("Write the value out again where it is needed."),
                )
    except yaml.YAMLError:
        return  # the load below reports the syntax error with its line


def _load_yaml(front: str, source: Path) -> dict[str, Any]:
    _refuse_aliases(front, source)
    try:
        data = yaml.load(front, Loader=_SAFE_LOADER)
    except (RecursionError, MemoryError) as exc:
        raise TemplateError(
            _("the front matter is nested too deeply"), file=source, line=FRONT_FIRST_LINE
        ) from exc
    except (ValueError, TypeError, OverflowError) as exc:  # a value YAML cannot build: 2026-13-45
        raise TemplateError(
            _("the front matter is not valid YAML: {problem}").format(problem=exc),
            file=source,
            line=FRONT_FIRST_LINE,
        ) from exc
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct opened (an unclosed bracket or quote);
        # the problem mark is where the parser noticed. The opening is what a person must fix.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + FRONT_FIRST_LINE if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise TemplateError(
            _("the front matter is not valid YAML: {problem}").format(problem=problem),
            file=source,
            line=line,
        ) from exc
    if not isinstance(data, dict):
        raise TemplateError(
            _("the front matter must be a mapping of keys to values"),
            file=source,
            line=FRONT_FIRST_LINE,
        )
    return data


def _check_top_level(data: dict[str, Any], front: str, source: Path) -> None:
    """Raise every problem of the top-level keys (one error, or all of them together)."""
    raise_all(_top_level_errors(data, front, source))


def _top_level_errors(data: dict[str, Any], front: str, source: Path) -> list[TemplateError]:
    """Return every problem of the top-level keys, each with the line of its key."""
    errors: list[TemplateError] = []
    known = (*REQUIRED_KEYS, *OPTIONAL_KEYS)
    unknown = sorted(str(key) for key in set(data) - set(known))
    for key in unknown[:MAX_PROBLEMS]:
        message = _("unknown front matter key '{key}'").format(key=key) + did_you_mean(key, known)
        collect(errors, _fail, front, source, message, key)
    missing = [key for key in REQUIRED_KEYS if key not in data]
    misspelt = {  # 'categroy:' is reported once, as unknown with "Did you mean 'category'?"
        key for key in missing if difflib.get_close_matches(key, unknown[:MAX_PROBLEMS], n=1)
    }
    errors += [
        TemplateError(
            _("the front matter lacks '{key}'").format(key=key), file=source, line=FRONT_FIRST_LINE
        )
        for key in missing
        if key not in misspelt
    ]
    single = {
        key
        for key in (*REQUIRED_KEYS[:-1], "layout")
        if key in data and not isinstance(data[key], (dict, list))
    }
    for key in (*REQUIRED_KEYS[:-1], "layout"):
        if key in data and key not in single:
            message = _("'{key}' must be a single value, not a list or mapping").format(key=key)
            collect(errors, _fail, front, source, message, key)
    checks = (
        ("kind", lambda: _check_kind(data, front, source)),
        ("layout", lambda: _check_layout(data, front, source)),
        ("language", lambda: _check_language(data, front, source)),
        ("id", lambda: _check_id(data, front, source)),
        ("title", lambda: _check_not_empty(data, "title", front, source)),
        ("series", lambda: _check_not_empty(data, "series", front, source)),
    )
    for key, check in checks:
        if key in single:
            collect(errors, check)
    return errors


def _check_kind(data: dict[str, Any], front: str, source: Path) -> None:
    if data["kind"] not in KINDS:
        message = _("unknown kind '{kind}' (use one of {kinds})").format(
            kind=data["kind"], kinds=", ".join(KINDS)
        )
        _fail(front, source, message + did_you_mean(data["kind"], KINDS), "kind")


def _check_layout(data: dict[str, Any], front: str, source: Path) -> None:
    if data["layout"] and data["layout"] not in LAYOUTS:
        _fail(
            front,
            source,
            _("unknown layout '{layout}' (use one of {layouts})").format(
                layout=data["layout"], layouts=", ".join(LAYOUTS)
            )
            + did_you_mean(data["layout"], LAYOUTS),
            "layout",
        )


def _check_language(data: dict[str, Any], front: str, source: Path) -> None:
    if data["language"] not in LANGUAGES or data["language"] != source.stem:
        _fail(
            front,
            source,
            _(
                "language '{language}' must be one of {languages} and match the file name '{file}'"
            ).format(language=data["language"], languages=", ".join(LANGUAGES), file=source.name),
            "language",
        )


def _check_id(data: dict[str, Any], front: str, source: Path) -> None:
    if str(data["id"]) != source.parent.name:
        _fail(
            front,
            source,
            _("id '{id}' must match the folder name '{folder}'").format(
                id=data["id"], folder=source.parent.name
            ),
            "id",
        )


def _check_not_empty(data: dict[str, Any], key: str, front: str, source: Path) -> None:
    if not str(data[key] or "").strip():
        _fail(front, source, _("'{key}' must not be empty").format(key=key), key)


def _parts(data: dict[str, Any], front: str, source: Path) -> dict[str, str]:
    """Return the parts as text; raise every problem found in them."""
    errors: list[TemplateError] = []
    parts = _parts_collecting(data, front, source, errors)
    raise_all(errors)
    return parts


def _parts_collecting(
    data: dict[str, Any], front: str, source: Path, errors: list[TemplateError]
) -> dict[str, str]:
    """Return the usable parts as text; append a problem for each bad one to ``errors``."""
    parts = data.get("parts") or {}
    if not isinstance(parts, dict):
        collect(errors, lambda: _fail(front, source, _("'parts' must be a mapping"), "parts"))
        return {}
    result: dict[str, str] = {}
    for key, value in parts.items():
        if str(key) not in PART_KEYS:
            message = _("unknown part '{part}' (allowed: {parts})").format(
                part=key, parts=", ".join(PART_KEYS)
            ) + did_you_mean(key, PART_KEYS)
            collect(errors, _fail, front, source, message, "parts", str(key))
        elif isinstance(value, (dict, list)):
            message = _("part '{part}' must be text, not a list or mapping").format(part=key)
            collect(errors, _fail, front, source, message, "parts", str(key))
        else:
            result[str(key)] = "" if value is None else str(value)
    return result


def _add_spec(specs: list[FieldSpec], name: str, raw: Any, front: str, source: Path) -> None:
    specs.append(_field_spec(name, raw, front, source))


def parse_front_matter(front: str, source: Path) -> dict[str, Any]:
    """Parse and validate front matter; return a dict with ``fields`` as FieldSpecs.

    Text values that YAML left empty (``subject:``) become ``""``; ``parts`` is a dict of
    strings. Every error is a TemplateError naming ``source`` and the line of the bad key; when
    there are several, a :class:`TemplateProblems` holding each of them.
    """
    data, errors = parse_front_matter_collecting(front, source)
    raise_all(errors)
    return data


def parse_front_matter_collecting(
    front: str, source: Path
) -> tuple[dict[str, Any], list[TemplateError]]:
    """Parse front matter, checking everything; return (data, every problem found).

    A YAML syntax error stops at once (raised: nothing else can be read). Otherwise each
    problem is collected: keys, parts and every field spec. ``fields`` holds the specs that
    are valid; ``field_names`` every declared name, valid or not (so the Jinja check does not
    also call a name with a bad spec undeclared).
    """
    data = _load_yaml(front, source)
    errors = _top_level_errors(data, front, source)
    parts = _parts_collecting(data, front, source, errors)
    fields = data.get("fields") or {}
    if not isinstance(fields, dict):
        message = _("'fields' must be a mapping of field names to specs")
        collect(errors, lambda: _fail(front, source, message, "fields"))
        fields = {}
    specs: list[FieldSpec] = []
    for name, raw in fields.items():
        collect(errors, _add_spec, specs, str(name), raw, front, source)
    data["fields"] = tuple(specs)
    data["field_names"] = tuple(str(name) for name in fields)
    collect(errors, _check_after, data["fields"], front, source)
    data["parts"] = parts
    for key in ("title", "description", "category", "series", "subject", "layout"):
        value = data.get(key)
        data[key] = "" if value is None or isinstance(value, (dict, list)) else str(value)
    data["id"] = "" if isinstance(data.get("id"), (dict, list)) else str(data.get("id") or "")
    for key in ("kind", "language"):
        if isinstance(data.get(key), (dict, list)):
            data[key] = ""
    return data, errors
