"""A broken template names its file and line; the rest of the library still loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import TemplateError
from desktop.core.templates import Catalog, load_template
from tests.core.templates.conftest import BASE_FRONT, WriteTemplate


def _front(**replace: str) -> str:
    text = BASE_FRONT.format(id="test-letter", language="en")
    for old, new in replace.items():
        text = text.replace(old.replace("__", " "), new)
    return text


def _error(path: Path) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        load_template(path, shipped=True)
    return info.value


def test_load_template_broken_yaml_names_line(write_template: WriteTemplate) -> None:
    """Invalid YAML is reported with the file and the line of the problem."""
    path = write_template(front=_front(**{"title: Test letter": "title: [unclosed"}))
    error = _error(path)
    assert error.file == str(path)
    assert error.line == 5
    assert "not valid YAML" in error.message


def test_load_template_unknown_field_type_names_field_and_line(
    write_template: WriteTemplate,
) -> None:
    """An unknown field type names the field, the type and the line of 'type'."""
    path = write_template(front=_front(**{"type: money": "type: currency"}))
    error = _error(path)
    assert "unknown type 'currency'" in error.message
    assert error.field == "amount"
    assert error.line == 21


def test_load_template_unknown_key_is_refused(write_template: WriteTemplate) -> None:
    """A misspelt front matter key is refused with its line."""
    path = write_template(front=_front(**{"category: Tests": "categroy: Tests"}))
    error = _error(path)
    assert "categroy" in error.message
    assert error.line == 7


def test_load_template_choice_without_choices(write_template: WriteTemplate) -> None:
    """A choice field must list its choices."""
    path = write_template(front=_front(**{"type: list": "type: choice"}))
    assert "needs a non-empty 'choices'" in _error(path).message


def test_load_template_bad_pattern(write_template: WriteTemplate) -> None:
    """A field pattern that is not a regular expression is refused."""
    path = write_template(
        front=_front(
            **{"type: text, required: true}": "type: text, required: true, pattern: '([a-z'}"}
        )
    )
    assert "not a valid regular expression" in _error(path).message


def test_load_template_language_must_match_file_name(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """A file named pt-BR.md declaring language en is refused."""
    path = write_template(
        language="pt-BR", front=BASE_FRONT.format(id="test-letter", language="en")
    )
    error = _error(path)
    assert "match the file name" in error.message
    assert error.line == 4


def test_load_template_id_must_match_folder(write_template: WriteTemplate) -> None:
    """The id must be the folder's name."""
    path = write_template(
        template_id="other", front=BASE_FRONT.format(id="test-letter", language="en")
    )
    assert "folder name 'other'" in _error(path).message


def test_load_template_missing_front_matter(tmp_path: Path) -> None:
    """A file without front matter says so, at line 1."""
    folder = tmp_path / "x"
    folder.mkdir()
    path = folder / "en.md"
    path.write_text("Hello\n", encoding="utf-8")
    error = _error(path)
    assert error.line == 1 and "---" in error.message


def test_load_template_jinja_syntax_error_names_body_line(write_template: WriteTemplate) -> None:
    """A Jinja syntax error in the body points at the file's line, not the body's."""
    path = write_template(body="Line one.\n\n{% if order_number %}\nNo end.\n")
    error = _error(path)
    assert "Jinja syntax error" in error.message
    front_lines = BASE_FRONT.count("\n") + 2
    assert error.line is not None and error.line >= front_lines + 1


def test_load_template_undeclared_variable_names_it_and_line(write_template: WriteTemplate) -> None:
    """A typo'd variable is refused at load time with its name, template and line."""
    path = write_template(body="Hello.\n\nYour order {{ order_numbr }} shipped.\n")
    error = _error(path)
    assert error.field == "order_numbr"
    assert error.template == "test-letter/en"
    assert error.line == BASE_FRONT.count("\n") + 2 + 3


def test_catalog_broken_file_does_not_stop_the_rest(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """One broken family is listed in problems; the good one loads."""
    write_template("good")
    write_template("bad", body="{{ nope }}\n")
    catalog = Catalog.load(None, tmp_path / "templates")
    assert catalog.families() == ["good"]
    assert len(catalog.problems) == 1 and "nope" in catalog.problems[0].message


def test_catalog_user_folder_overrides_and_adds(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """A user template replaces the shipped variant of the same id and adds new families."""
    shipped = tmp_path / "shipped"
    user = tmp_path / "user"
    write_template("letter-a", root=shipped)
    write_template("letter-a", root=user, body="Custom body for {{ order_number }}.\n")
    write_template("letter-b", root=user)
    catalog = Catalog.load(user, shipped)
    assert catalog.families() == ["letter-a", "letter-b"]
    assert catalog.get("letter-a", "en").shipped is False
    assert "Custom body" in catalog.get("letter-a", "en").body


def test_catalog_get_unknown_id_and_language(tmp_path: Path, write_template: WriteTemplate) -> None:
    """Unknown ids and missing languages are clear errors listing what exists."""
    write_template("letter-a")
    catalog = Catalog.load(None, tmp_path / "templates")
    with pytest.raises(TemplateError, match=r"No template 'nope'\."):
        catalog.get("nope", "en")
    with pytest.raises(TemplateError) as info:
        catalog.get("letter-a", "id")
    assert "Available languages: en" in (info.value.hint or "")


def test_catalog_non_language_file_is_a_problem(
    tmp_path: Path, write_template: WriteTemplate
) -> None:
    """A stray fr.md is reported, not silently ignored."""
    path = write_template("letter-a")
    (path.parent / "fr.md").write_text("---\n---\n", encoding="utf-8")
    catalog = Catalog.load(None, tmp_path / "templates")
    assert any("fr.md" in p.message for p in catalog.problems)
