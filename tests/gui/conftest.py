"""Fixtures for the window tests: offscreen Qt, a temporary data folder, a drained pool."""

from __future__ import annotations

import datetime as dt
import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import
os.environ.setdefault("QT_SCALE_FACTOR", "1")

from collections.abc import Iterator
from pathlib import Path

import pytest
from window_support import shown_window

FIXED_NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Return an AppContext on an empty data folder with a fixed clock."""
    from desktop.core.i18n import set_ui_language
    from desktop.core.services.context import AppContext

    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)
    set_ui_language("en")
    return AppContext.create(str(tmp_path / "data"), clock=lambda: FIXED_NOW)


@pytest.fixture
def runner(qtbot) -> Iterator[object]:
    """Return a TaskRunner; drain its pools after the test."""
    from desktop.gui.tasks import TaskRunner

    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait(30_000)


@pytest.fixture
def window(qtbot, ctx) -> Iterator[object]:
    """Return the shown main window with its templates loaded."""
    yield from shown_window(qtbot, ctx)


@pytest.fixture
def smtp():
    """Run an SMTP server on loopback for the test (``.sink.envelopes``, ``.port``)."""
    from integration.smtp_support import smtp_server

    with smtp_server() as server:
        yield server


@pytest.fixture
def mail_window(qtbot, tmp_path: Path, smtp, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Return the shown window of a data folder whose mail goes to the loopback server."""
    from integration.smtp_support import write_mail_settings

    from desktop.core.i18n import set_ui_language
    from desktop.core.services.context import AppContext

    data = tmp_path / "data"
    write_mail_settings(data, smtp.port)
    monkeypatch.delenv("MISSIVA_DATABASE_URL", raising=False)
    set_ui_language("en")
    yield from shown_window(qtbot, AppContext.create(str(data), clock=lambda: FIXED_NOW))


@pytest.fixture
def p12(ctx, tmp_path: Path) -> Path:
    """Return Ana Ribeiro's PKCS#12 file (password ``signing_support.PASSWORD``)."""
    from signing_support import write_p12

    return write_p12(ctx, tmp_path)
