"""PostgreSQL connections in the register's pool: a dead idle one is replaced, not reported."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from desktop.core.register import SearchFilters, db, open_register
from tests.integration.conftest import PostgresServer


def _terminate_others(postgres_server: PostgresServer, url: str) -> None:
    database = url.rsplit("/", 1)[1]
    postgres_server.admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{database}' AND pid <> pg_backend_pid()"
    )


def test_register_pool_replaces_connection_killed_while_idle(
    postgres_server, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the server dropped an idle pooled connection, the next search just works."""
    monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.2)
    register = open_register(postgres_url, clock=lambda: dt.datetime.now(dt.UTC))
    try:
        assert register.search(SearchFilters())[1] == 0
        _terminate_others(postgres_server, postgres_url)
        time.sleep(0.5)
        assert register.search(SearchFilters())[1] == 0
    finally:
        register.close()
