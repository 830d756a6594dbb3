"""Searching a register past the count cap: right pages, exact totals under it, "10,000+" beyond."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert
from typer.testing import CliRunner

from desktop.cli import build_app
from desktop.core.paths import DATABASE_URL_ENV
from desktop.core.register import Entry, Register, SearchFilters, fold, open_register
from desktop.core.register.paging import COUNT_CAP

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
ENTRIES = COUNT_CAP + 2_000  # "common" matches every entry, "rare" one in a hundred and
# "early" only the oldest 3,000 (bunched far from the newest end)


def _row(n: int) -> dict[str, object]:
    words = ["common"]
    if n % 100 == 0:
        words.append("rare")
    if n < 3_000:
        words.append("early")
    subject = " ".join(words)
    reference = f"T-{n:06d}"
    day = dt.date(2016, 1, 1) + dt.timedelta(days=n // 10)
    return {
        "reference": reference,
        "series": "T",
        "period": "",
        "seq": n,
        "direction": "out",
        "kind": "letter",
        "subject": subject,
        "correspondent_name": f"Person {n}",
        "entry_date": day,
        "created_at": NOW,
        "status": "void" if n % 7 == 0 else "issued",
        "search_text": fold(f"{reference} {subject} Person {n}"),
    }


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def register_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Return a register filled once per backend for this module (read-only tests)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'register.sqlite3'}"
        name = ""
    else:
        server = request.getfixturevalue("postgres_server")
        name = f"t_search_{uuid.uuid4().hex[:8]}"
        server.admin(f'CREATE DATABASE "{name}"')
        url = server.url(name)
    reg = open_register(url, clock=lambda: NOW)
    with reg.transaction() as session:
        session.execute(insert(Entry), [_row(n) for n in range(ENTRIES)])
    reg.close()
    yield url
    if name:
        server.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def register(register_url: str) -> Iterator[Register]:
    reg = open_register(register_url, clock=lambda: NOW)
    yield reg
    reg.close()


def _expected(register: Register, filters: SearchFilters, offset: int, limit: int) -> list[int]:
    """Return the ids of one page walking every match newest first (the export path)."""
    ids = [entry.id for entry in register.iter_entries(filters)]
    return ids[offset : offset + limit]


@pytest.mark.parametrize(
    ("words", "status", "count"),
    [
        ("rare", "", ENTRIES // 100),
        ("early", "", 3_000),
        ("early", "void", len([n for n in range(3_000) if n % 7 == 0])),
        ("nothing-like-this", "", 0),
    ],
)
def test_register_search_under_the_cap_is_exact(
    register: Register, words: str, status: str, count: int
) -> None:
    """Under the cap the total is exact and the pages are the newest matches, in order."""
    filters = SearchFilters(text=words, status=status)
    for page in (1, 2):
        rows, total = register.search(filters, page, 50)
        assert total == count and total.exact
        assert total.display() == f"{count:,}"
        assert [e.id for e in rows] == _expected(register, filters, (page - 1) * 50, 50)


@pytest.mark.parametrize("filters", [SearchFilters(text="common"), SearchFilters(status="issued")])
def test_register_search_past_the_cap_says_more(register: Register, filters: SearchFilters) -> None:
    """Past the cap the total is a lower bound shown as 10,000+, and page 1 is still right."""
    rows, total = register.search(filters, 1, 50)
    assert not total.exact
    assert total == COUNT_CAP + 1
    assert total.display() == f"{COUNT_CAP:,}+"
    assert [e.id for e in rows] == _expected(register, filters, 0, 50)


def test_register_search_deep_pages_keep_more_to_fetch(register: Register) -> None:
    """A page beyond the cap still comes back right, with a total above the rows shown so far."""
    filters = SearchFilters(text="common")
    page = COUNT_CAP // 500 + 1  # rows 10,001-10,500
    rows, total = register.search(filters, page, 500)
    assert [e.id for e in rows] == _expected(register, filters, (page - 1) * 500, 500)
    assert total > page * 500 and not total.exact


def test_register_unfiltered_total_stays_exact(register: Register) -> None:
    """The unfiltered list reports every entry, not a capped count."""
    rows, total = register.search(SearchFilters(), 1, 10)
    assert total == ENTRIES and total.exact
    assert [e.reference for e in rows][:2] == [f"T-{ENTRIES - 1:06d}", f"T-{ENTRIES - 2:06d}"]


def test_cli_register_list_shows_capped_total(
    register: Register, register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``register list`` prints "of 10,000+" and its JSON says the total is not exact."""
    monkeypatch.setenv(DATABASE_URL_ENV, register_url)
    runner = CliRunner()
    args = ["register", "list", "--search", "common", "--data-dir", str(tmp_path / "data")]
    result = runner.invoke(build_app(), args)
    assert result.exit_code == 0, result.output
    assert f"1-50 of {COUNT_CAP:,}+ (text “common”)" in result.output
    data = json.loads(runner.invoke(build_app(), [*args, "--json"]).output)
    assert data["total"] == COUNT_CAP + 1 and data["total_exact"] is False
    data = json.loads(runner.invoke(build_app(), [*args[:3], "rare", *args[4:], "--json"]).output)
    assert data["total"] == ENTRIES // 100 and data["total_exact"] is True
