"""The correspondence register: numbering series, entries, hash chain, search and exports.

Open it with :func:`open_register` (migrations run to head automatically). The ORM models live in
:mod:`desktop.core.register.models`; the numbering pattern engine in
:mod:`desktop.core.register.numbering`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from desktop.core.register.chain import ChainReport, Problem
from desktop.core.register.codes import (
    add_working_days,
    fold,
    new_verification_code,
    normalise_code,
)
from desktop.core.register.db import make_engine, migrate
from desktop.core.register.models import (
    ChainHead,
    Counter,
    Entry,
    OutboxMessage,
    OutputFile,
    StatusChange,
)
from desktop.core.register.numbering import NumberContext, format_reference, month_roman, period_key
from desktop.core.register.search import SearchFilters
from desktop.core.register.store import INCOMING_SERIES, Register, Reservation
from desktop.core.register.witness import WITNESS_NAME, Witness

__all__ = [
    "INCOMING_SERIES",
    "WITNESS_NAME",
    "ChainHead",
    "ChainReport",
    "Counter",
    "Entry",
    "NumberContext",
    "OutboxMessage",
    "OutputFile",
    "Problem",
    "Register",
    "Reservation",
    "SearchFilters",
    "StatusChange",
    "Witness",
    "add_working_days",
    "fold",
    "format_reference",
    "month_roman",
    "new_verification_code",
    "normalise_code",
    "open_register",
    "period_key",
]


def open_register(
    url: str, *, clock: Callable[[], dt.datetime], witness: Path | None = None
) -> Register:
    """Open (and migrate to the newest schema) the register at ``url``.

    Args:
        url: ``sqlite:///path/register.sqlite3`` or ``postgresql://...`` (``MISSIVA_DATABASE_URL``).
        clock: returns the current time (aware); injected so tests control dates and periods.
        witness: this desk's witness file (``<data>/register.witness``, decision 0015); it is
            started at the current chain head if it does not exist yet.
    """
    engine = make_engine(url)
    migrate(engine)
    register = Register(engine, clock=clock, witness=Witness(witness) if witness else None)
    register.start_witness()
    return register
