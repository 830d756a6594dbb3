"""Issuing from the window signs digitally like ``missiva render`` does."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from signing_support import PASSWORD
from test_composer_flow import open_refund_letter


def configure(ctx, *, certificate: Path | None, sign_pdf: bool) -> None:
    """Write settings.toml with series OUT (signed or not) and the certificate, and reload."""
    lines = [f'signing_certificate = "{certificate}"'] if certificate else []
    lines += [
        "[[series]]",
        'id = "OUT"',
        'pattern = "OUT-{year}-{seq:05}"',
        'kinds = ["letter", "email"]',
        f"sign_pdf = {'true' if sign_pdf else 'false'}",
    ]
    ctx.paths.settings_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ctx.reload_settings()


def open_gate(window, qtbot):
    """Fill the refund letter, press Issue and return the gate dialog once shown."""
    composer = open_refund_letter(window, qtbot)
    composer.issue()
    flow = composer.issue_flow
    qtbot.waitUntil(
        lambda: flow.gate_dialog is not None and flow.gate_dialog.isVisible(), timeout=60_000
    )
    return flow.gate_dialog


def type_password(qtbot, flow, password: str) -> None:
    """Wait for the password prompt, check it hides what is typed, type and confirm."""
    qtbot.waitUntil(
        lambda: flow.password_dialog is not None and flow.password_dialog.isVisible(),
        timeout=60_000,
    )
    prompt = flow.password_dialog
    assert prompt.textEchoMode() == QLineEdit.EchoMode.Password
    edit = prompt.findChild(QLineEdit)
    qtbot.keyClicks(edit, password)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def gate_with_kept_password(window, qtbot, p12: Path, password: str, *, sign_pdf: bool):
    """Keep ``password`` in the keyring for ``p12``, configure it and open the gate dialog."""
    from desktop.core.signing import store_password_in_keyring

    store_password_in_keyring(p12, password)
    configure(window.ctx, certificate=p12, sign_pdf=sign_pdf)
    return open_gate(window, qtbot)


def issued_pdf(window, reference: str) -> Path:
    entry = window.ctx.register.get(reference)
    [pdf] = [Path(f.path) for f in entry.files if f.format == "pdf"]
    return pdf


def test_issue_signing_required_series_signs_with_the_keyring_password(
    window, qtbot, p12: Path, memory_keyring
) -> None:
    """A sign_pdf series issues a PDF whose PAdES signature validates; the register has the signer."""
    from desktop.core.services.signing import check_file_signatures

    composer = window.composer
    dialog = gate_with_kept_password(window, qtbot, p12, PASSWORD, sign_pdf=True)
    assert dialog.sign_box.isChecked() and not dialog.sign_box.isEnabled()
    assert "requires a digital signature" in dialog.sign_note.text()
    with qtbot.waitSignal(composer.entry_issued, timeout=60_000) as issued:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    reference = issued.args[0]

    entry = window.ctx.register.get(reference)
    pdf = issued_pdf(window, reference)
    check = check_file_signatures(pdf)
    assert check.ok and len(check.pdf) == 1
    assert "Ana Ribeiro" in check.pdf[0].signer_subject
    assert entry.signature_kind == "pades"
    assert entry.signed_by == "Ana Ribeiro"
    assert "Ana Ribeiro" in entry.cert_subject
    assert entry.signed_file_sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    shown = composer.issue_flow.issued_dialog.signature_label
    assert shown.isVisible()
    assert "Signed digitally by Ana Ribeiro" in shown.text()
    assert entry.cert_subject in shown.text()
    if shutil.which("pdfsig"):
        report = subprocess.run(
            ["pdfsig", str(pdf)], capture_output=True, text=True, check=False, timeout=60
        ).stdout
        assert re.search(r"Signature Validation:\s*Signature is Valid\.", report), report
        assert "Signer Certificate Common Name: Ana Ribeiro" in report


def test_issue_signing_asks_for_the_password_when_none_is_kept(
    window, qtbot, p12: Path, no_keyring
) -> None:
    """Without a keyring password the window asks for it (hidden) and signs with it."""
    configure(window.ctx, certificate=p12, sign_pdf=True)
    composer = window.composer
    dialog = open_gate(window, qtbot)
    with qtbot.waitSignal(composer.entry_issued, timeout=60_000) as issued:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
        type_password(qtbot, composer.issue_flow, PASSWORD)
    entry = window.ctx.register.get(issued.args[0])
    assert entry.signature_kind == "pades" and "Ana Ribeiro" in entry.cert_subject


def test_issue_signing_wrong_password_issues_nothing(
    window, qtbot, p12: Path, memory_keyring
) -> None:
    """A wrong password shows an error; no entry, no file, and the next number is still free."""
    configure(window.ctx, certificate=p12, sign_pdf=True)
    ctx = window.ctx
    series = ctx.settings.series_by_id("OUT")
    composer = window.composer
    dialog = open_gate(window, qtbot)
    expected = ctx.register.preview_next_reference(series, kind="letter")
    issued: list[str] = []
    composer.entry_issued.connect(issued.append)
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    flow = composer.issue_flow
    type_password(qtbot, flow, "not-the-password")
    qtbot.waitUntil(
        lambda: flow.error_box is not None and flow.error_box.isVisible(), timeout=60_000
    )
    window.runner.wait(30_000)

    text = flow.error_box.text()
    assert "Not issued" in text and "wrong password" in text
    assert PASSWORD not in text and "not-the-password" not in text
    assert issued == []
    assert ctx.register.preview_next_reference(series, kind="letter") == expected
    assert ctx.register.find(expected) is None
    assert not [p for p in ctx.paths.output_dir.rglob("*") if p.is_file()]
    assert memory_keyring == {}  # the typed password is not kept anywhere


def test_issue_signing_required_without_certificate_disables_issue(window, qtbot) -> None:
    """A series requiring a signature with no certificate set says where to set one; no Issue."""
    configure(window.ctx, certificate=None, sign_pdf=True)
    dialog = open_gate(window, qtbot)
    assert dialog.sign_box.isChecked() and not dialog.sign_box.isEnabled()
    assert not dialog.issue_button.isEnabled()
    note = dialog.sign_note.text()
    assert "requires a digital signature" in note and "Settings › Signatories" in note
    dialog.reject()


def test_issue_signing_is_optional_when_a_certificate_is_set(
    window, qtbot, p12: Path, memory_keyring
) -> None:
    """Series without sign_pdf: the box is offered unchecked, and ticking it signs the letter."""
    composer = window.composer
    dialog = gate_with_kept_password(window, qtbot, p12, PASSWORD, sign_pdf=False)
    assert dialog.sign_box.isEnabled() and not dialog.sign_box.isChecked()
    assert "signature block" in dialog.sign_box.toolTip()
    dialog.sign_box.setChecked(True)
    with qtbot.waitSignal(composer.entry_issued, timeout=60_000) as issued:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    assert window.ctx.register.get(issued.args[0]).signature_kind == "pades"


def test_issue_signing_not_offered_without_a_certificate(window, qtbot) -> None:
    """No certificate and no requirement: the box is off and disabled, and issuing is allowed."""
    configure(window.ctx, certificate=None, sign_pdf=False)
    dialog = open_gate(window, qtbot)
    assert not dialog.sign_box.isEnabled() and not dialog.sign_box.isChecked()
    assert dialog.issue_button.isEnabled()
    assert "Settings › Signatories" in dialog.sign_note.text()
    dialog.reject()


def test_issue_signing_asks_again_when_the_kept_password_is_stale(
    window, qtbot, p12: Path, memory_keyring
) -> None:
    """A keyring password that no longer opens the certificate leads to a prompt saying so."""
    composer = window.composer
    dialog = gate_with_kept_password(window, qtbot, p12, "an-old-password", sign_pdf=True)
    with qtbot.waitSignal(composer.entry_issued, timeout=60_000) as issued:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
        flow = composer.issue_flow
        qtbot.waitUntil(lambda: flow.password_dialog is not None, timeout=60_000)
        assert "no longer opens" in flow.password_dialog.labelText()
        type_password(qtbot, flow, PASSWORD)
    assert window.ctx.register.get(issued.args[0]).signature_kind == "pades"


def test_issue_signing_asks_again_when_the_kept_password_is_stale_in_portuguese(
    window, qtbot, p12: Path, memory_keyring
) -> None:
    """In pt-BR (translated error text) a stale keyring password still leads to the prompt."""
    from desktop.core.i18n import set_ui_language

    composer = window.composer
    dialog = gate_with_kept_password(window, qtbot, p12, "an-old-password", sign_pdf=True)
    set_ui_language("pt_BR")
    try:
        with qtbot.waitSignal(composer.entry_issued, timeout=60_000) as issued:
            qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
            flow = composer.issue_flow
            qtbot.waitUntil(lambda: flow.password_dialog is not None, timeout=60_000)
            assert "não abre mais o certificado ana.p12" in flow.password_dialog.labelText()
            type_password(qtbot, flow, PASSWORD)
    finally:
        set_ui_language("en")
    assert window.ctx.register.get(issued.args[0]).signature_kind == "pades"


@pytest.mark.parametrize("language", ["pt_BR", "id"])
def test_issue_signing_texts_are_translated(qtbot, ctx, tmp_path: Path, language: str) -> None:
    """The signing texts of the gate, the password prompt and the issued dialog are translated."""
    from types import SimpleNamespace

    from test_translations import untranslated, visible_texts

    from desktop.core.i18n import set_ui_language
    from desktop.core.settings import Series
    from desktop.gui.issue_dialogs import GateDialog, IssuedDialog
    from desktop.gui.issue_signing import PasswordNeeded, password_dialog, signature_line

    series = Series(id="OUT", pattern="OUT-{seq}", sign_pdf=True)
    report = SimpleNamespace(blocking=())
    set_ui_language(language)
    try:
        shown: set[str] = set()
        for certificate, required in (("", True), ("", False), ("/x/ana.p12", True)):
            plain = Series(id="OUT", pattern="OUT-{seq}")
            gate = GateDialog(
                report,
                "OUT-1",
                "letter",
                series=series if required else plain,
                certificate=certificate,
            )
            qtbot.addWidget(gate)
            gate.format_boxes["pdf"].setChecked(False)
            gate.format_boxes["html"].setChecked(True)
            shown |= visible_texts(gate) | {gate.sign_box.toolTip()}
            gate.format_boxes["pdf"].setChecked(True)
            shown |= visible_texts(gate)
        for stale in (False, True):
            prompt = password_dialog(gate, PasswordNeeded(Path("/x/ana.p12"), stale=stale))
            shown |= {prompt.windowTitle(), prompt.labelText(), prompt.okButtonText()}
        facts = {"signed_by": "Ana", "cert_subject": "CN=Ana"}
        issued = IssuedDialog(
            "OUT-1", "ABCD", [tmp_path / "a.pdf"], signature=signature_line(facts)
        )
        qtbot.addWidget(issued)
        shown |= visible_texts(issued)
        assert untranslated(shown, language) == set()
        words = re.compile(r"\b(Sign|Signed|requires|Settings|certificate|Password|signature)\b")
        assert {t for t in shown if words.search(t)} == set()  # formatted texts too
    finally:
        set_ui_language("en")


def test_issue_signing_password_prompt_shows_the_file_name_as_plain_text(qtbot) -> None:
    """A certificate named like markup is named literally in the password prompt."""
    from PySide6.QtWidgets import QLabel, QWidget

    from desktop.gui.issue_signing import PasswordNeeded, password_dialog

    parent = QWidget()
    qtbot.addWidget(parent)
    prompt = password_dialog(parent, PasswordNeeded(Path("/x/<i>ana & co.p12"), stale=False))
    label = prompt.findChild(QLabel)
    assert "<i>ana & co.p12" in label.text()
    assert label.textFormat() == Qt.TextFormat.PlainText
