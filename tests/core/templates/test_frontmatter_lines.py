"""Every front matter and Jinja error points at the exact file line of what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import TemplateError
from desktop.core.templates import load_template
from tests.core.templates.conftest import BASE_BODY, BASE_FRONT, WriteTemplate


def _front(old: str, new: str) -> str:
    text = BASE_FRONT.format(id="test-letter", language="en")
    assert old in text
    return text.replace(old, new)


def _error(path: Path) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        load_template(path, shipped=True)
    return info.value


def _file_line(path: Path, needle: str) -> int:
    """Return the 1-based line of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_frontmatter_choice_without_choices_names_line(write_template: WriteTemplate) -> None:
    """A choice field without choices points at its own line."""
    path = write_template(front=_front("type: list", "type: choice"))
    error = _error(path)
    assert error.file == str(path) and error.field == "items"
    assert error.line == _file_line(path, "items:")
    assert "needs a non-empty 'choices'" in error.message


def test_frontmatter_bad_regex_names_line(write_template: WriteTemplate) -> None:
    """A pattern that does not compile points at the field's line and quotes the regex error."""
    path = write_template(
        front=_front(
            "order_number: {label: Order number, type: text, required: true}",
            "order_number: {label: Order number, type: text, required: true,\n"
            "                 pattern: '([A-Z'}",
        )
    )
    error = _error(path)
    assert error.line == _file_line(path, "pattern:")
    assert "not a valid regular expression" in error.message and error.field == "order_number"


def test_frontmatter_block_style_field_key_line(write_template: WriteTemplate) -> None:
    """In a block-style field spec, the error names the line of the offending key itself."""
    path = write_template(
        front=_front(
            "  amount: {label: Amount, type: money}",
            "  amount:\n    label: Amount\n    type: money\n    colour: red",
        )
    )
    error = _error(path)
    assert "unknown key 'colour'" in error.message
    assert error.line == _file_line(path, "colour:")


def test_frontmatter_field_named_like_top_key_points_at_field(
    write_template: WriteTemplate,
) -> None:
    """A bad field called 'title' is found under fields, not at the top-level 'title:'."""
    path = write_template(
        front=_front("  items: {label: Items, type: list}", "  title: {label: T, type: colour}")
    )
    error = _error(path)
    assert error.line == _file_line(path, "  title: {label")


def test_frontmatter_id_mismatch_names_line(write_template: WriteTemplate) -> None:
    """An id that is not the folder name points at the id line."""
    path = write_template(
        template_id="other", front=BASE_FRONT.format(id="test-letter", language="en")
    )
    error = _error(path)
    assert error.line == 2 and "folder name 'other'" in error.message


def test_frontmatter_unknown_part_names_line(write_template: WriteTemplate) -> None:
    """A misspelt part name is refused at its line, listing the allowed parts."""
    path = write_template(front=_front("  closing:", "  closng:"))
    error = _error(path)
    assert "unknown part 'closng'" in error.message and "closing" in error.message
    assert error.line == _file_line(path, "closng")


def test_frontmatter_invalid_default_is_refused(write_template: WriteTemplate) -> None:
    """A choice default that is not one of the choices is refused at the field's line."""
    path = write_template(
        front=_front(
            "  items: {label: Items, type: list}",
            "  method: {label: Method, type: choice, choices: [card, bank], default: cash}",
        )
    )
    error = _error(path)
    assert "default 'cash'" in error.message and "card, bank" in error.message
    assert error.line == _file_line(path, "method:")


def test_frontmatter_pattern_only_on_text(write_template: WriteTemplate) -> None:
    """A pattern on a money field is refused (it would never be checked)."""
    path = write_template(
        front=_front("amount: {label: Amount, type: money}", "amount: {type: money, pattern: x}")
    )
    assert "only for text fields" in _error(path).message


def test_frontmatter_unknown_layout_names_line(write_template: WriteTemplate) -> None:
    """An unknown layout is refused at its line."""
    path = write_template(front=_front("series: OUT\n", "series: OUT\nlayout: poster\n"))
    error = _error(path)
    assert "unknown layout 'poster'" in error.message
    assert error.line == _file_line(path, "layout:")


def test_frontmatter_empty_subject_is_blank_not_none(write_template: WriteTemplate) -> None:
    """A subject left empty in YAML is an empty string, never the text 'None'."""
    path = write_template(front=_front('subject: "Order {{ order_number }}"', "subject:"))
    assert load_template(path, shipped=True).subject == ""


def test_jinja_syntax_error_names_exact_body_line(write_template: WriteTemplate) -> None:
    """A Jinja syntax error in the body names the file line of the broken tag."""
    path = write_template(body="Line one.\n\nLine three {{ order_number | }}.\n")
    error = _error(path)
    assert "Jinja syntax error" in error.message
    assert error.line == _file_line(path, "Line three")


def test_jinja_syntax_error_in_block_part_names_line(write_template: WriteTemplate) -> None:
    """A syntax error on the second line of the recipient block points at that file line."""
    path = write_template(front=_front("{{ customer_address }}", "{{ customer_address }"))
    error = _error(path)
    assert "Jinja syntax error" in error.message
    assert error.line == _file_line(path, "{{ customer_address }")


def test_undeclared_variable_in_subject_names_line(write_template: WriteTemplate) -> None:
    """An undeclared name in the subject points at the subject line."""
    path = write_template(front=_front('{{ order_number }}"', '{{ order_no }}"'))
    error = _error(path)
    assert error.field == "order_no" and error.template == "test-letter/en"
    assert error.line == _file_line(path, "subject:")


def test_undeclared_variable_in_part_names_line(write_template: WriteTemplate) -> None:
    """An undeclared name in a block part points at the line it is used on."""
    path = write_template(front=_front("{{ customer_address }}", "{{ customer_adress }}"))
    error = _error(path)
    assert error.field == "customer_adress"
    assert error.line == _file_line(path, "customer_adress")


def test_undeclared_variable_line_ignores_plain_words(write_template: WriteTemplate) -> None:
    """The line is where the name is used in a tag, not an earlier line with the same word."""
    path = write_template(body="Your order arrived.\n\nSee {{ order }}.\n")
    error = _error(path)
    assert error.field == "order"
    assert error.line == _file_line(path, "See {{ order }}")


def test_loop_variables_and_globals_are_allowed(write_template: WriteTemplate) -> None:
    """Loop variables, loop.index, today and org need no declaration."""
    body = (
        BASE_BODY
        + "{% for item in items %}{{ loop.index }} {{ item }}{% endfor %}\n{{ today }} {{ org }}\n"
    )
    path = write_template(body=body)
    assert load_template(path, shipped=True).key == "test-letter/en"
