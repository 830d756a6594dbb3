"""The merge wizard signs every row of a series that requires a digital signature."""

from __future__ import annotations

from pathlib import Path

from merge_support import open_wizard
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from signing_support import PASSWORD
from test_issue_signing import configure

CSV = """customer_name,order_number,refund_amount,refund_date
Ana Silva,A-1,10.00,2026-12-01
Carla Souza,A-2,30.00,2026-12-03
"""


def run_wizard(qtbot, ctx, runner, tmp_path: Path):
    """Walk the wizard to its run page with a two-row file and return it."""
    data = tmp_path / "refunds.csv"
    data.write_text(CSV, encoding="utf-8")
    wizard = open_wizard(qtbot, ctx, runner, data)
    wizard.next()
    qtbot.waitUntil(lambda: bool(wizard.headers), timeout=30_000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=60_000)
    wizard.next()
    return wizard


def type_password(qtbot, wizard, password: str) -> None:
    """Wait for the hidden password prompt, type and confirm."""
    qtbot.waitUntil(
        lambda: wizard.password_dialog is not None and wizard.password_dialog.isVisible(),
        timeout=60_000,
    )
    prompt = wizard.password_dialog
    assert prompt.textEchoMode() == QLineEdit.EchoMode.Password
    edit = prompt.findChild(QLineEdit)
    qtbot.keyClicks(edit, password)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def signed_entries(ctx) -> list:
    from desktop.core.register import SearchFilters

    found, _total = ctx.register.search(SearchFilters(), page=1, page_size=100)
    return [ctx.register.get(e.id) for e in found]


def test_merge_wizard_signs_rows_with_the_keyring_password(
    qtbot, ctx, runner, tmp_path: Path, p12: Path, memory_keyring
) -> None:
    """A sign_pdf series: every row is signed with the certificate, password from the keyring."""
    from desktop.core.services.signing import check_file_signatures
    from desktop.core.signing import store_password_in_keyring

    configure(ctx, certificate=p12, sign_pdf=True)
    store_password_in_keyring(p12, PASSWORD)
    wizard = run_wizard(qtbot, ctx, runner, tmp_path)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=120_000)
    assert len(wizard.report.issued) == 2
    entries = signed_entries(ctx)
    assert len(entries) == 2
    for entry in entries:
        assert entry.signature_kind == "pades" and "Ana Ribeiro" in entry.cert_subject
        [pdf] = [Path(f.path) for f in entry.files if f.format == "pdf"]
        assert check_file_signatures(pdf).ok


def test_merge_wizard_asks_for_the_password_when_none_is_kept(
    qtbot, ctx, runner, tmp_path: Path, p12: Path, no_keyring
) -> None:
    """Without a kept password the wizard asks once (hidden) and signs every row with it."""
    configure(ctx, certificate=p12, sign_pdf=True)
    wizard = run_wizard(qtbot, ctx, runner, tmp_path)
    type_password(qtbot, wizard, PASSWORD)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=120_000)
    assert [e.signature_kind for e in signed_entries(ctx)] == ["pades", "pades"]


def test_merge_wizard_wrong_password_issues_nothing(
    qtbot, ctx, runner, tmp_path: Path, p12: Path, no_keyring
) -> None:
    """A wrong password typed: nothing issued, the next number still free, the reason shown."""
    configure(ctx, certificate=p12, sign_pdf=True)
    series = ctx.settings.series_by_id("OUT")
    before = ctx.register.preview_next_reference(series, kind="letter")
    wizard = run_wizard(qtbot, ctx, runner, tmp_path)
    type_password(qtbot, wizard, "not-the-password")
    qtbot.waitUntil(lambda: "Not issued" in wizard.result_label.text(), timeout=60_000)
    assert "wrong password" in wizard.result_label.text()
    assert wizard.report is None and signed_entries(ctx) == []
    assert ctx.register.preview_next_reference(series, kind="letter") == before


def test_merge_wizard_without_certificate_issues_nothing(
    qtbot, ctx, runner, tmp_path: Path
) -> None:
    """A sign_pdf series and no certificate: the run page says so and nothing is issued."""
    configure(ctx, certificate=None, sign_pdf=True)
    wizard = run_wizard(qtbot, ctx, runner, tmp_path)
    qtbot.waitUntil(lambda: "no certificate is set" in wizard.result_label.text(), timeout=10_000)
    assert wizard.report is None and signed_entries(ctx) == []
