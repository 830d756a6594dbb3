"""Register migrations: from an empty database and from the previous schema revision."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, text

from desktop.core.register import Entry, SearchFilters, StatusChange, open_register
from desktop.core.register.chain import entry_digest, history_digest
from desktop.core.register.db import current_revision, head_revision, make_engine, migrate

WHEN = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


def test_register_migrates_empty_database(register_url: str) -> None:
    """Opening an empty database creates every table at the newest revision."""
    register = open_register(register_url, clock=lambda: WHEN)
    try:
        tables = set(inspect(register.engine).get_table_names())
        assert {
            "entries",
            "status_changes",
            "output_files",
            "counters",
            "chain_head",
            "outbox",
        } <= tables
        assert current_revision(register.engine) == head_revision()
    finally:
        register.close()


def test_register_open_twice_is_a_no_op(register_url: str) -> None:
    """Opening an up-to-date register again changes nothing."""
    open_register(register_url, clock=lambda: WHEN).close()
    register = open_register(register_url, clock=lambda: WHEN)
    assert current_revision(register.engine) == head_revision()
    register.close()


def test_register_upgrades_from_previous_revision_with_data(register_url: str) -> None:
    """An entry written under revision 0001 survives the upgrade, is searchable and verifies."""
    engine = make_engine(register_url)
    migrate(engine, "0001")
    assert "outbox" not in inspect(engine).get_table_names()
    old = Entry(
        reference="OUT-2026-00001",
        series="OUT",
        period="2026",
        seq=1,
        direction="out",
        kind="letter",
        template_id="",
        template_hash="",
        language="pt-BR",
        subject="Ofício sobre o reembolso",
        correspondent_name="João da Silva",
        correspondent_organisation="",
        correspondent_address="",
        correspondent_email="",
        author="ana",
        signatory="",
        entry_date=dt.date(2026, 11, 22),
        created_at=WHEN,
        issued_at=WHEN,
        channel="post",
        verification_code="ABCD-EFGH",
        chain_seq=1,
    )
    old.entry_hash = entry_digest(old, [], "")
    stamp = WHEN.replace(tzinfo=None) if engine.dialect.name == "sqlite" else WHEN
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO entries (reference, series, period, seq, direction, kind, language, subject, "
                "correspondent_name, author, entry_date, created_at, issued_at, channel, status, "
                "verification_code, chain_seq, prev_hash, entry_hash) VALUES (:ref, 'OUT', '2026', 1, 'out', "
                "'letter', 'pt-BR', :subject, :name, 'ana', :day, :at, :at, 'post', 'issued', 'ABCD-EFGH', 1, '', :hash)"
            ),
            {
                "ref": old.reference,
                "subject": old.subject,
                "name": old.correspondent_name,
                "day": dt.date(2026, 11, 22),
                "at": stamp,
                "hash": old.entry_hash,
            },
        )
        change = StatusChange(
            entry_id=1,
            from_status="",
            to_status="issued",
            note="",
            changed_at=WHEN,
            changed_by="ana",
        )
        conn.execute(
            text(
                "INSERT INTO status_changes (entry_id, from_status, to_status, note, changed_at, "
                "changed_by, row_hash) VALUES (1, '', 'issued', '', :at, 'ana', :h)"
            ),
            {"at": stamp, "h": history_digest(change, "")},
        )
        conn.execute(
            text("UPDATE chain_head SET last_seq = 1, last_hash = :h"), {"h": old.entry_hash}
        )
        conn.execute(text("INSERT INTO counters (series, period, value) VALUES ('OUT', '2026', 1)"))
    engine.dispose()

    register = open_register(register_url, clock=lambda: WHEN)
    try:
        assert current_revision(register.engine) == head_revision()
        rows, total = register.search(SearchFilters(text="joao silva"))
        assert total == 1 and rows[0].reference == "OUT-2026-00001"
        assert register.search(SearchFilters())[1] == 1
        assert register.verify_chain(check_files=False).problems == ()
    finally:
        register.close()
