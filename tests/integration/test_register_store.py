"""The register on SQLite and PostgreSQL: numbering, preview, status history, lookup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from desktop.core.errors import RegisterError
from desktop.core.register import Entry, Register, SearchFilters, open_register
from desktop.core.register.models import STATUSES
from desktop.core.settings import Series

OUT = Series(id="OUT", pattern="OUT-{year}-{seq:05}", reset="yearly")


def local(year: int, month: int, day: int, hour: int) -> dt.datetime:
    """Return an aware time on that local date (periods follow the local calendar)."""
    return dt.datetime(year, month, day, hour, 0).astimezone()


class Clock:
    """A settable clock (the only thing these tests mock)."""

    def __init__(self, when: dt.datetime) -> None:
        self.when = when

    def __call__(self) -> dt.datetime:
        return self.when


@pytest.fixture
def clock() -> Clock:
    return Clock(local(2026, 11, 22, 10))


@pytest.fixture
def register(register_url: str, clock: Clock) -> Iterator[Register]:
    reg = open_register(register_url, clock=clock)
    yield reg
    reg.close()


def _issue(register: Register, series: Series = OUT, **fields: object) -> Entry:
    with register.reserve(series) as reservation:
        return reservation.record(Entry(kind="letter", subject="Refund", **fields))


def test_register_numbers_follow_the_pattern(register: Register) -> None:
    """Consecutive issues get consecutive references from the series pattern."""
    refs = [_issue(register).reference for _ in range(3)]
    assert refs == ["OUT-2026-00001", "OUT-2026-00002", "OUT-2026-00003"]


def test_register_preview_does_not_consume(register: Register) -> None:
    """Previewing the next reference twice never takes a number."""
    assert register.preview_next_reference(OUT) == "OUT-2026-00001"
    assert register.preview_next_reference(OUT) == "OUT-2026-00001"
    assert _issue(register).reference == "OUT-2026-00001"
    assert register.preview_next_reference(OUT) == "OUT-2026-00002"


def test_register_rollback_consumes_no_number(register: Register) -> None:
    """An exception inside reserve() rolls back the number and writes no entry."""
    with pytest.raises(RuntimeError), register.reserve(OUT) as reservation:
        reservation.record(Entry(kind="letter", subject="x"))
        raise RuntimeError("boom")
    assert register.find("OUT-2026-00001") is None
    assert _issue(register).reference == "OUT-2026-00001"


def test_register_yearly_reset_across_year_boundary(register: Register, clock: Clock) -> None:
    """A yearly series starts again at 1 on 1 January (by the injected clock)."""
    clock.when = local(2026, 12, 31, 12)
    assert _issue(register).reference == "OUT-2026-00001"
    assert _issue(register).reference == "OUT-2026-00002"
    clock.when = local(2027, 1, 1, 12)
    assert _issue(register).reference == "OUT-2027-00001"


def test_register_monthly_reset_across_year_boundary(register: Register, clock: Clock) -> None:
    """A monthly series restarts every month, including December to January."""
    chat = Series(id="CHAT", pattern="CHAT-{yy}{month}-{seq:04}", reset="monthly")
    clock.when = local(2026, 12, 30, 12)
    assert [_issue(register, chat).reference for _ in range(2)] == [
        "CHAT-2612-0001",
        "CHAT-2612-0002",
    ]
    clock.when = local(2027, 1, 2, 12)
    assert _issue(register, chat).reference == "CHAT-2701-0001"


def test_register_roman_month_in_reference(register: Register) -> None:
    """The CS pattern prints the unit and the month in Roman numerals."""
    cs = Series(id="CS", pattern="{seq:03}/{unit}/{month_roman}/{year}", unit="CS")
    assert _issue(register, cs).reference == "001/CS/XI/2026"


def test_register_void_keeps_number_and_reason(register: Register) -> None:
    """A voided entry keeps its reference; the reason is in its history."""
    entry = _issue(register)
    voided = register.void(entry.reference or "", "sent to the wrong customer")
    assert voided.reference == "OUT-2026-00001"
    assert voided.status == "void"
    assert [h.to_status for h in voided.history] == ["issued", "void"]
    assert voided.history[-1].note == "sent to the wrong customer"
    assert _issue(register).reference == "OUT-2026-00002"


def test_register_void_requires_reason(register: Register) -> None:
    """Voiding without a reason is refused."""
    entry = _issue(register)
    with pytest.raises(RegisterError):
        register.void(entry.reference or "", "  ")


def test_register_void_is_final(register: Register) -> None:
    """A void entry cannot be marked sent afterwards."""
    entry = _issue(register)
    register.void(entry.id, "duplicate")
    with pytest.raises(RegisterError, match="cannot become"):
        register.set_status(entry.id, "sent")


def test_register_find_by_code_is_forgiving(register: Register) -> None:
    """A code typed in lower case without the dash finds its entry."""
    entry = _issue(register)
    code = entry.verification_code or ""
    found = register.find_by_code(code.replace("-", "").lower())
    assert found is not None and found.id == entry.id


def test_register_draft_has_no_number(register: Register) -> None:
    """Drafts are saved without a reference and do not consume numbers."""
    draft_id = register.add_draft(Entry(kind="letter", subject="Draft"))
    assert register.get(draft_id).reference is None
    assert register.get(draft_id).status == "draft"
    assert _issue(register).reference == "OUT-2026-00001"


def test_register_incoming_gets_its_own_series(register: Register) -> None:
    """Incoming items are numbered IN-<year>-<n> and start as received."""
    entry = register.add_incoming(
        Entry(kind="letter", subject="Complaint", correspondent_name="Ana")
    )
    assert entry.reference == "IN-2026-00001"
    assert entry.status == "received"


def test_register_text_search_fast_path_matches_general_path(register: Register) -> None:
    """A text-only search (FTS fast path on SQLite) finds what the filtered query finds."""
    for name in ("Silva & Filhos", "João Silva", "Budi Santoso", "Ana Lima", "Silvana Costa"):
        _issue(register, correspondent_name=name)
    register.add_draft(Entry(kind="letter", subject="Draft for Silva"))
    for query in ("silva", "SILVA & filhos", "joao", "sil", "xyz"):
        fast, total = register.search(SearchFilters(text=query))
        general, general_total = register.search(SearchFilters(text=query, statuses=STATUSES))
        assert [e.id for e in fast] == [e.id for e in general]
        assert total == general_total
    names = {e.correspondent_name for e in register.search(SearchFilters(text="silva"))[0]}
    assert names == {"Silva & Filhos", "João Silva", "Silvana Costa", ""}


def test_register_search_filters_combine(register: Register) -> None:
    """Direction, status, text and pages combine; totals count every match."""
    for n in range(5):
        _issue(register, correspondent_name=f"Customer {n}")
    register.add_incoming(
        Entry(kind="letter", subject="Refund request", correspondent_name="Customer 9")
    )
    register.void("OUT-2026-00002", "duplicate")
    rows, total = register.search(
        SearchFilters(direction="out", status="issued"), page=1, page_size=2
    )
    assert total == 4 and [e.reference for e in rows] == ["OUT-2026-00005", "OUT-2026-00004"]
    rows, total = register.search(
        SearchFilters(direction="out", status="issued"), page=2, page_size=2
    )
    assert [e.reference for e in rows] == ["OUT-2026-00003", "OUT-2026-00001"]
    assert register.search(SearchFilters(direction="in", text="refund"))[1] == 1
    assert register.search(SearchFilters(correspondent="customer 3"))[1] == 1


def test_register_unfiltered_total_follows_inserts_and_deletes(register: Register) -> None:
    """The total of the unfiltered list stays exact through drafts, deletions and rollbacks."""
    for _ in range(3):
        _issue(register)
    drafts = [register.add_draft(Entry(kind="letter", subject=f"Draft {n}")) for n in range(2)]
    register.delete_draft(drafts[0])
    with pytest.raises(RuntimeError), register.reserve(OUT) as reservation:
        reservation.record(Entry(kind="letter", subject="rolled back"))
        raise RuntimeError("boom")
    assert register.search(SearchFilters())[1] == 4
    assert register.search(SearchFilters(statuses=STATUSES))[1] == 4


def _raw_rows(register: Register, table: str, entry_id: int) -> list[dict[str, object]]:
    """Return the rows of ``table`` for one entry as the database holds them (JSON as text)."""
    key = "id" if table == "entries" else "entry_id"
    with register.engine.connect() as conn:
        columns = [c["name"] for c in sa.inspect(conn).get_columns(table)]
        listed = ", ".join(f"CAST({c} AS TEXT) AS {c}" for c in columns)
        rows = conn.execute(
            sa.text(f"SELECT {listed} FROM {table} WHERE {key} = :id ORDER BY id"),
            {"id": entry_id},
        )
        return [dict(row._mapping) for row in rows]


_OWN = {"id", "entry_id", "reference", "seq", "chain_seq", "prev_hash", "entry_hash"}
_OWN |= {"verification_code", "row_hash", "created_at", "issued_at", "changed_at", "search_text"}


def test_register_append_writes_the_rows_the_orm_flush_writes(register: Register) -> None:
    """Entries appended with prepared statements equal ones the ORM's unit of work writes.

    Each pair differs only in what is the entry's own (id, number, hashes, times, code); a
    JSON column never set stays SQL NULL and one set to None holds JSON ``null``, as with the
    ORM. The ORM rows are written in the same register by SQLAlchemy's session (the oracle).
    """
    from desktop.core.register.models import OutputFile, StatusChange

    def fields() -> dict[str, object]:
        return {"kind": "letter", "subject": "Refund", "correspondent_name": "Silva & Filhos"}

    cases: list[dict[str, object]] = [
        {},
        {"content": None, "proofing_summary": {"by_severity": {"error": 0}}},
        {"content": {"text": "=SUM(A1) {{ 7*7 }}"}, "override_reason": "checked"},
    ]
    for number, extra in enumerate(cases):
        ours = Entry(**fields(), **extra)
        ours.files.append(OutputFile(format="pdf", path="/x/a.pdf", sha256="a" * 64, size=3))
        with register.reserve(OUT) as reservation:
            reservation.record(ours, status="issued", note="n")
        theirs = Entry(**fields(), **extra)
        theirs.files.append(OutputFile(format="pdf", path="/x/a.pdf", sha256="a" * 64, size=3))
        with register.transaction() as session:
            register._prepare(theirs)  # what append does before writing
            theirs.status, theirs.series, theirs.period = "issued", OUT.id, "2026"
            theirs.issued_at = theirs.created_at
            theirs.verification_code = f"ORM-{number}"
            session.add(theirs)
            session.flush()
            session.add(
                StatusChange(
                    entry_id=theirs.id,
                    to_status="issued",
                    note="n",
                    changed_at=register.now(),
                    changed_by=ours.author,
                )
            )
        for table in ("entries", "output_files", "status_changes"):
            mine = [
                {k: v for k, v in row.items() if k not in _OWN}
                for row in _raw_rows(register, table, ours.id)
            ]
            orm = [
                {k: v for k, v in row.items() if k not in _OWN}
                for row in _raw_rows(register, table, theirs.id)
            ]
            assert mine == orm, (table, extra)
    content = [
        _raw_rows(register, "entries", e.id)[0]["content"]
        for e in register.search(SearchFilters(), page=1, page_size=10)[0]
    ]
    assert None in content and "null" in content
