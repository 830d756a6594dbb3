"""Issuing and exporting never overwrite a file (decision 0015).

Two registers (two data folders, separate databases) issue the same references with the same
correspondents into one output folder at the same time, from separate processes: every letter
gets its own file, and each register still verifies its own. A file already where a letter or
an incoming copy would go gets a distinct name instead; an export onto an existing file is
refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from gate_support import proofed, small_letter
from typer.testing import CliRunner

from desktop.cli import build_app
from desktop.core.delivery import export_eml
from desktop.core.errors import DeliveryError, RegisterError
from desktop.core.paths import DATABASE_URL_ENV
from desktop.core.register import SearchFilters, files
from desktop.core.register.files import recover_temp_files, write_temp
from desktop.core.services.context import AppContext
from desktop.core.services.issuing import issue_document, record_incoming

WHEN = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
FOREIGN = b"somebody else's file: must survive\n"


letter = small_letter


@pytest.fixture
def ctx(register_url: str, tmp_path: Path) -> Iterator[AppContext]:
    context = AppContext.create(
        str(tmp_path / "data"), clock=lambda: WHEN, database_url=register_url
    )
    yield context
    context.register.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_existing_file_gets_a_distinct_name(ctx: AppContext) -> None:
    """A foreign file at the letter's name stays; the letter is "… (2).pdf", as registered."""
    folder = ctx.paths.output_dir / "2026" / "OUT"
    folder.mkdir(parents=True)
    taken = folder / "OUT-2026-00001 Silva & Filhos.pdf"
    taken.write_bytes(FOREIGN)
    (folder / "OUT-2026-00001 Silva & Filhos (2).pdf").write_bytes(FOREIGN)
    result = issue_document(
        ctx, letter("Silva & Filhos"), decision=proofed(ctx, letter("Silva & Filhos"))
    )
    (issued,) = result.files
    assert issued.path.name == "OUT-2026-00001 Silva & Filhos (3).pdf"
    assert taken.read_bytes() == FOREIGN
    assert ctx.register.get(result.reference).files[0].path == str(issued.path)
    assert ctx.register.check_file(issued.path).result == "genuine"
    report = ctx.register.verify_chain(folders=(ctx.paths.output_dir,))
    # the register's own file is intact; the two foreign files are named as not registered
    assert sorted(p.kind for p in report.problems) == ["unregistered_file"] * 2
    assert not [n for n in os.listdir(folder) if files.TEMP_PREFIX in n]


def test_incoming_copy_gets_a_distinct_name(ctx: AppContext, tmp_path: Path) -> None:
    """The copy of an incoming item never replaces a file already at its name."""
    folder = ctx.paths.incoming_dir / "2026"
    folder.mkdir(parents=True)
    taken = folder / "IN-2026-00001 Ana.pdf"
    taken.write_bytes(FOREIGN)
    scan = tmp_path / "scan.PDF"
    scan.write_bytes(b"%PDF-1.4 scan")
    entry = record_incoming(ctx, sender="Ana", subject="Refund", file=scan)
    assert Path(entry.files[0].path).name == "IN-2026-00001 Ana (2).pdf"
    assert Path(entry.files[0].path).read_bytes() == b"%PDF-1.4 scan"
    assert taken.read_bytes() == FOREIGN


_DESK = r"""
import datetime as dt, sys, time
from pathlib import Path
from desktop.core.models import Document, Paragraph, Run
from desktop.core.services.context import AppContext
from desktop.core.proofing import gate
from desktop.core.services.issuing import issue_document

data_dir, url, out, start, count = sys.argv[1], sys.argv[2], Path(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
ctx = AppContext.create(data_dir, clock=lambda: dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC), database_url=url)
ctx.register  # open and migrate before the start
tag = Path(data_dir).name
docs = [
    Document(kind="letter", language="en", template_id="t", title="T", subject="Refund",
             date=dt.date(2026, 11, 22), body=(Paragraph((Run(f"Letter {number} from {tag}."),)),),
             series="OUT", recipient=("Silva",), correspondent_name="Silva")
    for number in range(count)
]
decisions = [gate(ctx.proofer.check_document(doc), "test letter") for doc in docs]  # before start
while time.time() < start:
    time.sleep(0.005)
for doc, decision in zip(docs, decisions):
    issue_document(ctx, doc, formats=("pdf", "txt"), out_dir=out, decision=decision)
"""


def test_two_registers_issue_the_same_names_into_one_folder(
    register_url: str, tmp_path: Path
) -> None:
    """Two registers, same references and names, one folder, at once: nothing overwritten.

    One register is ``register_url`` (SQLite or PostgreSQL), the other a SQLite file of its
    own. A foreign file holds the first letter's name from the start.
    """
    out = tmp_path / "shared"
    out.mkdir()
    foreign = out / "OUT-2026-00001 Silva.pdf"
    foreign.write_bytes(FOREIGN)
    desks = [
        (tmp_path / "desk-a", register_url),
        (tmp_path / "desk-b", f"sqlite:///{tmp_path / 'desk-b-db' / 'register.sqlite3'}"),
    ]
    count = 5
    start = time.time() + 8  # both processes have imported and opened their register by then
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _DESK, str(d), url, str(out), str(start), str(count)],
            stderr=subprocess.PIPE,
        )
        for d, url in desks
    ]
    for child in children:
        _out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err.decode()
    assert foreign.read_bytes() == FOREIGN
    names = sorted(n for n in os.listdir(out))
    assert not [n for n in names if files.TEMP_PREFIX in n]
    assert len(names) == 1 + 2 * 2 * count  # the foreign file, and a PDF and a TXT per letter
    claimed: set[Path] = set()
    for data_dir, url in desks:
        desk = AppContext.create(str(data_dir), clock=lambda: WHEN, database_url=url)
        try:
            report = desk.register.verify_chain()
            assert report.ok, report.problems
            assert report.files_checked == 2 * count
            entries, _total = desk.register.search(SearchFilters(), page_size=100)
            for entry in entries:
                paths = [Path(f.path) for f in entry.files]
                assert {p.parent for p in paths} == {out}
                stems = {p.name.split(".")[0] for p in paths}
                assert len(stems) == 1  # the PDF and the TXT of a letter share their number
                claimed.update(paths)
                for item in entry.files:
                    assert _sha(Path(item.path)) == item.sha256
        finally:
            desk.register.close()
    assert claimed == {out / n for n in names} - {foreign}


def test_recovery_removes_a_killed_issuers_link_not_a_foreign_file(
    ctx: AppContext, tmp_path: Path
) -> None:
    """Killed after naming its file but before the commit: both names go, nothing else."""
    ctx.register  # noqa: B018 - open (and migrate) first
    out = tmp_path / "out"
    out.mkdir()
    dead = f".~missiva-{files._host_tag()}-999999999-0badcafe.tmp"
    temp = write_temp(out / f"OUT-2026-00001 Ana.pdf{dead}", b"%PDF never committed").path
    final = out / "OUT-2026-00001 Ana.pdf"
    os.link(temp, final)
    other = out / "OUT-2026-00001 Ana (2).pdf"
    other.write_bytes(b"%PDF never committed")  # same bytes, another file: not ours to remove
    assert recover_temp_files(ctx.register, out) == []
    assert sorted(os.listdir(out)) == [other.name]


def test_register_export_refuses_an_existing_file(
    ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``register export --out`` onto an existing file is refused and the file is kept."""
    issue_document(ctx, letter("Ana"), formats=("txt",), decision=proofed(ctx, letter("Ana")))
    for fmt in ("csv", "xlsx", "pdf"):
        target = tmp_path / f"register.{fmt}"
        target.write_bytes(FOREIGN)
        with pytest.raises(RegisterError, match="already exists"):
            ctx.register.export(fmt, SearchFilters(), target)
        assert target.read_bytes() == FOREIGN
        fresh = tmp_path / "new" / f"register.{fmt}"
        assert ctx.register.export(fmt, SearchFilters(), fresh) == 1
        assert fresh.stat().st_size > 0
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]
    monkeypatch.setenv(DATABASE_URL_ENV, ctx.database_url)
    result = CliRunner().invoke(
        build_app(),
        [
            "register",
            "export",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "register.csv"),
            "--data-dir",
            str(ctx.paths.data_dir),
        ],
    )
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert (tmp_path / "register.csv").read_bytes() == FOREIGN


def test_export_eml_refuses_an_existing_file(tmp_path: Path) -> None:
    """An .eml export onto an existing file is refused; a new name is written."""
    target = tmp_path / "message.eml"
    target.write_bytes(FOREIGN)
    with pytest.raises(DeliveryError, match="already exists"):
        export_eml(b"Subject: x\r\n\r\nbody", target)
    assert target.read_bytes() == FOREIGN
    assert (
        export_eml(b"Subject: x\r\n\r\nbody", tmp_path / "other").read_bytes().startswith(b"Subj")
    )
    assert sorted(os.listdir(tmp_path)) == ["message.eml", "other.eml"]
