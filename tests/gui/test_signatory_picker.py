"""The composer offers the organisation's signatories by name for a template's signatory field."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox
from test_composer_flow import open_refund_letter


def test_signatory_field_lists_the_profile_signatories_by_name(window, qtbot) -> None:
    """Names and titles are shown, the template's default is chosen, the letter signs as picked."""
    composer = open_refund_letter(window, qtbot)
    picker = composer.form.widget_for("signatory")
    assert isinstance(picker, QComboBox)
    shown = [picker.itemText(i) for i in range(picker.count())]
    assert shown == ["Ana Ribeiro — Customer Care Manager", "Budi Santoso — Head of Finance"]
    assert picker.currentData() == "ana"  # the template's default id
    assert composer.build_document().signatory.name == "Ana Ribeiro"

    picker.setCurrentIndex(picker.findData("budi"))
    assert composer.form.values()["signatory"] == "budi"
    document = composer.build_document()
    assert (document.signatory.name, document.signatory.title) == (
        "Budi Santoso",
        "Head of Finance",
    )


def test_a_draft_naming_an_unknown_signatory_keeps_that_id(window, qtbot) -> None:
    """A saved value the profile no longer knows stays selected (and composing names it)."""
    composer = open_refund_letter(window, qtbot)
    composer.form.set_values({"signatory": "carla"})
    picker = composer.form.widget_for("signatory")
    assert picker.currentData() == "carla"
    assert composer.form.values()["signatory"] == "carla"
