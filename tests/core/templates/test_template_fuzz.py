"""Fuzzing the template loader and the front matter parser: only our errors, never a traceback.

Random bytes, random text made of the pieces templates are made of, and random but well-formed
front matter with random Jinja bodies are loaded as template files (and rendered when they
load). Whatever comes in, the result is a Template or a MissivaError naming the file.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.errors import MissivaError
from desktop.core.paths import AppPaths
from desktop.core.settings import load_settings
from desktop.core.templates import compose, load_template
from desktop.core.templates.limits import time_limit

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = [
    "---\n",
    "id: fuzz\n",
    "language: en\n",
    "kind: letter\n",
    "title: T\n",
    "series: OUT\n",
    "description: d\n",
    "category: c\n",
    "subject: s\n",
    "fields:\n",
    "  a: {type: text}\n",
    "parts:\n",
    "  closing: x\n",
    "&x ",
    "*x",
    "<<: ",
    "{{ ",
    " }}",
    "{% ",
    " %}",
    "for i in ",
    "range(",
    ")",
    "'x' * ",
    "10**9",
    "[",
    "]",
    "{",
    "}",
    ":",
    "|",
    ">",
    "-",
    "\t",
    "\n",
    " ",
    "!!python/object:os.system",
    "!!binary",
    "2026-13-45",
    "1e999",
    "\ufeff",
    "\x00",
    "é",
    "macro m()",
    "endmacro",
    "endfor",
    "lipsum(",
    "a",
    "~",
    "%",
    "..",
    "\r\n",
]


def _load(data: bytes) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz" / "en.md"
        path.parent.mkdir()
        path.write_bytes(data)
        try:
            return load_template(path, shipped=False, root=Path(folder))
        except MissivaError as exc:
            assert exc.file == str(path)
            assert exc.describe()
            return None


def _render(template: Any) -> None:
    profile = load_settings(AppPaths(Path(tempfile.gettempdir()) / "missiva-fuzz")).organisation
    values = {spec.name: "" for spec in template.fields}
    try:
        with time_limit(0.5):
            compose(template, values, profile, today=dt.date(2026, 11, 22))
    except MissivaError as exc:
        assert exc.describe()


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes_load_or_fail_with_our_error(data: bytes) -> None:
    _load(data)
    _load(b"---\n" + data)
    _load(b"---\nid: fuzz\n" + data + b"\n---\nbody\n")


@FUZZ
@given(st.lists(st.sampled_from(PIECES), max_size=80))
def test_text_made_of_template_pieces_loads_or_fails_with_our_error(pieces: list[str]) -> None:
    template = _load("".join(pieces).encode("utf-8"))
    if template is not None:
        _render(template)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates(),
    st.sampled_from(["text", "choice", "money", "date", "list", "bool", "letter", "en", "OUT"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELD_SPECS = st.dictionaries(
    st.sampled_from(
        ["label", "type", "required", "default", "choices", "pattern", "help", "currency", "x"]
    ),
    VALUES,
    max_size=5,
)
JINJA = st.lists(
    st.sampled_from(
        [
            "{{ a }}",
            "{{ a * 3 }}",
            "{% for i in range(3) %}",
            "{% endfor %}",
            "{% if a %}",
            "{% endif %}",
            "{{ 'x' * 10**9 }}",
            "{{ a | center(9) }}",
            "text ",
            "**b** ",
            "\n\n",
            "- item\n",
            "{{ range(10**9) | list }}",
            "{{ a ~ a }}",
            "{{ '%5s' % a }}",
            "{{ b }}",
            "{% macro m() %}m{% endmacro %}{{ m() }}",
            "{{ lipsum(1, min=5, max=9) }}",
            "{{",
        ]
    ),
    max_size=12,
).map("".join)


@FUZZ
@given(
    front=st.fixed_dictionaries(
        {
            "id": st.sampled_from(["fuzz", "other"]) | VALUES,
            "kind": st.sampled_from(["letter", "memo", "email", "snippet"]) | VALUES,
            "language": st.sampled_from(["en", "id"]) | VALUES,
            "title": st.text(max_size=10) | VALUES,
            "description": VALUES,
            "category": VALUES,
            "series": st.just("OUT") | VALUES,
            "subject": st.just("{{ a }}") | VALUES,
            "fields": st.dictionaries(
                st.sampled_from(["a", "b", "Bad-name", "letter_date"]), FIELD_SPECS, max_size=3
            )
            | VALUES,
        },
        optional={
            "layout": VALUES,
            "parts": st.dictionaries(st.text(max_size=8), VALUES),
            "x": VALUES,
        },
    ),
    body=JINJA,
)
def test_structured_front_matter_loads_or_fails_with_our_error(
    front: dict[str, Any], body: str
) -> None:
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    template = _load(text.encode("utf-8"))
    if template is not None:
        _render(template)
