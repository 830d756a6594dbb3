"""Benchmark the register on SQLite (and PostgreSQL when pg_ctl is installed); print JSON.

Measures (medians after warm-up): issuing one entry (number + insert, no rendering) on an empty
register and on the large one (right after the bulk load, and once the load is written out);
searches (text, and a status alone) and the first page of the unfiltered list in a register of
1,000,000 entries (bulk-inserted with executemany / COPY, not through the issuing API); CSV and
XLSX export of 100,000 entries (one series in ten). Search totals are shown as the window shows
them ("10,000+" past the count cap).

    uv run python bench/register.py [--entries 1000000] [--no-postgres] [--no-sqlite]
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core.register import Entry, Register, SearchFilters, fold, open_register
from desktop.core.settings import Series

SERIES = tuple(f"S{n}" for n in range(10))
FIRST = ("Ana", "João", "Budi", "Siti", "Maria", "Carlos", "Dewi", "Rafael", "Putri", "Lucas")
LAST = (
    "Silva",
    "Santos",
    "Oliveira",
    "Santoso",
    "Wijaya",
    "Pereira",
    "Costa",
    "Hartono",
    "Lima",
    "Gomes",
    "Saragih",
    "Nasution",
    "Ferreira",
    "Rodrigues",
    "Almeida",
)
TOPICS = (
    "refund",
    "delivery delay",
    "invoice",
    "complaint",
    "warranty",
    "reembolso",
    "cobrança",
    "pengembalian dana",
    "keluhan",
    "contract renewal",
    "address change",
    "cancellation",
)
ORGS = ("Silva & Filhos", "PT Maju Jaya", "Nusantara Logistik", "Casa Bahia", "Acme Ltd", "")
NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
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
    "correspondent_organisation",
    "correspondent_email",
    "author",
    "entry_date",
    "created_at",
    "issued_at",
    "channel",
    "status",
    "search_text",
)


def median_ms(func: Callable[[], object], *, repeat: int, warmup: int = 3) -> float:
    """Return the median wall time of ``func`` in milliseconds after ``warmup`` runs."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def rows(count: int, seed: int = 7) -> Iterator[tuple[object, ...]]:
    """Yield ``count`` synthetic entries (ten series, names and topics in three languages)."""
    rnd = random.Random(seed)
    seqs = dict.fromkeys(SERIES, 0)
    start = dt.date(2016, 1, 1)
    for n in range(count):
        series = SERIES[n % len(SERIES)]
        seqs[series] += 1
        name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
        org = rnd.choice(ORGS)
        subject = f"{rnd.choice(TOPICS).capitalize()} for order {rnd.randint(10000, 99999)}"
        reference = f"{series}-{seqs[series]:07d}"
        day = start + dt.timedelta(days=n * 3650 // count)
        stamp = dt.datetime.combine(day, dt.time(9, 0))
        yield (
            reference,
            series,
            "",
            seqs[series],
            "out",
            "letter",
            "en",
            subject,
            name,
            org,
            f"{name.split()[0].lower()}@example.com",
            "bench",
            day,
            stamp,
            stamp,
            "post",
            "issued",
            fold(f"{reference} {subject} {name} {org}"),
        )


def bulk_sqlite(register: Register, count: int) -> None:
    """Insert ``count`` rows with executemany in one transaction (FTS triggers included)."""
    raw = register.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN")
        sql = f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
        batch: list[tuple[object, ...]] = []
        for row in rows(count):
            batch.append(
                tuple(
                    v.isoformat(sep=" ")
                    if isinstance(v, dt.datetime)
                    else v.isoformat()
                    if isinstance(v, dt.date)
                    else v
                    for v in row
                )
            )
            if len(batch) == 20000:
                cur.executemany(sql, batch)
                batch.clear()
        cur.executemany(sql, batch)
        cur.execute("COMMIT")
        cur.execute("ANALYZE")
    finally:
        raw.close()


def bulk_postgres(register: Register, count: int) -> None:
    """COPY ``count`` rows (trigram index rebuilt afterwards), then VACUUM ANALYZE."""
    raw = register.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("DROP INDEX IF EXISTS ix_entries_search_trgm")
        with cur.copy(f"COPY entries ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows(count):
                copy.write_row(row)
        cur.execute(
            "CREATE INDEX ix_entries_search_trgm ON entries USING gin (search_text gin_trgm_ops)"
        )
        raw.commit()
        raw.driver_connection.autocommit = True  # VACUUM cannot run in a transaction
        cur.execute("VACUUM ANALYZE entries")  # what autovacuum does soon after a bulk load
    finally:
        raw.close()


def settle(register: Register) -> None:
    """Let the database finish writing the bulk load out (a checkpoint), as it would in use."""
    raw = register.engine.raw_connection()
    try:
        if register.dialect == "sqlite":
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            raw.driver_connection.autocommit = True  # type: ignore[union-attr]
            raw.cursor().execute("CHECKPOINT")
    finally:
        raw.close()


def shown_total(total: int) -> str:
    """Return a search total as the window shows it ("10,000+" when counting stopped)."""
    display = getattr(total, "display", None)  # older checkouts return a plain int
    return display() if display else f"{total:,}"


def issue_ms(register: Register, *, repeat: int = 200) -> float:
    """Return the median time to take a number and insert one entry (no rendering)."""
    series = Series(id="BENCH", pattern="B-{year}-{seq:06}")

    def issue() -> None:
        with register.reserve(series) as reservation:
            reservation.record(
                Entry(kind="letter", subject="Refund", correspondent_name="Ana Silva")
            )

    return median_ms(issue, repeat=repeat, warmup=10)


def bench_backend(url: str, entries: int, work: Path) -> dict[str, object]:
    """Run every measurement on one database."""
    result: dict[str, object] = {"entries": entries}
    register = open_register(url, clock=lambda: NOW)
    try:
        result["issue_one_ms_median_empty"] = issue_ms(register)
        start = time.perf_counter()
        (bulk_sqlite if register.dialect == "sqlite" else bulk_postgres)(register, entries)
        result["bulk_insert_s"] = round(time.perf_counter() - start, 1)
        # Right after a bulk load the server is still writing it out (PostgreSQL's checkpoint,
        # SQLite's WAL): a register that grew over years is not. Both figures are kept.
        result["issue_one_ms_median_large_while_load_flushes"] = issue_ms(register, repeat=100)
        settle(register)
        result["issue_one_ms_median_large"] = issue_ms(register, repeat=100)
        searches = {
            "name": SearchFilters(text="santoso"),
            "two_words": SearchFilters(text="maria wijaya"),
            "company": SearchFilters(text="silva & filhos"),
            "reference": SearchFilters(text="S3-0012345"),
            "rare_order": SearchFilters(text="order 12345"),
            "old_entries_only": SearchFilters(text="S1-000"),  # the oldest tenth of one series
            "status_only": SearchFilters(status="issued"),
        }
        result["search_ms_median"] = {
            label: median_ms(lambda f=f: register.search(f, 1, 50), repeat=15)
            for label, f in searches.items()
        }
        result["search_total"] = {
            label: shown_total(register.search(f, 1, 1)[1]) for label, f in searches.items()
        }
        result["first_page_ms_median"] = median_ms(
            lambda: register.search(SearchFilters(), 1, 50), repeat=15
        )
        export = SearchFilters(series=SERIES[3])
        result["export_rows"] = register.count(export)
        start = time.perf_counter()
        register.export_csv(export, work / "export.csv")
        result["export_csv_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        register.export_xlsx(export, work / "export.xlsx")
        result["export_xlsx_s"] = round(time.perf_counter() - start, 2)
    finally:
        register.close()
    return result


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """Start a throw-away PostgreSQL server (as the postgres user when root); yield its URL."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")) or (
        [shutil.which("pg_ctl")] if shutil.which("pg_ctl") else []
    )
    if not found:
        yield None
        return
    bin_dir = Path(found[-1]).parent
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    base = Path(tempfile.mkdtemp(prefix="missiva-bench-pg-"))
    if prefix:
        shutil.chown(base, "postgres", "postgres")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = base / "data"
    try:
        subprocess.run(
            [
                *prefix,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c maintenance_work_mem=256MB"
        subprocess.run(
            [
                *prefix,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(base / "log"),
                "-w",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    report: dict[str, object] = {
        "targets": {
            "issue_one_ms": 5,
            "search_ms": 100,
            "first_page_ms": 50,
            "export_csv_100k_s": 3,
            "export_xlsx_100k_s": 20,
        },
    }
    with tempfile.TemporaryDirectory(prefix="missiva-bench-") as tmp:
        work = Path(tmp)
        report["sqlite"] = bench_backend(
            f"sqlite:///{work / 'register.sqlite3'}", args.entries, work
        )
        if not args.no_postgres:
            with postgres_server() as url:
                report["postgresql"] = (
                    bench_backend(url, args.entries, work) if url else "pg_ctl not installed"
                )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
