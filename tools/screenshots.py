"""Take screenshots of the main screens into docs/screenshots/ (run under Xvfb).

    xvfb-run -a -s "-screen 0 1600x1000x24" uv run python tools/screenshots.py
    xvfb-run -a -s "-screen 0 3200x2000x24" uv run python tools/screenshots.py --scale 2 --out /tmp/hidpi
    xvfb-run -a -s "-screen 0 1600x1000x24" uv run python tools/screenshots.py --dark --only composer,settings

Builds a throw-away data folder with a few issued letters and incoming items, opens the real
window and grabs: the composer (with proofing underlines and the live preview), the register,
the settings dialog (signatories) and the batch merge wizard. ``--dark`` gives the application
the dark palette a dark desktop theme hands to Qt (Fusion style) and adds ``-dark`` to the file
names; ``--scale`` sets ``QT_SCALE_FACTOR`` (high-DPI check); ``--language`` the interface
language (en, pt_BR, id; other than English it is added to the file names: register-pt-BR.png,
register-id.png); ``--merge-pages`` also grabs the wizard's other pages (merge-source,
merge-check, merge-report; the run issues the three sample rows in the throw-away folder).
"""

from __future__ import annotations

import argparse
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
            decision=decision,
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


def dark_palette() -> object:
    """Return the palette a dark desktop theme gives Qt applications (as KDE's Breeze Dark)."""
    from PySide6.QtGui import QColor, QPalette

    role = QPalette.ColorRole
    palette = QPalette()
    colours = {
        role.Window: "#2A2E32", role.WindowText: "#FCFCFC", role.Base: "#1B1E20",
        role.AlternateBase: "#232629", role.ToolTipBase: "#31363B", role.ToolTipText: "#FCFCFC",
        role.PlaceholderText: "#8A8E92", role.Text: "#FCFCFC", role.Button: "#31363B",
        role.ButtonText: "#FCFCFC", role.BrightText: "#FFFFFF", role.Highlight: "#3DAEE9",
        role.HighlightedText: "#FCFCFC", role.Link: "#1D99F3", role.LinkVisited: "#9B59B6",
        role.Light: "#40464C", role.Midlight: "#363B40", role.Mid: "#25292C",
        role.Dark: "#141618", role.Shadow: "#0A0B0C",
    }  # fmt: skip
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QColor(value))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, colour_role, QColor("#6E7276"))
    return palette


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dark", action="store_true", help="dark palette, '-dark' file names")
    parser.add_argument("--scale", default="", help="QT_SCALE_FACTOR, e.g. 2")
    parser.add_argument("--language", default=os.environ.get("MISSIVA_UI_LANGUAGE", "en"))
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    parser.add_argument(
        "--only", default="", help="comma-separated: composer,register,settings,merge"
    )
    parser.add_argument(
        "--merge-pages", action="store_true", help="every merge wizard page, not only the mapping"
    )
    return parser.parse_args()


def main() -> int:
    """Take the screenshots; return 0."""
    args = _parse()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = args.scale
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_window
    from desktop.core.services.context import AppContext
    from desktop.gui.live_switch import apply_ui_language

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    suffix = "-dark" if args.dark else ""
    from desktop.core.i18n import normalise_ui_language

    code = normalise_ui_language(args.language)
    if code != "en":
        suffix = "-" + code.replace("_", "-") + suffix
    wanted = set(filter(None, args.only.split(","))) or {
        "composer",
        "register",
        "settings",
        "merge",
    }

    def save(widget: object, name: str) -> None:
        if name.partition("-")[0] in wanted:  # merge-check goes with merge
            widget.grab().save(str(out / f"{name}{suffix}.png"))  # type: ignore[attr-defined]

    app = QApplication(["missiva"])
    app.setApplicationName("Missiva")
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())  # type: ignore[arg-type]
    apply_ui_language(args.language)
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
        save(window, "composer")

        window.show_page("register")
        wait(app, 10, lambda: window.register_panel.model.rowCount() > 0)
        window.register_panel.table.selectRow(2)
        wait(app, 3)
        save(window, "register")

        from desktop.gui.merge_wizard import MergeWizard
        from desktop.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(ctx, window)
        dialog.show_page(dialog.signatories)
        dialog.show()
        wait(app, 1)
        save(dialog, "settings")
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
        wait(app, 1)
        if args.merge_pages:
            save(wizard, "merge-source")
        wizard.next()
        wait(app, 10, lambda: wizard.mapping_table.rowCount() > 0)
        wait(app, 1)
        save(wizard, "merge")
        if args.merge_pages:
            wizard.next()
            wait(app, 60, lambda: wizard.plan is not None)
            wait(app, 1)
            save(wizard, "merge-check")
            wizard.next()
            wait(app, 120, lambda: wizard.report is not None)
            wait(app, 1)
            save(wizard, "merge-report")
        wizard.close()
        window.runner.wait(30_000)
        window.close()
    print(f"saved to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
