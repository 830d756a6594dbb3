"""Take screenshots of the main screens into docs/screenshots/ (run under Xvfb).

    xvfb-run -a -s "-screen 0 1600x1000x24" uv run python tools/screenshots.py

Builds a throw-away data folder with a few issued letters and incoming items, opens the real
window and grabs: the composer (with proofing underlines and the live preview), the register,
the settings dialog and the batch merge wizard.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZE = (1500, 920)


def wait(app: object, seconds: float, until: object = None) -> None:
    """Process events for ``seconds`` (or until ``until()`` is true)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        if until is not None and until():  # type: ignore[operator]
            return
        time.sleep(0.02)


def seed(ctx: object) -> None:
    """Issue a few letters and log incoming items so the register has something to show."""
    from desktop.core.proofing import gate
    from desktop.core.services.compose import compose_document
    from desktop.core.services.issuing import issue_document, record_incoming

    letters = [
        (
            "refund-approved",
            "en",
            {
                "customer_name": "Ana Silva",
                "order_number": "A-1001",
                "refund_amount": "125.50",
                "refund_date": "2026-12-04",
            },
        ),
        ("payment-reminder", "pt-BR", None),
        ("complaint-response", "id", None),
    ]
    for template_id, language, values in letters:
        template = ctx.catalog.get(template_id, language)  # type: ignore[attr-defined]
        if values is None:
            values = {}
            for spec in template.fields:
                if spec.required and spec.default is None:
                    values[spec.name] = {
                        "date": "2026-12-10",
                        "money": "980.00",
                        "number": "3",
                        "email": "cliente@example.com",
                    }.get(spec.type) or (spec.choices[0] if spec.choices else "Silva & Filhos Ltda")
        doc = compose_document(ctx, template_id, language, values)  # type: ignore[arg-type]
        report = ctx.proofer.check_document(doc)  # type: ignore[attr-defined]
        decision = gate(report, "Screenshot sample" if report.blocking else None)
        issue_document(
            ctx,
            doc,
            formats=("pdf",),
            proofing_summary=decision.summary,  # type: ignore[arg-type]
            override_reason=decision.override_reason,
        )
    today = ctx.today()  # type: ignore[attr-defined]
    record_incoming(
        ctx,
        sender="PT Maju Jaya",
        subject="Pertanyaan tentang faktur 2291",  # type: ignore[arg-type]
        received=today - dt.timedelta(days=14),
        email="info@majujaya.example",
    )
    record_incoming(
        ctx,
        sender="Carla Souza",
        subject="Reclamação sobre entrega atrasada",  # type: ignore[arg-type]
        received=today - dt.timedelta(days=1),
    )


def main() -> int:
    """Take the four screenshots; return 0."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_window
    from desktop.core.i18n import set_ui_language
    from desktop.core.services.context import AppContext

    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(["missiva"])
    app.setApplicationName("Missiva")
    set_ui_language(os.environ.get("MISSIVA_UI_LANGUAGE", "en"))
    with tempfile.TemporaryDirectory() as folder:
        ctx = AppContext.create(folder)
        seed(ctx)
        window = build_window(ctx)
        window.resize(*SIZE)
        window.show()
        wait(app, 30, lambda: window.catalog_ready)
        composer = window.composer
        composer.start("refund-approved", "en")
        form = composer.form
        form.widget_for("customer_name").setText("Ana Silva")
        form.widget_for("customer_email").setText("ana.silva@example.com")
        form.widget_for("customer_address").setPlainText("Rua das Flores 12\n01310-100 São Paulo")
        form.widget_for("order_number").setText("A-1002")
        form.widget_for("refund_amount").setText("89.90")
        from PySide6.QtCore import QDate

        form.widget_for("refund_date").setDate(QDate(2026, 12, 4))
        wait(app, 2)
        cursor = composer.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(
            "\n\nWe recieved your mesage on Monday and we apologise for the the delay."
        )
        wait(app, 20, lambda: len(composer.editor.marks()) >= 2 and composer.preview.page_count > 0)
        wait(app, 2)
        window.grab().save(str(OUT / "composer.png"))

        window.show_page("register")
        wait(app, 10, lambda: window.register_panel.model.rowCount() > 0)
        window.register_panel.table.selectRow(2)
        wait(app, 3)
        window.grab().save(str(OUT / "register.png"))

        from desktop.gui.merge_wizard import MergeWizard
        from desktop.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(ctx, window)
        dialog.tabs.setCurrentIndex(1)
        dialog.show()
        wait(app, 1)
        dialog.grab().save(str(OUT / "settings.png"))
        dialog.close()

        data = Path(folder) / "refunds.csv"
        data.write_text(
            "Customer name,Customer e-mail,order_number,refund_amount,refund_date\n"
            "Ana Silva,ana@example.com,A-1,10.00,2026-12-01\n"
            "Budi Santoso,budi@example.com,A-2,20.00,2026-12-02\n"
            "Carla Souza,carla@example.com,A-3,30.00,2026-12-03\n",
            encoding="utf-8",
        )
        wizard = MergeWizard(ctx, window.runner, window)
        wizard.choose_template("refund-approved", "en")
        wizard.file_edit.setText(str(data))
        wizard.show()
        wizard.next()
        wait(app, 10, lambda: wizard.mapping_table.rowCount() > 0)
        wait(app, 1)
        wizard.grab().save(str(OUT / "merge.png"))
        wizard.close()
        window.runner.wait(30_000)
        window.close()
    print(f"saved to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
