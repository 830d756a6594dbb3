"""The witness file on its own: linked lines, concurrent appends, damage found by line."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from pathlib import Path

from desktop.core.register.witness import Checkpoint, Witness, WitnessProblem, code_digest

WHEN = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


def _append_many(path: str, tag: int, count: int) -> None:
    witness = Witness(Path(path))
    for number in range(count):
        witness.append(
            [{"seq": tag * 1000 + number, "hash": f"{tag:02d}" * 32, "kind": "append"}], at=WHEN
        )


def test_concurrent_processes_keep_the_witness_linked(tmp_path: Path) -> None:
    """Four processes appending at once: every line is there, numbered and linked in order."""
    path = tmp_path / "register.witness"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(path), t, 25)) for t in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    reading = Witness(path).read()
    assert reading.problems == []
    assert [c.line for c in reading.checkpoints] == list(range(1, 101))
    assert sorted(c.seq for c in reading.checkpoints) == sorted(
        t * 1000 + n for t in range(4) for n in range(25)
    )


def test_witness_finds_files_and_codes(tmp_path: Path) -> None:
    """An append line names its reference, file hashes and code digest."""
    witness = Witness(tmp_path / "w")
    witness.append(
        [
            {
                "seq": 7,
                "hash": "ab" * 32,
                "kind": "append",
                "ref": "OUT-2026-00007",
                "files": ["cd" * 32],
                "code": code_digest("K7QM-4XPA"),
            }
        ],
        at=WHEN,
    )
    found = witness.find_file("CD" * 32)
    assert isinstance(found, Checkpoint)
    assert (found.seq, found.reference) == (7, "OUT-2026-00007")
    assert witness.find_code("k7qm-4xpa") == found
    assert witness.find_file("ef" * 32) is None


def test_damaged_lines_are_named(tmp_path: Path) -> None:
    """Garbage, a removed line and an edited line are each reported with their line number."""
    path = tmp_path / "w"
    witness = Witness(path)
    for seq in range(1, 6):
        witness.append([{"seq": seq, "hash": f"{seq:02d}" * 32, "kind": "append"}], at=WHEN)
    lines = path.read_text(encoding="utf-8").splitlines()
    edited = json.loads(lines[1])
    edited["hash"] = "ff" * 32
    lines[1] = json.dumps(edited, separators=(",", ":"))  # line 2 edited: line 3's link breaks
    del lines[3]  # line 4 removed: line 5 is misnumbered
    lines.append("not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [p for p in Witness(path).scan() if isinstance(p, WitnessProblem)]
    assert [p.line for p in problems] == [3, 4, 6]
    assert "edited or removed" in problems[0].detail
    assert "removed or added" in problems[1].detail
    assert "unreadable" in problems[2].detail
    witness.append([{"seq": 6, "hash": "06" * 32, "kind": "seen"}], at=WHEN)  # still appends
    assert Witness(path).read().checkpoints[-1].seq == 6
