"""An unknown register reference: a sentence, and a hint that never names what was typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.core.errors import RegisterError
from desktop.core.register import open_register
from desktop.core.register.models import Entry

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def register(tmp_path: Path):
    reg = open_register(f"sqlite:///{tmp_path / 'r.sqlite3'}", clock=lambda: NOW)
    yield reg
    reg.engine.dispose()


def _error(call, *args) -> RegisterError:
    with pytest.raises(RegisterError) as info:
        call(*args)
    return info.value


def test_empty_register_says_so(register) -> None:
    """No entries: the hint says the register is empty, not an example reference."""
    error = _error(register.get, "IN-2026-00001")
    assert error.message == "No register entry 'IN-2026-00001'."
    assert error.hint == "The register has no entries yet."


def test_close_reference_is_suggested_never_the_typed_one(register) -> None:
    """A near miss suggests the real reference; the typed one is never offered back."""
    first = register.add_incoming(Entry(subject="a", correspondent_name="A"))
    second = register.add_incoming(Entry(subject="b", correspondent_name="B"))
    assert first.reference and second.reference
    typo = second.reference.replace("IN-", "IM-")
    error = _error(register.get, typo)
    assert f"'{second.reference}'" in (error.hint or "") and typo not in (error.hint or "")
    far = "OUT-1999-99999"
    for call in (register.get, register.void):
        args = (far,) if call == register.get else (far, "wrong")
        error = _error(call, *args)
        assert error.message == f"No register entry '{far}'."
        assert far not in (error.hint or "") and second.reference in (error.hint or "")
    assert error.describe().startswith(f"No register entry '{far}'. ")
