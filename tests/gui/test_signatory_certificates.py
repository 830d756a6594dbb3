"""Each signatory may sign with their own certificate: set in Settings, used by the Issue dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from signing_support import PASSWORD, write_p12
from test_issue_signing import open_gate


def test_issue_gate_names_and_signs_with_the_signatory_certificate(
    window, qtbot, tmp_path: Path, memory_keyring
) -> None:
    """The letter's signatory has a certificate: the gate names it and the letter is signed with it."""
    from desktop.core.signing import store_password_in_keyring

    ctx = window.ctx
    own = write_p12(ctx, tmp_path, "Ana Ribeiro", "ana-own.p12")
    seal = write_p12(ctx, tmp_path, "Organisation Seal", "seal.p12")
    ctx.paths.settings_file.write_text(
        f'signing_certificate = "{seal}"\n\n[[organisation.signatories]]\nid = "ana"\n'
        f'name = "Ana Ribeiro"\ncertificate = "{own}"\n\n[[series]]\nid = "OUT"\n'
        'pattern = "OUT-{year}-{seq:05}"\nkinds = ["letter", "email"]\nsign_pdf = true\n',
        encoding="utf-8",
    )
    ctx.reload_settings()
    store_password_in_keyring(own, PASSWORD)
    dialog = open_gate(window, qtbot)
    assert "ana-own.p12" in dialog.sign_box.text()
    with qtbot.waitSignal(window.composer.entry_issued, timeout=60_000) as issued:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    entry = ctx.register.get(issued.args[0])
    assert "Ana Ribeiro" in entry.cert_subject and "Organisation" not in entry.cert_subject


def test_settings_keeps_a_signatory_certificate_and_its_password(
    qtbot, ctx, tmp_path: Path, memory_keyring
) -> None:
    """A signatory's certificate is saved by path; its password goes to the keyring only."""
    from desktop.core.signing import password_from_keyring
    from desktop.gui.settings_dialog import SettingsDialog

    own = write_p12(ctx, tmp_path, "Ana Ribeiro", "ana-own.p12")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.signatories
    dialog.show_page(page)
    page.list.setCurrentRow(0)
    page.edits["certificate"].setFocus()
    qtbot.keyClicks(page.edits["certificate"], str(own))
    qtbot.keyClick(page.edits["certificate"], Qt.Key.Key_Return)
    qtbot.keyClicks(page.person_password, "wrong")
    qtbot.keyClick(page.person_password, Qt.Key.Key_Return)
    assert "password" in page.person_cert_error.text().lower()
    assert not dialog.ok_button.isEnabled()
    page.person_password.selectAll()
    qtbot.keyClicks(page.person_password, PASSWORD)
    qtbot.keyClick(page.person_password, Qt.Key.Key_Return)
    assert "Ana Ribeiro" in page.person_cert_info.text()
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    person = ctx.settings.organisation.signatories[0]
    assert Path(person.certificate) == own
    assert password_from_keyring(own) == PASSWORD.encode()
    assert PASSWORD not in ctx.paths.settings_file.read_text(encoding="utf-8")


def test_settings_certificate_status_tells_password_problems_apart_in_portuguese(
    ctx, tmp_path: Path, memory_keyring
) -> None:
    """In pt-BR (translated error texts) a missing, stale or wrong password each get their note."""
    from desktop.core.i18n import set_ui_language
    from desktop.core.signing import store_password_in_keyring
    from desktop.gui.settings_signatories import certificate_status

    own = write_p12(ctx, tmp_path, "Ana Ribeiro", "ana.p12")
    junk = tmp_path / "junk.p12"
    junk.write_bytes(b"not a certificate")
    set_ui_language("pt_BR")
    try:
        assert certificate_status(ctx, str(own), "")[1] == (
            "O Missiva pedirá a senha ao assinar (ou digite-a aqui)."
        )
        assert certificate_status(ctx, str(own), "typo")[0] == (
            "Senha incorreta para este certificado."
        )
        assert certificate_status(ctx, str(junk), "x")[0] == (
            "Não é um arquivo de certificado PKCS#12 (.p12 ou .pfx)."
        )
        store_password_in_keyring(own, "an-old-password")
        assert "não abre mais" in certificate_status(ctx, str(own), "")[0]
        assert certificate_status(ctx, str(own), PASSWORD)[1].startswith("Ana Ribeiro, ")
    finally:
        set_ui_language("en")
