"""Look-ups a clerk types: loose language codes and kinds, choice labels, errors as sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.errors import FieldError, MissivaError, TemplateError
from desktop.core.languages import template_language


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    return str(tmp_path / "data")


@pytest.mark.parametrize(
    ("typed", "variant"),
    [
        ("pt_BR", "pt-BR"),
        ("pt", "pt-BR"),
        ("PT-br", "pt-BR"),
        ("pt_BR.UTF-8", "pt-BR"),
        ("en_US", "en"),
        ("en-GB", "en"),
        ("EN", "en"),
        ("id_ID", "id"),
        ("in", "id"),
        ("Indonesian", "id"),
    ],
)
def test_loose_language_codes_map_to_the_variant(typed: str, variant: str) -> None:
    """Locale spellings and old codes name the variant that exists."""
    assert template_language(typed) == variant


@pytest.mark.parametrize("typed", ["pt-PT", "fr", "", "en-123", "xx_YY"])
def test_other_language_codes_are_refused_with_the_list(typed: str) -> None:
    """A code naming no variant is refused; the hint lists the valid codes."""
    with pytest.raises(TemplateError) as info:
        template_language(typed)
    assert info.value.hint == "Use one of: en, pt-BR, id."


@pytest.mark.parametrize(("typed", "language"), [("pt", "pt-BR"), ("in", "id"), ("en_US", "en")])
def test_templates_list_takes_loose_language_codes(
    capsys: pytest.CaptureFixture[str], data_dir: str, typed: str, language: str
) -> None:
    """`templates list --language pt` lists the pt-BR templates, not an empty table."""
    code, out, _ = run(capsys, "templates", "list", "--json", "-l", typed, "--data-dir", data_dir)
    items = json.loads(out)["templates"]
    assert code == 0 and items and {t["language"] for t in items} == {language}


def test_templates_list_takes_plural_kind(
    capsys: pytest.CaptureFixture[str], data_dir: str
) -> None:
    """`--kind letters` means letter."""
    code, out, _ = run(
        capsys, "templates", "list", "--json", "--kind", "Letters", "--data-dir", data_dir
    )
    items = json.loads(out)["templates"]
    assert code == 0 and items and {t["kind"] for t in items} == {"letter"}


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--language", "pt-PT", "'pt-PT' is not a template language. Use one of: en, pt-BR, id."),
        ("--kind", "leter", "'leter' is not a kind of template. Use one of: letter, memo"),
    ],
)
def test_templates_list_refuses_unknown_filters(
    capsys: pytest.CaptureFixture[str], data_dir: str, option: str, value: str, expected: str
) -> None:
    """An unknown language or kind exits 1 with the valid list, never an empty table."""
    code, out, err = run(capsys, "templates", "list", option, value, "--data-dir", data_dir)
    assert code == 1 and expected in err and "┏" not in out


def test_unknown_template_is_one_sentence_with_a_suggestion(
    capsys: pytest.CaptureFixture[str], data_dir: str
) -> None:
    """A misspelt id: a capitalised sentence, then the suggestion."""
    code, _, err = run(capsys, "templates", "show", "refund-aproved", "--data-dir", data_dir)
    assert code == 1
    assert "No template 'refund-aproved'. Did you mean 'refund-approved'?" in err


def test_templates_show_gives_choice_labels(
    capsys: pytest.CaptureFixture[str], data_dir: str
) -> None:
    """`templates show` prints each choice code with its label in the template's language."""
    code, out, _ = run(
        capsys, "templates", "show", "refund-approved", "-l", "pt_BR", "--data-dir", data_dir
    )
    assert code == 0 and "refund-approved/pt-BR" in out
    assert "bank_transfer = Depósito na conta bancária do cliente" in out
    code, out, _ = run(
        capsys, "templates", "show", "refund-approved", "--json", "--data-dir", data_dir
    )
    field = next(f for f in json.loads(out)["fields"] if f["name"] == "refund_method")
    assert field["choices"] == ["card", "bank_transfer", "store_credit"]
    assert field["choice_labels"]["card"] == "Back to the payment card"


def _render(capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: str, *sets: str):
    args = ["render", "refund-approved", "-l", "pt-br", "--draft", "--format", "txt"]
    for item in sets:
        args += ["--set", item]
    args += ["--out", str(tmp_path / "o"), "--json", "--data-dir", data_dir]
    return run(capsys, *args)


REQUIRED = ("customer_name=Ana", "order_number=A-1", "refund_amount=10", "refund_date=2026-12-01")


@pytest.mark.parametrize(
    "method", ["refund_method=bank_transfer", "refund_method=depósito na conta bancária do CLIENTE"]
)
def test_render_set_takes_code_or_label(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: str, method: str
) -> None:
    """--set accepts the code or its label (any case, accents optional); the letter follows."""
    code, out, err = _render(capsys, tmp_path, data_dir, *REQUIRED, method)
    assert code == 0, err
    text = Path(json.loads(out)["files"][0]["path"]).read_text(encoding="utf-8")
    assert "conta" in text.casefold() and "cartão" not in text.casefold()


def test_render_unknown_choice_lists_labels_and_codes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: str
) -> None:
    """An unknown value names the field and lists every label with its code."""
    code, _, err = _render(capsys, tmp_path, data_dir, *REQUIRED, "refund_method=pix")
    assert code == 1
    assert "field 'refund_method'" in err
    assert "Estorno no cartão (card)" in err and "(bank_transfer)" in err


def test_render_reports_every_missing_required_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: str
) -> None:
    """Nothing given: one message naming all four required fields."""
    code, _, err = _render(capsys, tmp_path, data_dir, "customer_name=Ana")
    assert code == 1
    for name in ("order_number", "refund_amount", "refund_date"):
        assert f"'{name}'" in err
    assert "'customer_name'" not in err


@pytest.mark.parametrize(
    ("message", "hint", "expected"),
    [
        ("no register entry 'X'", "Try Y.", "no register entry 'X'. Try Y."),
        ("it failed.", "Try Y.", "it failed. Try Y."),
        ("is it 'x'?", "Try Y.", "is it 'x'? Try Y."),
        ("quoted ('x')", "Try Y.", "quoted ('x'). Try Y."),
        ("no hint", None, "no hint"),
    ],
)
def test_describe_joins_message_and_hint_as_sentences(
    message: str, hint: str | None, expected: str
) -> None:
    """A message without final punctuation gets a full stop before the hint."""
    assert MissivaError(message, hint=hint).describe() == expected


def test_describe_keeps_the_place_first() -> None:
    """The place still leads; the full stop goes after the message, before the hint."""
    error = FieldError("bad value", field="x", template="t/en", hint="Use a number.")
    assert error.describe() == "template t/en, field 'x': bad value. Use a number."
