"""The window's proofing panel shows a date that should come after the letter's as a warning."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt


def test_refund_date_before_the_letter_is_a_notice_in_the_panel(window, qtbot) -> None:
    """A past refund date is listed under the proofing summary; a later one is not."""
    composer = window.composer
    assert composer.picker.select("refund-approved", "en")
    qtbot.mouseClick(composer.picker.use_button, Qt.MouseButton.LeftButton)
    today = composer.ctx.today()
    past = (today - dt.timedelta(days=3)).isoformat()
    composer.form.set_values(
        {"customer_name": "Ana", "order_number": "A-1", "refund_amount": "10", "refund_date": past}
    )
    composer.proof_now()
    qtbot.waitUntil(lambda: any(past in n for n in composer.last_notices), timeout=60_000)
    assert past in composer.issues.summary.text()
    later = (today + dt.timedelta(days=9)).isoformat()
    composer.form.set_values({"refund_date": later})
    composer.proof_now()
    composer.runner.wait(60_000)
    qtbot.waitUntil(lambda: not any(past in n for n in composer.last_notices), timeout=60_000)
    assert not any("Expected by" in n for n in composer.last_notices)
