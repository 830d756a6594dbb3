"""The register view: a lazy model over many entries, filters, overdue marks and actions."""

from __future__ import annotations

import datetime as dt

import pytest

COLUMNS = (
    "reference",
    "series",
    "period",
    "seq",
    "direction",
    "kind",
    "language",
    "subject",
    "correspondent_name",
    "entry_date",
    "created_at",
    "issued_at",
    "channel",
    "status",
    "search_text",
    "reply_by",
)


def bulk_entries(register, count: int) -> None:
    """Insert ``count`` plain entries straight into the database (test data, fast)."""
    from desktop.core.register import fold

    raw = register.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN")
        sql = f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
        rows = []
        start = dt.date(2020, 1, 1)
        for n in range(count):
            day = (start + dt.timedelta(days=n % 2000)).isoformat()
            direction = "in" if n % 10 == 0 else "out"
            reference = f"T-{n:07d}"
            subject = f"Order {n} question"
            rows.append(
                (
                    reference,
                    "T",
                    "",
                    n,
                    direction,
                    "letter",
                    "en",
                    subject,
                    f"Person {n}",
                    day,
                    f"{day} 09:00:00",
                    f"{day} 09:00:00",
                    "post",
                    "received" if direction == "in" else "issued",
                    fold(f"{reference} {subject} Person {n}"),
                    day if direction == "in" else None,
                )
            )
        cur.executemany(sql, rows)
        cur.execute("COMMIT")
    finally:
        raw.close()


@pytest.fixture
def big_register(ctx):
    """Return the context with 100,000 register entries."""
    bulk_entries(ctx.register, 100_000)
    return ctx


def test_register_model_fetches_pages_not_everything(qtbot, big_register, runner) -> None:
    """Over 100,000 entries the view loads one page, and more only as it scrolls."""
    from PySide6.QtWidgets import QTableView

    from desktop.core.register import SearchFilters
    from desktop.gui.register_model import RegisterModel

    model = RegisterModel(lambda: big_register.register, runner, big_register.today)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    view.show()
    model.set_filters(SearchFilters())
    qtbot.waitUntil(lambda: model.rowCount() == model.page_size, timeout=30_000)
    assert model.total == 100_000
    for pages in (2, 3):
        view.scrollToBottom()
        qtbot.waitUntil(lambda p=pages: model.rowCount() == p * model.page_size, timeout=30_000)
    assert model.rowCount() < 1000 < model.total


def test_register_model_marks_overdue_incoming(qtbot, ctx, runner) -> None:
    """Incoming items past their reply-by date are highlighted and explained."""
    bulk_entries(ctx.register, 200)
    big_register = ctx
    from PySide6.QtCore import Qt

    from desktop.core.register import SearchFilters
    from desktop.gui.register_model import RegisterModel

    model = RegisterModel(lambda: big_register.register, runner, big_register.today)
    model.set_filters(SearchFilters(direction="in"))
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=30_000)
    index = model.index(0, 0)
    assert model.row(0).overdue(big_register.today())
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "Overdue" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_register_panel_text_filter_narrows_the_list(window, qtbot) -> None:
    """Typing in the search box lists only matching entries."""
    bulk_entries(window.ctx.register, 500)
    window.show_page("register")
    panel = window.register_panel
    qtbot.waitUntil(lambda: panel.model.total == 500, timeout=30_000)
    qtbot.keyClicks(panel.search_edit, "T-0000123")
    qtbot.waitUntil(lambda: panel.model.total == 1 and panel.model.rowCount() == 1, timeout=30_000)
    assert panel.model.row(0).reference == "T-0000123"


def test_register_panel_verifies_integrity(window, qtbot) -> None:
    """Verify integrity reports an intact empty register."""
    window.show_page("register")
    window.register_panel.verify()
    qtbot.waitUntil(
        lambda: getattr(window.register_panel, "last_verification", None) is not None,
        timeout=30_000,
    )
    assert "intact" in window.register_panel.last_verification


def test_register_panel_emails_an_entry_through_the_outbox(window, qtbot) -> None:
    """E-mail from the register queues the message in the outbox (no server: it waits there)."""
    from desktop.core.proofing import gate
    from desktop.core.services.compose import compose_document
    from desktop.core.services.issuing import issue_document
    from desktop.core.services.mail import list_outbox

    ctx = window.ctx
    doc = compose_document(ctx, "refund-approved", "en", {
        "customer_name": "Ana Silva", "order_number": "A-9", "refund_amount": "5.00",
        "refund_date": "2026-12-04"})  # fmt: skip
    issue_document(ctx, doc, decision=gate(ctx.proofer.check_document(doc), "sample"))
    window.show_page("register")
    panel = window.register_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=30_000)
    panel.table.selectRow(0)
    qtbot.waitUntil(panel.mail_button.isEnabled, timeout=30_000)
    panel.mail_current("ana@example.com")
    qtbot.waitUntil(lambda: getattr(panel, "last_mail", None) is not None, timeout=60_000)
    items = list_outbox(ctx)
    assert len(items) == 1 and "ana@example.com" in items[0].recipients
