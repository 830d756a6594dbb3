"""Register search takes every character literally on SQLite (FTS5 trigram) and PostgreSQL.

``%`` and ``_`` are not ``LIKE`` wildcards, ``"`` does not break the FTS5 query, and FTS5
operators (``AND``, ``OR``, ``NOT``, ``NEAR``, ``*``, ``^``, ``-``, ``:``, parentheses) are text
to find. Each search is checked against the answer computed in Python from the same rows.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert
from typer.testing import CliRunner

from desktop.cli import build_app
from desktop.core.paths import DATABASE_URL_ENV
from desktop.core.register import Entry, Register, SearchFilters, fold, open_register

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)

SUBJECTS = [
    "Discount of 50% approved",
    "Discount of 500 approved",
    "file_name attached",
    "filexname attached",
    'The "quoted" reply',
    "cats AND dogs",
    "cats and more dogs",
    "cats OR dogs",
    "NOT guilty",
    "NEAR(alpha beta)",
    "alpha beta",
    "prefix* wildcard",
    "prefixes wildcard",
    "^caret start",
    "minus -sign here",
    "column:value pair",
    "column value pair",
    "(parenthesised) words",
    "Silva & Filhos",
    "100% sure",
    "back\\slash path",
    "plain letter",
]


def _row(n: int, subject: str) -> dict[str, object]:
    reference = f"L-{n:04d}"
    return {
        "reference": reference,
        "series": "L",
        "period": "",
        "seq": n,
        "direction": "out",
        "kind": "letter",
        "subject": subject,
        "correspondent_name": "Ana Souza",
        "entry_date": dt.date(2026, 1, 1) + dt.timedelta(days=n),
        "created_at": NOW,
        "status": "issued",
        "search_text": fold(f"{reference} {subject} Ana Souza"),
    }


ROWS = [_row(n, s) for n, s in enumerate(SUBJECTS, start=1)]


def _expected(search: str) -> set[str]:
    """Return the references whose folded text contains every folded word of ``search``."""
    words = fold(search).split()
    if "\x00" in search or any(0xD800 <= ord(c) <= 0xDFFF for c in search):
        return set()
    if not words:
        return {str(r["reference"]) for r in ROWS} if not search.strip() else set()
    return {str(r["reference"]) for r in ROWS if all(w in str(r["search_text"]) for w in words)}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def register_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Return a small register, filled once per backend for this module (read-only tests)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('literal') / 'register.sqlite3'}"
        name = ""
    else:
        server = request.getfixturevalue("postgres_server")
        name = f"t_literal_{uuid.uuid4().hex[:8]}"
        server.admin(f'CREATE DATABASE "{name}"')
        url = server.url(name)
    reg = open_register(url, clock=lambda: NOW)
    with reg.transaction() as session:
        session.execute(insert(Entry), ROWS)
    reg.close()
    yield url
    if name:
        server.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def register(register_url: str) -> Iterator[Register]:
    reg = open_register(register_url, clock=lambda: NOW)
    yield reg
    reg.close()


def _found(register: Register, search: str) -> set[str]:
    rows, total = register.search(SearchFilters(text=search), page_size=1000)
    found = {e.reference for e in rows}
    assert total == len(found) == register.count(SearchFilters(text=search))
    assert {e.reference for e in register.iter_entries(SearchFilters(text=search))} == found
    return found


@pytest.mark.parametrize(
    ("search", "expected_subjects"),
    [
        ("%", ["Discount of 50% approved", "100% sure"]),
        ("50%", ["Discount of 50% approved"]),
        ("%%", []),
        ("_", ["file_name attached"]),
        ("file_name", ["file_name attached"]),
        ('"', ['The "quoted" reply']),
        ('"quoted"', ['The "quoted" reply']),
        ('"quoted', ['The "quoted" reply']),
        ("AND", ["cats AND dogs", "cats and more dogs"]),
        ("cats AND dogs", ["cats AND dogs", "cats and more dogs"]),
        ("cats OR dogs", ["cats OR dogs", "cats and more dogs"]),  # "or" is in "more"
        ("NOT", ["NOT guilty"]),
        ("NEAR(alpha", ["NEAR(alpha beta)"]),
        ("NEAR(alpha beta)", ["NEAR(alpha beta)"]),
        ("prefix*", ["prefix* wildcard"]),
        ("*", ["prefix* wildcard"]),
        ("^caret", ["^caret start"]),
        ("^", ["^caret start"]),
        ("-sign", ["minus -sign here"]),
        ("column:value", ["column:value pair"]),
        (":", ["column:value pair"]),
        ("(parenthesised)", ["(parenthesised) words"]),
        ("(", ["NEAR(alpha beta)", "(parenthesised) words"]),
        ("&", ["Silva & Filhos"]),
        ("\\", ["back\\slash path"]),
        ("back\\slash", ["back\\slash path"]),
        ("\u0301", []),  # folds to nothing: matches nothing, never everything
        ("50\x00", []),  # no entry holds a NUL; PostgreSQL would refuse it as a parameter
        ("\ud800", []),  # a lone surrogate: no driver takes it, no entry holds it
    ],
)
def test_search_is_literal(register: Register, search: str, expected_subjects: list[str]) -> None:
    """Wildcards and operators find exactly the entries holding them as text."""
    by_subject = {str(r["subject"]): str(r["reference"]) for r in ROWS}
    expected = {by_subject[s] for s in expected_subjects}
    assert expected == _expected(search)  # the table above agrees with the plain rule
    assert _found(register, search) == expected


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    search=st.text(
        alphabet=st.sampled_from(list("%_\"*^-:()\\&'.,;!?+=<>[]{}|~`$#@ ANDORNOTNEARabc50")),
        max_size=12,
    )
)
def test_search_matches_the_literal_rule(register: Register, search: str) -> None:
    """Any mix of punctuation and operator words finds what a literal substring test finds."""
    assert _found(register, search) == _expected(search)


def test_cli_search_percent_does_not_list_everything(
    register: Register, register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``register list --search %`` lists the two entries with a percent sign, not all."""
    monkeypatch.setenv(DATABASE_URL_ENV, register_url)
    runner = CliRunner()
    base = ["register", "list", "--data-dir", str(tmp_path / "data"), "--json"]
    result = runner.invoke(build_app(), [*base, "--search", "%"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == 2
    result = runner.invoke(build_app(), [*base, "--search", "50%"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == 1
    assert "50%" in json.dumps(data, ensure_ascii=False)
    result = runner.invoke(build_app(), [*base, "--search", "NEAR(alpha beta)"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["total"] == 1
