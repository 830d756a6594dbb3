"""Opening the merge wizard in the window tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def open_wizard(qtbot: Any, ctx: Any, runner: Any, data: Path) -> Any:
    """Return a shown merge wizard on ``data`` with the refund template (en) chosen."""
    from desktop.gui.merge_wizard import MergeWizard

    wizard = MergeWizard(ctx, runner)
    qtbot.addWidget(wizard)
    wizard.choose_template("refund-approved", "en")
    wizard.file_edit.setText(str(data))
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard
