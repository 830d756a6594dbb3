"""The proofing panel: which grammar engine ran, and the template's own words never flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

# A coined word no dictionary knows, written by the template's author in the fixed text.
COINED = "quillabrookish"  # lower case: unknown words of the writer block
TYPO = "Zibberfloxen"


def write_user_template(ctx) -> None:
    """Copy refund-approved/en as a user template whose fixed text holds a coined word."""
    shipped = Path(__file__).resolve().parents[2] / "letter_templates"
    text = (shipped / "refund-approved" / "en.md").read_text(encoding="utf-8")
    text = text.replace("id: refund-approved", "id: refund-coined")
    text = text.replace(
        "Thank you for your patience",
        f"Our {COINED} refund desk thanks you for your patience",
    )
    target = Path(ctx.paths.user_templates_dir) / "refund-coined"
    target.mkdir(parents=True, exist_ok=True)
    (target / "en.md").write_text(text, encoding="utf-8")


def open_template(window, qtbot, template_id: str, language: str):
    """Open a template in the composer and fill the required fields of refund letters."""
    composer = window.composer
    assert composer.picker.select(template_id, language)
    qtbot.mouseClick(composer.picker.use_button, Qt.MouseButton.LeftButton)
    return composer


def wait_checked(composer, qtbot) -> None:
    qtbot.waitUntil(lambda: composer.issues.grammar.isVisible(), timeout=60_000)
    composer.runner.wait(60_000)
    qtbot.waitUntil(lambda: composer.issues.grammar.text() != "", timeout=60_000)


def spelling_words(composer) -> set[str]:
    editor = composer.editor
    return {editor.mark_text(m) for m in editor.marks() if m.category == "spelling"}


@pytest.fixture
def coined_window(qtbot, ctx):
    from window_support import shown_window

    write_user_template(ctx)
    yield from shown_window(qtbot, ctx)


def test_template_words_are_never_flagged_in_the_editor(coined_window, qtbot) -> None:
    """The template's coined word passes; the same kind of word typed by the writer is flagged."""
    composer = open_template(coined_window, qtbot, "refund-coined", "en")
    qtbot.waitUntil(lambda: COINED in composer.editor.toPlainText(), timeout=10_000)
    composer.editor.insertPlainText(f" {TYPO} ")
    qtbot.waitUntil(lambda: TYPO in spelling_words(composer), timeout=60_000)
    assert COINED not in spelling_words(composer)


def test_check_body_declares_the_template_text(ctx) -> None:
    """Without the template text the coined word is a spelling mistake; with it, it is not."""
    from desktop.gui.proofing_panel import check_body, template_fixed_text

    write_user_template(ctx)
    template = ctx.catalog.get("refund-coined", "en")
    fixed = template_fixed_text(template)
    assert COINED in fixed and "{{" not in fixed and "{%" not in fixed
    text = f"Our {COINED} refund desk thanks you."
    bare = check_body(ctx.proofer, text, "en", "letter", {})
    declared = check_body(ctx.proofer, text, "en", "letter", {}, template_text=fixed)
    flagged = {text[m.start : m.end] for m in bare.marks if m.category == "spelling"}
    assert COINED in flagged
    assert COINED not in {text[m.start : m.end] for m in declared.marks if m.category == "spelling"}


@pytest.mark.parametrize(
    ("ui", "language", "expected"),
    [
        ("en", "id", "Missiva's built-in rules only"),
        ("pt_BR", "id", "somente as regras próprias do Missiva"),
        ("id", "id", "hanya aturan bawaan Missiva"),
    ],
)
def test_panel_says_when_only_built_in_rules_checked_grammar(
    window, qtbot, ui: str, language: str, expected: str
) -> None:
    """An Indonesian letter has no grammar engine: the panel says so, in the interface language."""
    from desktop.core.i18n import set_ui_language

    set_ui_language(ui)
    try:
        composer = open_template(window, qtbot, "refund-approved", language)
        wait_checked(composer, qtbot)
        assert "builtin-id" in composer.last_grammar
        assert not any(g in ("harper", "languagetool") for g in composer.last_grammar)
        assert expected in composer.issues.grammar.text()
    finally:
        set_ui_language("en")


def test_panel_names_the_engine_for_english(window, qtbot) -> None:
    """An English letter names the engine that ran (Harper offline, or LanguageTool)."""
    composer = open_template(window, qtbot, "refund-approved", "en")
    wait_checked(composer, qtbot)
    engines = [g for g in composer.last_grammar if not g.startswith("builtin")]
    assert engines, composer.last_grammar
    shown = composer.issues.grammar.text()
    assert ("Harper" in shown) or ("LanguageTool" in shown)
    assert "built-in rules only" not in shown
